/**
 * The kinds of crisis the bot answers before anything else, declared once: the lexicon's
 * rules (crisisLexicon.ts), the detector, conversation state and the crisis messages all
 * use these.
 */
export const CRISIS_KINDS = ['suicide_self_harm', 'medical_emergency', 'harm_to_others'] as const;
export type CrisisKind = (typeof CRISIS_KINDS)[number];

/** Most urgent first: an emergency needs 911 before anything else. */
export const CRISIS_URGENCY: readonly CrisisKind[] = ['medical_emergency', 'suicide_self_harm', 'harm_to_others'];

/** The most urgent of the kinds; with none known ("Get help now" before any crisis words), suicide and self-harm (988). */
export const mostUrgent = (kinds: readonly CrisisKind[]): CrisisKind => CRISIS_URGENCY.find((k) => kinds.includes(k)) ?? 'suicide_self_harm';
