import type { DialogTurnResult, FoundChoice, WaterfallStepContext } from 'botbuilder-dialogs';
import { ComponentDialog, WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import { choicePromptOptions } from '../src/replies/render.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { requestRoute } from '../src/turn/turnSignals.js';
import { DialogIds } from './dialogIds.js';
import type { Messages } from '../src/domain/messages.js';
import type { TurnContext } from 'botbuilder';

export type ForgetMeWords = Messages['forgetMe'];

/**
 * "Forget me" erases the profile at once, after one confirmation: the request is
 * recognized from free text, and a wrong guess must never wipe someone's answers.
 */
export class ForgetMeDialog extends ComponentDialog {
  private readonly words: (context: TurnContext) => ForgetMeWords;
  private readonly confirm: QuickChoicePrompt;

  /**
   * `words` come from the loaded content (content.messages.forgetMe), so CONTENT_DIR applies;
   * as a function of the turn, they are in the turn's language.
   */
  constructor(
    private readonly accessors: ConversationAccessors,
    words: ForgetMeWords | ((context: TurnContext) => ForgetMeWords),
  ) {
    super(DialogIds.forgetMe);
    this.words = typeof words === 'function' ? words : () => words;
    this.confirm = new QuickChoicePrompt('forgetConfirm').drawnBy((context) => {
      const w = this.words(context);
      return choicePromptOptions(w.ask, [w.yes, w.no]);
    });
    this.addDialog(this.confirm);
    this.addDialog(new WaterfallDialog('forgetSteps', [this.askStep.bind(this), this.actStep.bind(this)]));
    this.initialDialogId = 'forgetSteps';
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.prompt('forgetConfirm', await this.confirm.draw(step.context, {}));
  }

  private async actStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const w = this.words(step.context);
    if ((step.result as FoundChoice).value !== w.yes) {
      await step.context.sendActivity(w.kept);
      return step.endDialog();
    }
    await this.accessors.forgetProfile(step.context);
    await step.context.sendActivity(w.erased);
    // Answers a dialog was holding go too: start again from the menu.
    requestRoute(step.context, 'start_over');
    return step.endDialog();
  }
}
