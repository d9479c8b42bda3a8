import type { DialogInstance, DialogTurnResult, FoundChoice, PromptOptions, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { exactChoiceIndex, QuickChoicePrompt } from './quickChoicePrompt.js';
import { TextPrompt, type PromptFrame } from './prompt.js';
import type { ClaimsInput } from './contracts.js';
import { defaultExplicitSafetyAnswerReader, defaultSafetyAnswerReader, type SafetyAnswer } from '../src/domain/safety/safetyAnswer.js';
import type { Content } from '../src/domain/content.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { crisisTextsFor, type CrisisResponses } from '../src/replies/crisisMessages.js';
import { LOCALES } from '../src/domain/locale.js';
import type { TurnContext } from 'botbuilder';
import { helplineMessage } from '../src/replies/responses.js';
import { crisisSignalOf, requestRoute } from '../src/turn/turnSignals.js';
import { DialogIds } from './dialogIds.js';
import { stepValues } from './stepValues.js';

export interface CrisisSupportOptions {
  /** True when another dialog is underneath, so "go back" can return to it. */
  hasUnderlying: boolean;
  /** Crisis words again while this follow-up waited: it goes on with the numbers and a person, not the question again. */
  again?: boolean;
}

const SAFE_PROMPT = 'crisisSafe';
const OFFER_PROMPT = 'crisisOffer';
const STEPS = 'crisisSteps';
const OFFER_LOOP = 'crisisOfferLoop';

/**
 * The safe question, asked again after something answered over it (a risk topic, "help"):
 * in its other words (the prompt's retry text), never the same sentence twice in a row.
 */
class SafeAnswerPrompt extends TextPrompt {
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const frame = instance.state as PromptFrame;
    // Each time in the words it was not asked in last: the other wording, then the first, and so on.
    const reprompts = (typeof frame.state.reprompts === 'number' ? frame.state.reprompts : 0) + 1;
    frame.state.reprompts = reprompts;
    await this.onPrompt(context, frame.options, reprompts % 2 === 1);
  }
}

/** Where a ComponentDialog keeps its inner stack (botbuilder-dialogs' PERSISTED_DIALOG_STATE); the last frame is the one waiting. */
const INNER_DIALOG_STATE = 'dialogs';

/**
 * Follows the crisis response (sent first by the middleware): asks gently whether they are
 * safe right now and offers next steps or a person. The answer is read as free text in
 * English or Spanish (safetyAnswer.ts): only a clear "yes" is safe; "no", "not really",
 * "idk", "no sé", "...", or more pain keep the person on the crisis path, with the numbers
 * and a person offered at once. The question is never asked twice the same way, and no
 * topic card answers it. It never drops back to the menu as if nothing happened, and
 * "I'm safe" does not clear the conversation's safety concern. "Talk about next steps"
 * asks the root to start the program search.
 */
export class CrisisSupportDialog extends ComponentDialog implements ClaimsInput {
  private readonly safePrompt: SafeAnswerPrompt;
  private readonly offerPrompt: QuickChoicePrompt;

  constructor(
    private readonly content: Content,
    private readonly responses: CrisisResponses,
    private readonly readAnswer: (text: string) => SafetyAnswer = defaultSafetyAnswerReader(),
    private readonly readLaterAnswer: (text: string) => Exclude<SafetyAnswer, 'silent'> | undefined = defaultExplicitSafetyAnswerReader(),
  ) {
    super(DialogIds.crisis);
    // Free text: every answer is read, none is asked again.
    this.safePrompt = new SafeAnswerPrompt(SAFE_PROMPT).drawnBy((context, again: boolean) => this.drawSafe(context, again));
    // The offer takes its buttons, and words about being safe: people go on answering "are you safe?".
    this.offerPrompt = new QuickChoicePrompt(OFFER_PROMPT, async (prompt) => prompt.recognized.succeeded || this.laterAnswer(prompt.context) !== undefined).drawnBy(
      (context, hasUnderlying: boolean) => this.drawOffer(context, hasUnderlying),
    );
    this.addDialog(this.safePrompt);
    this.addDialog(this.offerPrompt);
    this.addDialog(new WaterfallDialog(STEPS, [this.askSafeStep.bind(this), this.afterSafeStep.bind(this), this.doneStep.bind(this)]));
    this.addDialog(new WaterfallDialog(OFFER_LOOP, [this.offerStep.bind(this), this.afterOfferStep.bind(this)]));
    this.initialDialogId = STEPS;
  }

  /** The labels of this dialog's own buttons: the crisis check must not re-fire on them. */
  followUpLabels(): string[] {
    return LOCALES.flatMap((locale) => {
      const f = (this.responses.in ? this.responses.in(locale) : this.responses).followUp;
      return [f.safe, f.notSafe, f.person, f.nextSteps, f.continue];
    });
  }

  /** The follow-up's words in the turn's language. */
  private followUp(context: TurnContext) {
    return crisisTextsFor(context, this.responses).followUp;
  }

  /**
   * While "are you safe?" waits, every message is its answer (a command aside): "no" or
   * "yes" must never open a topic. Crisis words still come first (the middleware's signal).
   */
  claimsInput(context: TurnContext, _understanding: unknown, instance?: DialogInstance): boolean {
    const inner = (instance?.state as Record<string, unknown> | undefined)?.[INNER_DIALOG_STATE] as { dialogStack?: DialogInstance[] } | undefined;
    const waiting = inner?.dialogStack?.at(-1)?.id;
    // At "next steps or a person?", words about being safe ("i guess im safe for tonight") still
    // answer the safety question; "tonight" must not open the meetings.
    return waiting === SAFE_PROMPT || (waiting === OFFER_PROMPT && this.laterAnswer(context) !== undefined);
  }

