import { z } from 'zod';
import { readJsonFile } from '../content.js';
import { localePath, perLocale, type PerLocale } from '../locale.js';
import { chat, label, textSchema } from '../template.js';
import { RiskKind } from './riskTopics.js';

/**
 * The answers to the risk topics (data/risk-text.json; Spanish in
 * data/locales/es/risk-text.json, the same shape): one to three chat messages per kind and
 * the numbers its last message offers as call buttons. Checked at start-up like every text.
 */

const chatText = textSchema(chat());
const labelText = textSchema(label());

const Phone = z.object({
  label: labelText,
  display: z.string().regex(/^(?:\d{3}|1-\d{3}-\d{3}-\d{4})$/),
  tel: z.string().regex(/^tel:(?:\+1\d{10}|911|988)$/),
});

export const NumberKey = z.enum(['helpline', 'emergency', 'poisonControl', 'neverUseAlone', 'lifeline']);
export type NumberKey = z.infer<typeof NumberKey>;

const Answer = z.object({
  lines: z.array(chatText).min(1).max(3),
  numbers: z.array(NumberKey).min(1),
  /** Offer the support-group meeting search under the numbers. */
  offerMeeting: z.boolean().optional(),
});
export type RiskAnswer = z.infer<typeof Answer>;

export const RiskTextFile = z.strictObject({
  about: z.string().optional(),
  cardTitle: labelText,
  findMeeting: labelText,
  numbers: z.strictObject({
    /** The helpline's number is the bot's own (content.json), so only its label is here. */
    helpline: z.object({ label: labelText }),
    emergency: Phone,
    poisonControl: Phone,
    neverUseAlone: Phone,
    lifeline: Phone,
  }),
  /** Added to a relapse answer when the person is using daily again: detox first again. */
  relapseDailyUse: chatText,
  answers: z.strictObject(Object.fromEntries(RiskKind.options.map((k) => [k, Answer])) as Record<RiskKind, typeof Answer>),
});
export type RiskText = z.infer<typeof RiskTextFile>;

export const RISK_TEXT_FILE = 'risk-text.json';

/** Every locale's risk answers; a missing or bad file stops the start with the file and field named. */
export function loadRiskTexts(dir: string): PerLocale<RiskText> {
  return perLocale((locale) => readJsonFile(localePath(dir, RISK_TEXT_FILE, locale), RiskTextFile));
}
