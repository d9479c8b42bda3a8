import { normalizeForMatch } from '../src/turn/understanding.js';
import { exactChoiceIndex, recognizeChoice } from './quickChoicePrompt.js';

// The words botbuilder's ConfirmPrompt took for yes and no in English (recognizers-text),
// plus everyday ones. "Not ok" is a no and "not sure" is neither, so both are taken out
// before "ok" and "sure" are looked for.
const NO = /\b(?:no|nope|nop|nah|n|false|disagree|not (?:ok|okay|now|really|yet))\b|\u{1F44E}|\u270B|\u{1F590}/u;
const NOT_YES = /\bnot (?:ok|okay|sure)\b/g;
const YES = /\b(?:yes|yeah|yea|ya|yep|yup|y|sure|ok|okay|alright|all right|true|agree|absolutely|definitely|of course|go ahead|please do)\b|\u{1F44D}|\u{1F44C}/u;
// Spanish, on accent-free text (\b is ASCII-only, so the accents go first). "No sé" and
// "no estoy seguro" are neither, as "not sure" is; "tal vez" is neither too.
const UNSURE_ES = /\bno (?:se|estoy segur[oa]|lo se)\b|\btal vez\b|\ba lo mejor\b/g;
const NO_ES = /\b(?:no|nel|nop|ahorita no|todavia no|aun no|mejor no|para nada|no gracias)\b/;
const YES_ES = /\b(?:si|claro|dale|orale|andale|va|sale|simon|por supuesto|de acuerdo|esta bien|okey|oki|bueno|adelante|con gusto|si por favor)\b/;
const plainSpanish = (text: string): string => normalizeForMatch(text).normalize('NFD').replace(/\p{M}+/gu, '');

/**
 * The answer to a yes/no question with two buttons: true for yes, false for no, undefined
 * when the message says neither, or both ("yes… no, wait"), so the question is asked again
 * rather than guessed. A button label, the whole label typed, a yes or no word, or "1"/"2";
 * part of a label ("call me") is not enough, as with botbuilder's ConfirmPrompt.
 */
export function recognizeYesNo(text: string, yesLabel: string, noLabel: string): boolean | undefined {
  const labels = [yesLabel, noLabel];
  const exact = exactChoiceIndex(text, labels);
  if (exact !== undefined) return exact === 0;
  // Emoji are not letters, so they are looked for in the text itself.
  const words = `${normalizeForMatch(text)} ${text.replace(/[\p{L}\p{N}\s\p{P}]/gu, '')}`;
  const es = plainSpanish(text).replace(UNSURE_ES, ' ');
  const no = NO.test(words) || NO_ES.test(es);
  const yes = YES.test(words.replace(NOT_YES, ' ')) || YES_ES.test(es);
  if (yes !== no) return yes;
  if (yes && no) return undefined;
  // The whole label typed, or its number, as the choice prompt reads them.
  const picked = recognizeChoice(text, labels);
  return picked.succeeded ? picked.value?.index === 0 : undefined;
}