  /** A message at the offer that speaks of being safe, read as an answer to "are you safe?". */
  private laterAnswer(context: TurnContext): Exclude<SafetyAnswer, 'silent'> | undefined {
    const text = context.activity.text;
    return typeof text === 'string' && text.length > 0 && this.tapped(text) === undefined ? this.readLaterAnswer(text) : undefined;
  }

  private async askSafeStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    const f = this.followUp(step.context);
    const hasUnderlying = step.options?.hasUnderlying === true;
    stepValues<{ hasUnderlying: boolean }>(step).hasUnderlying = hasUnderlying;
    if (step.options?.again) {
      // Asked already, and answered with more crisis words: the numbers went out first; now a person, at once.
      await step.context.sendActivity(f.stillHere);
      await step.context.sendActivity(helplineMessage(step.context, this.content));
      return step.replaceDialog(OFFER_LOOP, { hasUnderlying });
    }
    // A crisis earlier in the conversation: the same check, not the same words.
    return step.prompt(SAFE_PROMPT, await this.safePrompt.draw(step.context, crisisSignalOf(step.context)?.again === true));
  }

  /** "Are you safe right now?", or its other words first after an earlier crisis, in the turn's language. */
  private drawSafe(context: TurnContext, again: boolean): PromptOptions {
    const f = this.followUp(context);
    const [ask, askAgain] = again ? [f.askSafeAgain, f.askSafe] : [f.askSafe, f.askSafeAgain];
    return choicePromptOptions(ask, [f.safe, f.notSafe, f.person], askAgain);
  }

  /** Next steps or a person, and the way back when something waits underneath. */
  private drawOffer(context: TurnContext, hasUnderlying: boolean): PromptOptions {
    const f = this.followUp(context);
    return choicePromptOptions(f.offer, [f.nextSteps, f.person, ...(hasUnderlying ? [f.continue] : [])]);
  }

  private async afterSafeStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    const text = typeof step.result === 'string' ? step.result : '';
    const context = step.context;
    // A button tapped (in either language) is taken as it is; anything typed is read.
    const tapped = this.tapped(text);
    const answer: SafetyAnswer | 'person' = tapped === 'person' ? 'person' : tapped === 'safe' ? 'safe' : tapped === 'notSafe' ? 'not_safe' : this.readAnswer(text);
    await this.reply(context, answer);
    return step.beginDialog(OFFER_LOOP, { hasUnderlying: stepValues<{ hasUnderlying: boolean }>(step).hasUnderlying === true });
  }

  /** What an answer to "are you safe?" gets: only a clear "yes" is safe; anything else keeps the numbers and a person near. */
  private async reply(context: TurnContext, answer: SafetyAnswer | 'person'): Promise<void> {
    const f = this.followUp(context);
    switch (answer) {
      case 'safe':
        await context.sendActivity(f.gladSafe);
        break;
      case 'safe_hurting':
        // Safe but hurting: a gentle word and a person offered, not the crisis numbers again.
        await context.sendActivity(f.checkIn);
        await context.sendActivity(helplineMessage(context, this.content));
        break;
      case 'not_safe':
        await context.sendActivity(f.notSafeReply);
        await context.sendActivity(helplineMessage(context, this.content));
        break;
      case 'distress':
        await context.sendActivity(f.distressReply);
        await context.sendActivity(helplineMessage(context, this.content));
        break;
      case 'unsure':
      case 'silent':
        await context.sendActivity(f.unsureReply);
        await context.sendActivity(helplineMessage(context, this.content));
        break;
      case 'person':
        await context.sendActivity(helplineMessage(context, this.content));
        break;
    }
  }

  /** Which of the safe question's buttons the text is, in any language. */
  private tapped(text: string): 'safe' | 'notSafe' | 'person' | undefined {
    for (const locale of LOCALES) {
      const f = (this.responses.in ? this.responses.in(locale) : this.responses).followUp;
      const index = exactChoiceIndex(text, [f.safe, f.notSafe, f.person]);
      if (index !== undefined) return (['safe', 'notSafe', 'person'] as const)[index];
    }
    return undefined;
  }

  private async doneStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }

  private async offerStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    return step.prompt(OFFER_PROMPT, await this.offerPrompt.draw(step.context, step.options?.hasUnderlying === true));
  }

  private async afterOfferStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    const f = this.followUp(step.context);
    const picked = (step.result as FoundChoice | undefined)?.value;
    if (picked === undefined) {
      // Words about being safe, not a button (the prompt's validator let them through).
      const answer = this.laterAnswer(step.context);
      // Still unsure, said again: other words, and the numbers card they were just shown is not sent twice.
      if (answer === 'unsure') await step.context.sendActivity(f.stillHere);
      else if (answer) await this.reply(step.context, answer);
      return step.replaceDialog(OFFER_LOOP, step.options);
    }
    if (picked === f.person) {
      // Not the talk dialog (routes.ts): here the phone line comes at once and the follow-up stays
      // open, with no callback "within one business day" or wait for a chat offered to someone
      // who may not be safe.
      await step.context.sendActivity(helplineMessage(step.context, this.content));
      return step.replaceDialog(OFFER_LOOP, step.options);
    }
    if (picked === f.nextSteps) requestRoute(step.context, 'find_program');
    return step.endDialog();
  }
}
