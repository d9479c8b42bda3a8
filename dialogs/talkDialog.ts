import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Content } from '../src/content.js';
import { helplineMessage } from '../src/responses.js';
import { DialogIds } from './dialogIds.js';

const STEPS = 'talkSteps';

/** "Talk to someone now": the 24/7 helpline with a call action, its hours and what happens when you call. */
export class TalkDialog extends ComponentDialog {
  constructor(private readonly content: Content) {
    super(DialogIds.talk);
    this.addDialog(new WaterfallDialog(STEPS, [this.showHelplineStep.bind(this)]));
    this.initialDialogId = STEPS;
  }

  private async showHelplineStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(helplineMessage(step.context, this.content));
    return step.endDialog();
  }
}
