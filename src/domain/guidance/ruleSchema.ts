import { z } from 'zod';
import { CareLevel } from '../profile/careLevels.js';
import { parseCondition, type Condition } from './conditions.js';

/** Extra supports a rule can point to, on top of the level of care. */
export const GuidanceExtra = z.enum(['aftercare', 'relapse_prevention', 'evening_weekend_tracks', 'telehealth', 'sober_living']);
export type GuidanceExtra = z.infer<typeof GuidanceExtra>;

/**
 * primary: describes the person's main situation (stage of care).
 * addon: adds to whatever primary rules matched (e.g. an unsafe home).
 * fallback: applies only when no primary rule matched.
 */
export const RuleRole = z.enum(['primary', 'addon', 'fallback']);
export type RuleRole = z.infer<typeof RuleRole>;

export const MAX_EXPLANATION_WORDS = 90;
export const HELPLINE_PLACEHOLDER = '{helpline}';

const wordCount = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;

/** Guidance is never a diagnosis: each explanation says what people often consider and who confirms it. */
const FRAMING_OFTEN = /\boften\b/i;
const FRAMING_CONFIRM = /\b(clinician|doctor|counselor|care team)\b/i;

const Explanation = z
  .string()
  .trim()
  .min(1, { error: 'expected an explanation' })
  .refine((t) => wordCount(t) <= MAX_EXPLANATION_WORDS, {
    error: (issue) => `expected at most ${MAX_EXPLANATION_WORDS} words to fit a chat bubble (has ${wordCount(String(issue.input))})`,
  })
  .refine((t) => FRAMING_OFTEN.test(t) && FRAMING_CONFIRM.test(t), {
    error: 'must be framed as what people often consider, to be confirmed by a clinician (mention "often" and a clinician, doctor, counselor or care team)',
  })
  .refine((t) => t.replaceAll(HELPLINE_PLACEHOLDER, '').match(/\{[^}]*\}/) === null, {
    error: `the only placeholder allowed is ${HELPLINE_PLACEHOLDER}`,
  });

const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z.array(item).refine((xs) => new Set(xs).size === xs.length, { error: 'must not list the same value twice' });

export const RuleOutcome = z
  .strictObject({
    levels: uniqueList(CareLevel).min(1, { error: 'expected at least one level of care' }),
    extras: uniqueList(GuidanceExtra),
    urgeHelplineNow: z.boolean(),
    iopAllowed: z.boolean(),
    title: z.string().trim().min(1, { error: 'expected a title' }).max(60, { error: 'expected a title of at most 60 characters' }),
    explanation: Explanation,
  })
  .superRefine((outcome, ctx) => {
    if (!outcome.iopAllowed && outcome.levels.some((l) => l === 'intensive_outpatient' || l === 'outpatient')) {
      ctx.addIssue({ code: 'custom', path: ['levels'], message: 'iopAllowed is false, so levels must not include outpatient care' });
    }
  });
export type RuleOutcome = z.infer<typeof RuleOutcome>;

const ConditionJson = z.unknown().transform((raw, ctx): Condition => parseCondition(raw, ctx) ?? (z.NEVER as never));

export const CareRule = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'expected snake_case letters, digits and underscores' }),
    priority: z.number().int().min(0).max(1000),
    role: RuleRole,
    /** When it matches, this rule alone decides the guidance (the detox-first safety rule). */
    exclusive: z.boolean().default(false),
    /** Omitted only on fallback rules, which apply when no primary rule matched. */
    when: ConditionJson.optional(),
    outcome: RuleOutcome,
  })
  .superRefine((rule, ctx) => {
    if (rule.role !== 'fallback' && rule.when === undefined) {
      ctx.addIssue({ code: 'custom', path: ['when'], message: `a ${rule.role} rule needs a "when" condition` });
    }
  });
export type CareRule = z.infer<typeof CareRule>;

export const CareRulesFile = z
  .strictObject({
    version: z.number().int().positive(),
    rules: z.array(CareRule).min(1, { error: 'expected at least one rule' }),
  })
  .superRefine((file, ctx) => {
    const ids = new Map<string, number>();
    const priorities = new Map<number, string>();
    file.rules.forEach((rule, i) => {
      const dupId = ids.get(rule.id);
      if (dupId !== undefined) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate id "${rule.id}" (also rules[${dupId}])` });
      ids.set(rule.id, i);
      // Precedence must not depend on file order.
      const dupPriority = priorities.get(rule.priority);
      if (dupPriority !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'priority'], message: `priority ${rule.priority} is already used by "${dupPriority}"` });
      }
      priorities.set(rule.priority, rule.id);
    });
    if (!file.rules.some((r) => r.role === 'fallback')) {
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'expected a fallback rule for when too little is known' });
    }
  });
export type CareRulesFile = z.infer<typeof CareRulesFile>;

/** Rules ready to evaluate: validated and sorted by priority, highest first. */
export interface CareRules {
  readonly version: number;
  readonly rules: readonly CareRule[];
}
