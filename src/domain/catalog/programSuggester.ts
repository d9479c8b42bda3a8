import { evaluateGuidance, type Guidance } from '../guidance/careRules.js';
import type { Gender, Profile } from '../profile/profile.js';
import { createMatcher, WIDER_DISTANCES_MILES, type Matcher, type MatchResult } from './matcher.js';
import type { ReasonTexts } from './reasons.js';
import type { Catalog, Program } from './schema.js';

/** Whether the catalog has anything for a place: in person within reach, or telehealth licensed in its state. */
export interface ListingsNear {
  /** Only whether programs exist: `words` (the reasons' texts) may be left out. */
  noneNear(profile: Profile, words?: ReasonTexts): boolean;
}

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
export class ProgramSuggester implements ListingsNear {
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

  /**
   * True when the place is known and nothing is listed within the widest distance the search
   * would loosen to, nor by telehealth in its state, whatever else the person needs.
   */
  /** The radius searched first, before any "closer" or loosening. */
  get maxDistanceMiles(): number {
    return this.options.maxDistanceMiles;
  }

  noneNear(profile: Profile, words?: ReasonTexts): boolean {
    if (!profile.location) return false;
    const open: Profile = { location: profile.location, format: 'either', ...(profile.ageGroup ? { ageGroup: profile.ageGroup } : {}) };
    const guidance = evaluateGuidance({ careStage: 'finished_detox' }, undefined, { helplineNumber: this.options.helplineNumber });
    const widest = Math.max(this.options.maxDistanceMiles, ...WIDER_DISTANCES_MILES);
    return this.matcher.match(open, guidance, { maxDistanceMiles: widest, limit: 1, ignoreGender: true }, words).matches.length === 0;
  }

  /**
   * Whether saying their gender would change the first programs shown: a men's or a women's
   * program would rank among them for a man or a woman. Only then is gender asked.
   */
  gendersDiffer(profile: Profile, page: { maxDistanceMiles?: number } = {}): boolean {
    if (profile.gender !== undefined) return false;
    const guidance = evaluateGuidance(profile, undefined, { helplineNumber: this.options.helplineNumber });
    const maxDistanceMiles = page.maxDistanceMiles ?? this.options.maxDistanceMiles;
    const shown = (gender?: Gender): string =>
      this.matcher
        .match(gender ? { ...profile, gender } : profile, guidance, { maxDistanceMiles, limit: 3 })
        .matches.map((m) => m.program.id)
        .join();
    const unsaid = shown();
    return shown('woman') !== unsaid || shown('man') !== unsaid;
  }

  /** Up to `limit` programs, skipping the first `offset` (for "Show more"); `maxDistanceMiles` for "closer". */
  /** The reasons and notes are written in `words` (one locale's "reasons" texts). */
  suggest(profile: Profile, page: { offset?: number; limit?: number; maxDistanceMiles?: number }, words: ReasonTexts): Suggestions {
    const offset = page.offset ?? 0;
    const limit = page.limit ?? 3;
    const guidance = evaluateGuidance(profile, undefined, { helplineNumber: this.options.helplineNumber });
    const maxDistanceMiles = page.maxDistanceMiles ?? this.options.maxDistanceMiles;
    const result = this.matcher.match(profile, guidance, { maxDistanceMiles, limit: Math.min(offset + limit, 50) }, words);
    return {
      guidance,
      result: { ...result, matches: result.matches.slice(offset, offset + limit) },
      sample: this.source.catalog().meta.sample,
    };
  }
}
