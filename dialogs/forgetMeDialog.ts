import type { DialogTurnResult, FoundChoice, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import { choicePromptOptions } from '../src/replies/render.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { requestRoute } from '../src/turn/turnSignals.js';
import { DialogIds } from './dialogIds.js';
import type { Messages } from '../src/domain/messages.js';

export type ForgetMeWords = Messages['forgetMe'];

/**
 * "Forget me" erases the profile at once, after one confirmation: the request is
 * recognized from free text, and a wrong guess must never wipe someone's answers.
 */
export class ForgetMeDialog extends ComponentDialog {
  private readonly words: ForgetMeWords;

  /** `words` come from the loaded content (content.messages.forgetMe), so CONTENT_DIR applies. */
  constructor(
    private readonly accessors: ConversationAccessors,
    words: ForgetMeWords,
  ) {
    super(DialogIds.forgetMe);
    this.words = words;
    this.addDialog(new QuickChoicePrompt('forgetConfirm'));
    this.addDialog(new WaterfallDialog('forgetSteps', [this.askStep.bind(this), this.actStep.bind(this)]));
    this.initialDialogId = 'forgetSteps';
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt(
      'forgetConfirm',
      choicePromptOptions(this.words.ask, [this.words.yes, this.words.no]),
    );
  }

  private async actStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as FoundChoice).value !== this.words.yes) {
      await step.context.sendActivity(this.words.kept);
      return step.endDialog();
    }
    await this.accessors.forgetProfile(step.context);
    await step.context.sendActivity(this.words.erased);
    // Answers a dialog was holding go too: start again from the menu.
    requestRoute(step.context, 'start_over');
    return step.endDialog();
  }
}
