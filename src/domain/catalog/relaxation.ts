import { paymentName, languageName } from './reasons.js';
import type { Constraints, Query } from './matchQuery.js';

/** Constraints that may be loosened when nothing fits. The detox-first rule and age group never are. */
export type RelaxedConstraint = 'format' | 'distance' | 'schedule' | 'payment' | 'language';

/** Distances tried, in order, when nothing fits nearby. */
export const WIDER_DISTANCES_MILES = [50, 100] as const;

export interface RelaxStep {
  readonly constraint: RelaxedConstraint;
  /** The loosened constraints, or undefined when this step does not apply to this query. */
  readonly relax: (c: Constraints, q: Query) => Constraints | undefined;
  readonly message: (before: Constraints, after: Constraints, q: Query) => string;
}

/** Loosened one at a time, in this order, only while nothing fits. */
export const RELAX_STEPS: readonly RelaxStep[] = [
  {
    constraint: 'format',
    relax: (c, q) => (!q.detoxOnly && c.format !== 'either' ? { ...c, format: 'either' } : undefined),
    message: (before) =>
      before.format === 'in_person'
        ? `None of the in-person programs within ${before.maxMiles} miles fit, so I've added telehealth programs you can join from home.`
        : `I couldn't find a telehealth program that fits, so I've added in-person programs within ${before.maxMiles} miles.`,
  },
  ...WIDER_DISTANCES_MILES.map(
    (miles): RelaxStep => ({
      constraint: 'distance',
      relax: (c, q) => (q.origin && c.maxMiles < miles ? { ...c, maxMiles: miles } : undefined),
      message: (before, after) => `Nothing fit within ${before.maxMiles} miles, so I looked up to ${after.maxMiles} miles away.`,
    }),
  ),
  {
    constraint: 'schedule',
    relax: (c, q) => (!q.detoxOnly && !c.scheduleRelaxed && q.plan.situation !== 'none' ? { ...c, scheduleRelaxed: true } : undefined),
    message: () => "I couldn't find group times that clearly fit your week, so these may need a conversation. It's worth calling to ask about other times.",
  },
  {
    constraint: 'payment',
    relax: (c, q) => (!c.paymentRelaxed && q.profile.payment !== undefined && q.profile.payment !== 'not_sure' ? { ...c, paymentRelaxed: true } : undefined),
    message: (_b, _a, q) =>
      `I couldn't find a match that lists ${paymentName(q.profile.payment ?? 'not_sure')}, so these may not. Please ask each program about payment options and help with costs.`,
  },
  {
    constraint: 'language',
    relax: (c, q) => (!c.languageRelaxed && q.profile.language !== undefined ? { ...c, languageRelaxed: true } : undefined),
    message: (_b, _a, q) =>
      `I couldn't find a program that lists services in ${languageName(q.profile.language ?? 'en')}. It's worth asking these programs whether they offer an interpreter.`,
  },
];

