import type { CrisisDetection, DetectCrisis } from './crisisMiddleware.js';

/**
 * The detector's verdicts on the bot's own phrases (button labels, command words),
 * decided once at start-up. Most turns are taps, and a tap sends its label's exact
 * text; detection is a pure function of the text, so an exact match gives the same
 * answer without running the detector again. Anything else, even a label with a typo
 * or different case, is detected as usual. Only our own phrases are held, never what
 * people type.
 */
export function withKnownPhraseVerdicts(detect: DetectCrisis, phrases: Iterable<string>): DetectCrisis {
  const verdicts = new Map<string, CrisisDetection | null>();
  for (const phrase of phrases) if (!verdicts.has(phrase)) verdicts.set(phrase, detect(phrase));
  return (text) => {
    const known = verdicts.get(text);
    return known !== undefined ? known : detect(text);
  };
}
