import { evaluateGuidance, type Guidance } from '../guidance/careRules.js';
import type { Profile } from '../profile/profile.js';
import { createMatcher, type Matcher, type MatchResult } from './matcher.js';
import type { Catalog, Program } from './schema.js';

/** The part of CatalogStore the suggester needs (so tests can pass a plain list). */
export interface ProgramSource {
  programs(): readonly Program[];
  catalog(): Pick<Catalog, 'meta'>;
  onReload?(listener: (catalog: Catalog) => void): () => void;
}

export interface Suggestions {
  guidance: Guidance;
  result: MatchResult;
  /** True when the catalog is fictional sample data, which must be said to the person. */
  sample: boolean;
}

/**
 * Turns a profile into guidance and ranked programs. The matcher's index is built once
 * per catalog version and rebuilt when the store reloads the file.
 */
export class ProgramSuggester {
  private matcher: Matcher;

  constructor(
    private readonly source: ProgramSource,
    private readonly options: { maxDistanceMiles: number; helplineNumber: string },
  ) {
    this.matcher = createMatcher(source.programs());
    source.onReload?.((catalog) => {
      this.matcher = createMatcher(catalog.programs);
    });
  }

  /** Up to `limit` programs, skipping the first `offset` (for "Show more"). */
  suggest(profile: Profile, page: { offset?: number; limit?: number } = {}): Suggestions {
    const offset = page.offset ?? 0;
    const limit = page.limit ?? 3;
    const guidance = evaluateGuidance(profile, undefined, { helplineNumber: this.options.helplineNumber });
    const result = this.matcher.match(profile, guidance, { maxDistanceMiles: this.options.maxDistanceMiles, limit: Math.min(offset + limit, 50) });
    return {
      guidance,
      result: { ...result, matches: result.matches.slice(offset, offset + limit) },
      sample: this.source.catalog().meta.sample,
    };
  }
}
