import type { TurnContext } from 'botbuilder';
import type { PromptOptions, PromptRecognizerResult, PromptValidator } from 'botbuilder-dialogs';
import type { ClaimsInput } from './contracts.js';
import { Prompt, TextPrompt } from './prompt.js';
import { understandingOf, type Understanding } from '../src/turn/understanding.js';
import { cleanBestTime, looksLikeBestTime } from '../src/domain/callbacks/bestTime.js';
import { looksLikePhone, toUsE164 } from '../src/domain/callbacks/phone.js';
import { recognizeYesNo } from './yesNo.js';

/**
 * Prompts that tell the root dialog which typed text is an answer for them (ClaimsInput),
 * so "tomorrow morning" or "312 555 2368" is never taken for a question about schedules.
 */

/** Already inside a callback request: "call me back" is not a new one (it would restart the questions). */
const asksForCallback = (u: Understanding): boolean => u.intent === 'request_callback';

/** Waits for a US phone number; anything with seven or more digits is an attempt at one. */
export class PhonePrompt extends TextPrompt implements ClaimsInput {
  constructor(id: string) {
    super(id, async (prompt) => prompt.recognized.succeeded && toUsE164(prompt.recognized.value ?? '') !== undefined);
  }

  claimsInput(_context: TurnContext, understanding: Understanding): boolean {
    return looksLikePhone(understanding.text) || asksForCallback(understanding);
  }
}

/**
 * Waits for a time to call: a button or the person's own words. "Please call me" (claimed so
 * it does not restart the request) is not a time, unless it names one ("call me tomorrow").
 */
export class BestTimePrompt extends TextPrompt implements ClaimsInput {
  constructor(id: string) {
    super(id, async (prompt) => {
      const text = prompt.recognized.succeeded ? (prompt.recognized.value ?? '') : '';
      if (cleanBestTime(text) === undefined) return false;
      const u = understandingOf(prompt.context);
      return !(u && asksForCallback(u) && !looksLikeBestTime(text));
    });
  }

  claimsInput(_context: TurnContext, understanding: Understanding): boolean {
    return looksLikeBestTime(understanding.text) || asksForCallback(understanding);
  }
}

const YES_NO = /^(yes|yeah|yep|yup|sure|ok|okay|y|no|nope|nah|n|no thanks|not now|s[ií]|claro|dale|okey|no gracias|ahorita no)(?![\p{L}])/iu;

/**
 * A yes/no question with our own button labels: true for yes, false for no (see
 * recognizeYesNo). Ask it with choicePromptOptions(text, [yesLabel, noLabel]).
 */
export class YesNoPrompt extends Prompt<boolean> implements ClaimsInput {
  constructor(
    id: string,
    private readonly yesLabel: string,
    private readonly noLabel: string,
    validator?: PromptValidator<boolean>,
  ) {
    super(id, validator);
  }

  protected override async onRecognize(context: TurnContext, _state: Record<string, unknown>, options: PromptOptions): Promise<PromptRecognizerResult<boolean>> {
    // The labels the question was asked with (in the conversation's language), else the constructor's.
    const [yes, no] = options.choices?.length === 2 && options.choices.every((c) => typeof c === 'string') ? (options.choices as string[]) : [this.yesLabel, this.noLabel];
    const value = typeof context.activity.text === 'string' ? recognizeYesNo(context.activity.text, yes ?? this.yesLabel, no ?? this.noLabel) : undefined;
    return value === undefined ? { succeeded: false } : { succeeded: true, value };
  }

  claimsInput(_context: TurnContext, understanding: Understanding): boolean {
    return YES_NO.test(understanding.text.trim()) || asksForCallback(understanding);
  }
}
