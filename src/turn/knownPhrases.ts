/**
 * A text function's answers for the bot's own phrases (button labels, command words),
 * decided once at start-up. Most turns are taps, and a tap sends its label's exact text;
 * for a pure function of the text (the crisis detector, the trained intent classifier)
 * an exact match gives the same answer without running it again. Anything else, even a
 * label with a typo or different case, goes to the function as usual. Only our own
 * phrases are held, never what people type.
 */
export function withKnownPhrases<T>(answer: (text: string) => T, phrases: Iterable<string>): (text: string) => T {
  const known = new Map<string, T>();
  for (const phrase of phrases) if (!known.has(phrase)) known.set(phrase, answer(phrase));
  return (text) => (known.has(text) ? (known.get(text) as T) : answer(text));
}
