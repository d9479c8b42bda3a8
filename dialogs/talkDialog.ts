import type { Dialog, DialogDependencies, DialogTurnResult, FoundChoice, WaterfallStepContext } from 'botbuilder-dialogs';
import { WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import type { Content } from '../src/domain/content.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { helplineMessage } from '../src/replies/responses.js';
import { HANDOFF_DIALOG_ID } from './handoffDialog.js';
import { DialogIds } from './dialogIds.js';

const NEXT = 'talk.next';

export const TALK_CHOICES = {
  callback: 'Request a callback',
  chat: 'Chat with a person',
} as const;

/**
 * "Talk to someone now": the 24/7 helpline with a call action first, then the other ways
 * to reach a person: a callback, and a live chat when handoff is on. Each is offered only
 * when its dialog is registered, so a deployment without them shows just the phone line.
 *
 * A waterfall whose prompt is added to the root's set (DialogDependencies): the callback and
 * handoff dialogs then run at the root too, where their prompts can claim typed answers.
 */
export class TalkDialog extends WaterfallDialog implements DialogDependencies {
  private readonly prompt = new QuickChoicePrompt(NEXT);

  constructor(private readonly content: Content) {
    super(DialogIds.talk);
    this.addStep(this.showHelplineStep.bind(this));
    this.addStep(this.routeStep.bind(this));
    this.addStep(async (step) => step.endDialog());
  }

  getDependencies(): Dialog[] {
    return [this.prompt];
  }

  private choices(step: WaterfallStepContext): string[] {
    return [
      ...(step.findDialog(DialogIds.callback) ? [TALK_CHOICES.callback] : []),
      ...(step.findDialog(HANDOFF_DIALOG_ID) ? [TALK_CHOICES.chat] : []),
    ];
  }

  private async showHelplineStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(helplineMessage(step.context, this.content));
    const choices = this.choices(step);
    if (choices.length === 0) return step.endDialog();
    const canChat = choices.includes(TALK_CHOICES.chat);
    const text = canChat
      ? "If now isn't a good time for a call, I can ask someone to call you back, or you can chat with a person here."
      : "If now isn't a good time for a call, I can ask someone to call you back.";
    return step.prompt(NEXT, choicePromptOptions(text, [...choices, this.content.text.learn.back], this.content.text.fallback.first));
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choice = (step.result as FoundChoice | undefined)?.value;
    if (choice === TALK_CHOICES.callback) return step.beginDialog(DialogIds.callback);
    if (choice === TALK_CHOICES.chat) return step.beginDialog(HANDOFF_DIALOG_ID);
    return step.endDialog();
  }
}
