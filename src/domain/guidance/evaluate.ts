import type { CareLevel } from '../profile/careLevels.js';
import type { Profile } from '../profile/profile.js';
import { evaluateCondition } from './conditions.js';
import { HELPLINE_PLACEHOLDER, type CareRule, type CareRules, type GuidanceExtra } from './ruleSchema.js';

/** What the level-of-care rules suggest for one person. Never a diagnosis. */
export interface Guidance {
  /** Rules that produced this guidance, main situation first. */
  ruleIds: string[];
  /** Levels of care people in this situation often consider, most relevant first. */
  levels: CareLevel[];
  extras: GuidanceExtra[];
  /** True when the person should be urged to call the helpline right now. */
  urgeHelplineNow: boolean;
  /** False means programs offering only outpatient care must not be suggested (detox first). */
  iopAllowed: boolean;
  title: string;
  /** One chat-sized message per rule, in the order to send them. */
  explanation: string[];
}

export const DEFAULT_HELPLINE_NUMBER = '833-820-2922';

export interface EvaluateOptions {
  helplineNumber?: string;
}

const matches = (rule: CareRule, profile: Profile): boolean => rule.when !== undefined && evaluateCondition(rule.when, profile);

/** Picks the rules that apply; `rules.rules` is sorted by priority, highest first. */
function selectRules(profile: Profile, rules: CareRules): CareRule[] {
  const matched = rules.rules.filter((r) => r.role !== 'fallback' && matches(r, profile));
  const exclusive = matched.find((r) => r.exclusive);
  if (exclusive) return [exclusive];

  const primary = matched.filter((r) => r.role === 'primary');
  const addons = matched.filter((r) => r.role === 'addon');
  const fallback = rules.rules.find((r) => r.role === 'fallback');
  const main = primary.length > 0 || fallback === undefined ? primary : [fallback];
  // The main situation speaks first; add-ons (e.g. an unsafe home) follow.
  return [...main, ...addons];
}

const union = <T>(lists: readonly (readonly T[])[]): T[] => [...new Set(lists.flat())];

export function evaluateRules(profile: Profile, rules: CareRules, options: EvaluateOptions = {}): Guidance {
  const helpline = options.helplineNumber ?? DEFAULT_HELPLINE_NUMBER;
  const selected = selectRules(profile, rules);
  const outcomes = selected.map((r) => r.outcome);
  return {
    ruleIds: selected.map((r) => r.id),
    levels: union(outcomes.map((o) => o.levels)),
    extras: union(outcomes.map((o) => o.extras)),
    urgeHelplineNow: outcomes.some((o) => o.urgeHelplineNow),
    // Any rule can veto IOP; none can override a veto.
    iopAllowed: outcomes.every((o) => o.iopAllowed),
    title: outcomes[0]?.title ?? '',
    explanation: outcomes.map((o) => o.explanation.replaceAll(HELPLINE_PLACEHOLDER, helpline)),
  };
}
