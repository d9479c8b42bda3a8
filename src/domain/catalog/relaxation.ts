import { paymentName, languageName, medicationName, type ReasonTexts } from './reasons.js';
import type { Constraints, Query } from './matchQuery.js';

/** Constraints that may be loosened when nothing fits. The detox-first rule and age group never are. */
export type RelaxedConstraint = 'format' | 'distance' | 'schedule' | 'payment' | 'medication' | 'language';

/** Distances tried, in order, when nothing fits nearby. */
export const WIDER_DISTANCES_MILES = [50, 100] as const;

/** The texts that say what was loosened: keys of data/messages.json "relaxed". */
export type RelaxationKey = 'toTelehealth' | 'toInPerson' | 'wider' | 'widerNoCar' | 'schedule' | 'payment' | 'medication' | 'language';

/** What to tell the person about a loosened constraint: the text's key and its placeholders' values. */
export interface RelaxationNote {
  readonly key: RelaxationKey;
  readonly values: Readonly<Record<string, string | number>>;
}

export interface RelaxStep {
  readonly constraint: RelaxedConstraint;
  /** The loosened constraints, or undefined when this step does not apply to this query. */
  readonly relax: (c: Constraints, q: Query) => Constraints | undefined;
  /** `words` name what was loosened ("Medicaid", "Spanish") in the conversation's language; without them a name is empty. */
  readonly note: (before: Constraints, after: Constraints, q: Query, words: ReasonTexts | undefined) => RelaxationNote;
}

/** Loosened one at a time, in this order, only while nothing fits. */
export const RELAX_STEPS: readonly RelaxStep[] = [
  {
    constraint: 'format',
    relax: (c, q) => (!q.detoxOnly && c.format !== 'either' ? { ...c, format: 'either' } : undefined),
    note: (before) => ({ key: before.format === 'in_person' ? 'toTelehealth' : 'toInPerson', values: { miles: before.maxMiles } }),
  },
  ...WIDER_DISTANCES_MILES.map(
    (miles): RelaxStep => ({
      constraint: 'distance',
      relax: (c, q) => (q.origin && c.maxMiles < miles ? { ...c, maxMiles: miles } : undefined),
      // Without a car, further away is harder to reach: said so, with a word about rides.
      note: (before, after, q) => ({ key: q.noTransport ? 'widerNoCar' : 'wider', values: { from: before.maxMiles, to: after.maxMiles } }),
    }),
  ),
  {
    constraint: 'schedule',
    relax: (c, q) => (!q.detoxOnly && !c.scheduleRelaxed && q.plan.situation !== 'none' ? { ...c, scheduleRelaxed: true } : undefined),
    note: () => ({ key: 'schedule', values: {} }),
  },
  {
    constraint: 'payment',
    relax: (c, q) => (!c.paymentRelaxed && q.profile.payment !== undefined && q.profile.payment !== 'not_sure' ? { ...c, paymentRelaxed: true } : undefined),
    note: (_b, _a, q, words) => ({ key: 'payment', values: { payment: words ? paymentName(q.profile.payment ?? 'not_sure', words) : '' } }),
  },
  {
    constraint: 'medication',
    relax: (c, q) => (!c.medicationRelaxed && q.medicationBit !== 0 ? { ...c, medicationRelaxed: true } : undefined),
    note: (_b, _a, q, words) => ({ key: 'medication', values: { medication: words ? medicationName(q.profile.medication ?? 'buprenorphine', words) : '' } }),
  },
  {
    constraint: 'language',
    relax: (c, q) => (!c.languageRelaxed && q.profile.language !== undefined ? { ...c, languageRelaxed: true } : undefined),
    note: (_b, _a, q, words) => ({ key: 'language', values: { language: words ? languageName(q.profile.language ?? 'en', words) : '' } }),
  },
];

