import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fromRoot } from '../../paths.js';
import type { Profile } from '../profile/profile.js';
import { evaluateRules, type EvaluateOptions, type Guidance } from './evaluate.js';
import { CareRulesFile, type CareRules } from './ruleSchema.js';
import { findDetoxFirstViolation } from './safetyCheck.js';

export type { Guidance, EvaluateOptions } from './evaluate.js';
export { DEFAULT_HELPLINE_NUMBER } from './evaluate.js';
export type { CareRules, CareRule, GuidanceExtra } from './ruleSchema.js';

/** data/care-rules.json, found from the project root so the working directory does not matter. */
export const DEFAULT_CARE_RULES_PATH = fromRoot('data/care-rules.json');

export class CareRulesError extends Error {
  override name = 'CareRulesError';
}

/** Validates rules already read as JSON. Throws CareRulesError naming every problem and where it is. */
export function parseCareRules(json: unknown, source = 'care rules'): CareRules {
  const result = CareRulesFile.safeParse(json);
  if (!result.success) {
    throw new CareRulesError(`Invalid ${source}:\n${z.prettifyError(result.error)}`);
  }
  const rules: CareRules = {
    version: result.data.version,
    rules: [...result.data.rules].sort((a, b) => b.priority - a.priority),
  };
  const violation = findDetoxFirstViolation(rules);
  if (violation !== undefined) throw new CareRulesError(`Invalid ${source}: ${violation}`);
  return rules;
}

/** Reads and validates a rules file (default data/care-rules.json). */
export function loadCareRules(path: string = DEFAULT_CARE_RULES_PATH): CareRules {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CareRulesError(`Cannot read care rules at ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CareRulesError(`Care rules at ${path} are not valid JSON: ${(error as Error).message}`);
  }
  return parseCareRules(json, `care rules at ${path}`);
}

let defaultRules: CareRules | undefined;

/** The rules from data/care-rules.json, read once. */
export function defaultCareRules(): CareRules {
  defaultRules ??= loadCareRules();
  return defaultRules;
}

/**
 * What level of care people in this person's situation often consider,
 * from the rules (default data/care-rules.json). Pure: same answers, same guidance.
 */
export function evaluateGuidance(profile: Profile, rules: CareRules = defaultCareRules(), options: EvaluateOptions = {}): Guidance {
  return evaluateRules(profile, rules, options);
}
