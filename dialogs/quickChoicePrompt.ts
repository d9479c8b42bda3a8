import type { TurnContext } from 'botbuilder';
import type { Choice, FoundChoice, PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import { findChoices } from '../src/botframework/botbuilderDialogs.js';
import { normalizeForMatch } from '../src/turn/understanding.js';
import { Prompt } from './prompt.js';

/**
 * A choice prompt without @microsoft/recognizers-text.
 *
 * A tapped button (the exact label) is taken at once. Otherwise the label is looked for
 * in the text with botbuilder's own token matching (findChoices, whole labels only, as
 * botbuilder's ChoicePrompt does), and last a message that is only a number or an
 * ordinal ("2", "two", "the second one", "#2", "option 2") picks that choice. Numbers
 * inside other text ("I have 2 kids") do not pick a choice.
 */

const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
const NUMBER_OF = new Map<string, number>([...NUMBER_WORDS.map((w, i) => [w, i + 1] as const), ...ORDINAL_WORDS.map((w, i) => [w, i + 1] as const)]);
const NUMBER_TEXT = /^(?:(?:the|number|no|option|choice)\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?|([a-z]+))(?:\s+(?:one|option|choice|please))?$/;

/** The 0-based choice a message names by number or ordinal ("2", "second", "option two"), if it names one of `count`. */
export function choiceIndexByNumber(text: string, count: number): number | undefined {
  if (text.length > 40) return undefined;
  const normalized = normalizeForMatch(text.replace(/#/g, ' '));
  const match = NUMBER_TEXT.exec(normalized);
  if (!match) return undefined;
  const n = match[1] !== undefined ? Number(match[1]) : NUMBER_OF.get(match[2] ?? '');
  return n !== undefined && n >= 1 && n <= count ? n - 1 : undefined;
}

/** The choice whose label is exactly the text (case, punctuation and spacing aside): a tapped button. */
export function exactChoiceIndex(text: string, choices: readonly (string | Choice)[]): number | undefined {
  const normalized = normalizeForMatch(text);
  if (normalized.length === 0) return undefined;
  const index = choices.findIndex((c) => normalizeForMatch(typeof c === 'string' ? c : c.value) === normalized);
  return index >= 0 ? index : undefined;
}

const valueOf = (choice: string | Choice | undefined): string => (typeof choice === 'string' ? choice : (choice?.value ?? ''));

/** What a recognition remembers for the rest of the turn. */
interface Recognized {
  utterance: string;
  result: PromptRecognizerResult<FoundChoice>;
}
const MEMO = Symbol('quickChoicePrompt.recognized');

/** The first choice the text names: exact label, whole label in the text, or its number. */
export function recognizeChoice(utterance: string, choices: readonly (string | Choice)[]): PromptRecognizerResult<FoundChoice> {
  if (utterance.length === 0 || choices.length === 0) return { succeeded: false };
  const exact = exactChoiceIndex(utterance, choices);
  if (exact !== undefined) {
    const value = valueOf(choices[exact]);
    return { succeeded: true, value: { value, index: exact, score: 1, synonym: value } };
  }
  const found = findChoices(utterance, [...choices])[0];
  if (found) return { succeeded: true, value: found.resolution };
  const byNumber = choiceIndexByNumber(utterance, choices.length);
  if (byNumber !== undefined) return { succeeded: true, value: { value: valueOf(choices[byNumber]), index: byNumber, score: 1 } };
  return { succeeded: false };
}

/** A choice prompt that recognizes taps, labels and numbers, each message once per turn. */
export class QuickChoicePrompt extends Prompt<FoundChoice> {
  protected override async onRecognize(context: TurnContext, _state: Record<string, unknown>, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const utterance = typeof context.activity.text === 'string' ? context.activity.text : '';
    // The same prompt (same options object) can be asked twice a turn: once by a parent
    // checking whether the message is for it, once to continue. Same text, same choices.
    let memo = context.turnState.get(MEMO) as WeakMap<object, Recognized> | undefined;
    const remembered = memo?.get(options);
    if (remembered && remembered.utterance === utterance) return remembered.result;

    const result = this.recognize(utterance, options);
    if (!memo) {
      memo = new WeakMap();
      context.turnState.set(MEMO, memo);
    }
    memo.set(options, { utterance, result });
    return result;
  }

  /** Separate so tests can count recognitions. */
  private recognize(utterance: string, options: PromptOptions): PromptRecognizerResult<FoundChoice> {
    return recognizeChoice(utterance, (options.choices ?? []) as Array<string | Choice>);
  }
}

/**
 * True when the text picks one of `choices` as a button would: the exact label, the
 * whole label typed (botbuilder's matching, no partial labels), or its number.
 */
export function picksChoice(text: string, choices: readonly string[]): boolean {
  if (choices.length === 0) return false;
  if (exactChoiceIndex(text, choices) !== undefined) return true;
  if (findChoices(text, [...choices]).some((f) => f.resolution.score >= 0.9)) return true;
  return choiceIndexByNumber(text, choices.length) !== undefined;
}
