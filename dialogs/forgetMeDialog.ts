import type { DialogTurnResult, FoundChoice, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import { choicePromptOptions } from '../src/replies/render.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { requestRoute } from '../src/turn/turnSignals.js';

export const FORGET_ME_DIALOG = 'forgetMe';
export const FORGET_YES = 'Yes, erase it';
export const FORGET_NO = 'No, keep it';

/**
 * "Forget me" erases the profile at once, after one confirmation: the request is
 * recognized from free text, and a wrong guess must never wipe someone's answers.
 */
export class ForgetMeDialog extends ComponentDialog {
  constructor(private readonly accessors: ConversationAccessors) {
    super(FORGET_ME_DIALOG);
    this.addDialog(new QuickChoicePrompt('forgetConfirm'));
    this.addDialog(new WaterfallDialog('forgetSteps', [this.askStep.bind(this), this.actStep.bind(this)]));
    this.initialDialogId = 'forgetSteps';
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(
      'forgetConfirm',
      choicePromptOptions('Do you want me to erase everything you have told me about yourself?', [FORGET_YES, FORGET_NO]),
    );
  }

  private async actStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as FoundChoice).value !== FORGET_YES) {
      await step.context.sendActivity("Okay, I haven't erased anything.");
      return step.endDialog();
    }
    await this.accessors.forgetProfile(step.context);
    await step.context.sendActivity("Done. I've erased everything you told me about yourself. You can still use everything here.");
    // Answers a dialog was holding go too: start again from the menu.
    requestRoute(step.context, 'start_over');
    return step.endDialog();
  }
}
