import { CareStage, type Profile, type Responsibility } from '../profile/profile.js';
import { evaluateRules } from './evaluate.js';
import type { CareRules } from './ruleSchema.js';

/**
 * Detox-first is a safety rule, so a rules file that breaks it must not load.
 * Runs every combination of withdrawal answers (at least one "yes") for anyone
 * not yet through detox, crossed with answers that other rules react to.
 */

type Flag = boolean | undefined;
const FLAG_VALUES: readonly Flag[] = [true, false, undefined];
const NOT_PAST_DETOX: readonly (CareStage | undefined)[] = ['not_started', 'in_detox', 'not_sure', undefined];
const HOME_VALUES: readonly Profile['homeSafe'][] = ['yes', 'no', 'not_sure', undefined];
const RESPONSIBILITY_VALUES: readonly (Responsibility[] | undefined)[] = [undefined, [], ['full_time_job'], ['caregiving', 'school']];

export function* withdrawalRiskProfiles(): Generator<Profile> {
  for (const heavyUse of FLAG_VALUES)
    for (const symptomsWhenStopping of FLAG_VALUES)
      for (const pastSeizuresOrDts of FLAG_VALUES) {
        if (heavyUse !== true && symptomsWhenStopping !== true && pastSeizuresOrDts !== true) continue;
        for (const careStage of NOT_PAST_DETOX)
          for (const homeSafe of HOME_VALUES)
            for (const responsibilities of RESPONSIBILITY_VALUES) {
              const profile: Profile = { withdrawal: { heavyUse, symptomsWhenStopping, pastSeizuresOrDts } };
              if (careStage !== undefined) profile.careStage = careStage;
              if (homeSafe !== undefined) profile.homeSafe = homeSafe;
              if (responsibilities !== undefined) profile.responsibilities = responsibilities;
              yield profile;
            }
      }
}

/** Returns a description of the first profile the rules would send to an IOP before detox, if any. */
export function findDetoxFirstViolation(rules: CareRules): string | undefined {
  for (const profile of withdrawalRiskProfiles()) {
    const g = evaluateRules(profile, rules);
    const problems: string[] = [];
    if (g.iopAllowed) problems.push('iopAllowed is true');
    if (!g.urgeHelplineNow) problems.push('urgeHelplineNow is false');
    if (!g.levels.includes('detox')) problems.push('levels do not include detox');
    if (g.levels.some((l) => l === 'intensive_outpatient' || l === 'outpatient')) problems.push('levels include outpatient care');
    if (problems.length > 0) {
      return `detox-first safety check failed for ${JSON.stringify(profile)} (rules ${g.ruleIds.join(', ') || 'none'}): ${problems.join('; ')}`;
    }
  }
  return undefined;
}
