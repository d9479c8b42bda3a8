import type { DialogTurnResult, FoundChoice, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import type { Content } from '../src/domain/content.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { crisisTextsFor, type CrisisResponses } from '../src/replies/crisisMessages.js';
import { LOCALES } from '../src/domain/locale.js';
import type { TurnContext } from 'botbuilder';
import { helplineMessage } from '../src/replies/responses.js';
import { requestRoute } from '../src/turn/turnSignals.js';
import { DialogIds } from './dialogIds.js';
import { stepValues } from './stepValues.js';

export interface CrisisSupportOptions {
  /** True when another dialog is underneath, so "go back" can return to it. */
  hasUnderlying: boolean;
}

const SAFE_PROMPT = 'crisisSafe';
const OFFER_PROMPT = 'crisisOffer';
const STEPS = 'crisisSteps';
const OFFER_LOOP = 'crisisOfferLoop';

/**
 * Follows the crisis response (sent first by the middleware): asks gently whether they are
 * safe right now and offers next steps or a person. It never drops back to the menu as if
 * nothing happened, and "I'm safe" does not clear the conversation's safety concern.
 * "Talk about next steps" asks the root to start the program search.
 */
export class CrisisSupportDialog extends ComponentDialog {
  constructor(
    private readonly content: Content,
    private readonly responses: CrisisResponses,
  ) {
    super(DialogIds.crisis);
    this.addDialog(new QuickChoicePrompt(SAFE_PROMPT));
    this.addDialog(new QuickChoicePrompt(OFFER_PROMPT));
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

  private async askSafeStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    const f = this.followUp(step.context);
    stepValues<{ hasUnderlying: boolean }>(step).hasUnderlying = step.options?.hasUnderlying === true;
    return step.prompt(SAFE_PROMPT, choicePromptOptions(f.askSafe, [f.safe, f.notSafe, f.person]));
  }

  private async afterSafeStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    const f = this.followUp(step.context);
    const picked = (step.result as FoundChoice).value;
    if (picked === f.notSafe) {
      await step.context.sendActivity(f.notSafeReply);
      await step.context.sendActivity(helplineMessage(step.context, this.content));
    } else if (picked === f.person) {
      await step.context.sendActivity(helplineMessage(step.context, this.content));
    } else {
      await step.context.sendActivity(f.gladSafe);
    }
    return step.beginDialog(OFFER_LOOP, { hasUnderlying: stepValues<{ hasUnderlying: boolean }>(step).hasUnderlying === true });
  }

  private async doneStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }

  private async offerStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    const f = this.followUp(step.context);
    const choices = [f.nextSteps, f.person, ...(step.options?.hasUnderlying ? [f.continue] : [])];
    return step.prompt(OFFER_PROMPT, choicePromptOptions(f.offer, choices));
  }

  private async afterOfferStep(step: WaterfallStepContext<CrisisSupportOptions>): Promise<DialogTurnResult> {
    const f = this.followUp(step.context);
    const picked = (step.result as FoundChoice).value;
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
