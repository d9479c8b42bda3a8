import type { Location } from '../profile/profile.js';
import { MeetingIndex, type MeetingHit, type MeetingQuery, type MeetingWhen } from './search.js';
import type { MeetingStore } from './store.js';

/**
 * The meeting search in service: the store's meetings indexed, the index rebuilt when the
 * store reloads. What a search asked for or found is never kept here (or logged).
 */

const ONLINE_LATER_BY_MINUTES = 180;

export interface FindMeetings {
  location?: Location;
  online: boolean;
  inPersonOnly?: boolean;
  when: MeetingWhen;
  types: readonly string[];
  /** Type codes to leave out: a meeting for one gender is not shown to a person of another. */
  withoutTypes?: readonly string[];
  fellowship?: string;
  limit: number;
  offset?: number;
}

export interface FoundMeetings {
  hits: MeetingHit[];
  /** More past these (for a "show more" button). */
  more: boolean;
  /** The fellowship asked for had nothing, so any fellowship was searched. */
  droppedFellowship: boolean;
  sample: boolean;
}

export class MeetingFinder {
  #index: MeetingIndex;
  #sample: boolean;

  constructor(
    private readonly store: Pick<MeetingStore, 'current' | 'onReload'>,
    readonly radiusMiles: number,
  ) {
    this.#index = new MeetingIndex(store.current().meetings);
    this.#sample = store.current().meta.sample;
    store.onReload((file) => {
      this.#index = new MeetingIndex(file.meetings);
      this.#sample = file.meta.sample;
    });
  }

  get size(): number {
    return this.#index.size;
  }

  /** The person's time zone, as the zone of the meetings nearest to them (undefined without a place or nearby meetings). */
  zoneNear(location: Location | undefined): string | undefined {
    return location ? this.#index.zoneNear(location.latitude, location.longitude) : undefined;
  }

  find(request: FindMeetings, now: Date): FoundMeetings {
    const query: MeetingQuery = {
      ...(request.location ? { near: { latitude: request.location.latitude, longitude: request.location.longitude } } : {}),
      radiusMiles: this.radiusMiles,
      mode: request.inPersonOnly ? 'in_person' : request.online || !request.location ? 'online' : 'any',
      when: request.when,
      types: request.types,
      ...(request.withoutTypes && request.withoutTypes.length > 0 ? { withoutTypes: request.withoutTypes } : {}),
      ...(request.fellowship ? { fellowship: request.fellowship } : {}),
      // Near the person, a meeting they can walk into comes first unless an online one is hours sooner.
      onlineLaterBy: ONLINE_LATER_BY_MINUTES,
      limit: request.limit + 1,
      offset: request.offset ?? 0,
    };
    let hits = this.#index.search(query, now);
    let droppedFellowship = false;
    if (hits.length === 0 && request.fellowship && (request.offset ?? 0) === 0) {
      const { fellowship: _dropped, ...anyFellowship } = query;
      hits = this.#index.search(anyFellowship, now);
      droppedFellowship = hits.length > 0;
    }
    return { hits: hits.slice(0, request.limit), more: hits.length > request.limit, droppedFellowship, sample: this.#sample };
  }
}
