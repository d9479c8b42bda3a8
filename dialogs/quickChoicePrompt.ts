import type { TurnContext } from 'botbuilder';
import {
  ChoicePrompt,
  recognizeChoices,
  type Choice,
  type FoundChoice,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
} from 'botbuilder-dialogs';
import { normalizeForMatch } from '../src/understanding.js';

/**
 * Choice recognition without @microsoft/recognizers-text.
 *
 * botbuilder's ChoicePrompt first looks for the choices' labels in the text (token
 * matching, partial labels allowed), and only when none is found runs the
 * recognizers-text ordinal and number models over the whole text, about 0.3 ms per
 * message, twice a turn (the dialog stack recognizes once for the "activityReceived"
 * event and again to continue). Here the label matching is botbuilder's own and the
 * numbers are a small table: a message that is only a number or an ordinal ("2",
 * "two", "the second one", "#2", "option 2") picks that choice. Numbers inside other
 * text ("I have 2 kids") no longer pick a choice.
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

/** What a ChoicePrompt's recognition remembers for the rest of the turn. */
interface Recognized {
  utterance: string;
  result: PromptRecognizerResult<FoundChoice>;
}
const MEMO = Symbol('quickChoicePrompt.recognized');

/** A ChoicePrompt that recognizes taps and labels as before, numbers cheaply, and each message once per turn. */
export class QuickChoicePrompt extends ChoicePrompt {
  constructor(dialogId: string, validator?: PromptValidator<FoundChoice>, defaultLocale?: string) {
    super(dialogId, validator, defaultLocale);
    this.recognizerOptions = { recognizeNumbers: false, recognizeOrdinals: false };
  }

  protected override async onRecognize(
    context: TurnContext,
    state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const utterance = typeof context.activity.text === 'string' ? context.activity.text : '';
    // The same prompt instance (same options object) is recognized twice a turn: once for
    // the activityReceived event, once to continue. The text and choices are the same both times.
    let memo = context.turnState.get(MEMO) as WeakMap<object, Recognized> | undefined;
    const remembered = memo?.get(options);
    if (remembered && remembered.utterance === utterance) return remembered.result;

    const result = await this.recognize(context, state, options, utterance);
    if (!memo) {
      memo = new WeakMap();
      context.turnState.set(MEMO, memo);
    }
    memo.set(options, { utterance, result });
    return result;
  }

  private async recognize(
    context: TurnContext,
    state: Record<string, unknown>,
    options: PromptOptions,
    utterance: string,
  ): Promise<PromptRecognizerResult<FoundChoice>> {
    const choices = (options.choices ?? []) as Array<string | Choice>;
    if (utterance.length === 0 || choices.length === 0) return super.onRecognize(context, state, options);
    const exact = exactChoiceIndex(utterance, choices);
    if (exact !== undefined) {
      const value = valueOf(choices[exact]);
      return { succeeded: true, value: { value, index: exact, score: 1, synonym: value } };
    }
    const byLabel = await super.onRecognize(context, state, options);
    if (byLabel.succeeded) return byLabel;
    const byNumber = choiceIndexByNumber(utterance, choices.length);
    if (byNumber !== undefined) return { succeeded: true, value: { value: valueOf(choices[byNumber]), index: byNumber, score: 1 } };
    return byLabel;
  }
}

/**
 * True when the text picks one of `choices` as a button would: the exact label, the
 * whole label typed (botbuilder's matching, no partial labels), or its number.
 */
export function picksChoice(text: string, choices: readonly string[]): boolean {
  if (choices.length === 0) return false;
  if (exactChoiceIndex(text, choices) !== undefined) return true;
  const found = recognizeChoices(text, [...choices], { allowPartialMatches: false, recognizeOrdinals: false, recognizeNumbers: false });
  if (found.some((f) => f.resolution.score >= 0.9)) return true;
  return choiceIndexByNumber(text, choices.length) !== undefined;
}
