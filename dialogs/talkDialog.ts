import type { Dialog, DialogDependencies, DialogTurnResult, FoundChoice, PromptOptions, WaterfallStepContext } from 'botbuilder-dialogs';
import { WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import { QuickChoicePrompt } from './quickChoicePrompt.js';
import type { Content } from '../src/domain/content.js';
import type { TurnContext } from 'botbuilder';
import { textsFor } from '../src/turn/locale.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { helplineMessage } from '../src/replies/responses.js';
import { HANDOFF_DIALOG_ID } from './handoffDialog.js';
import { DialogIds } from './dialogIds.js';

const NEXT = 'talk.next';

/** What the offer after the helpline is drawn from. */
interface Offer {
  callback: boolean;
  chat: boolean;
  interrupted: boolean;
}

export interface TalkOptions {
  /** Opened over a question: "back" returns there instead of to the menu. */
  interrupted?: boolean;
}

/**
 * "Talk to someone now": the 24/7 helpline with a call action first, then the other ways
 * to reach a person: a callback, and a live chat when handoff is on. Each is offered only
 * when its dialog is registered, so a deployment without them shows just the phone line.
 *
 * A waterfall whose prompt is added to the root's set (DialogDependencies): the callback and
 * handoff dialogs then run at the root too, where their prompts can claim typed answers.
 */
export class TalkDialog extends WaterfallDialog implements DialogDependencies {
  private readonly prompt = new QuickChoicePrompt(NEXT).drawnBy((context, offer: Offer) => this.drawOffer(context, offer));

  constructor(private readonly content: Content) {
    super(DialogIds.talk);
    this.addStep(this.showHelplineStep.bind(this));
    this.addStep(this.routeStep.bind(this));
    this.addStep(async (step) => step.endDialog());
  }

  getDependencies(): Dialog[] {
    return [this.prompt];
  }

  /**
   * Already on the way to a person (another talk, a callback or a chat is under this one on
   * the stack, e.g. "talk to someone" typed while giving a phone number or waiting for a
   * chat): only the phone line, then back to that, never a second callback or chat.
   */
  private underWay(step: WaterfallStepContext): boolean {
    const ids = step.stack.map((i) => i.id);
    return ids.filter((id) => id === DialogIds.talk).length > 1 || ids.includes(DialogIds.callback) || ids.includes(HANDOFF_DIALOG_ID);
  }

  /** The content in the turn's language (src/turn/locale.ts). */
  private texts(context: TurnContext): Content {
    return textsFor(context, this.content);
  }

  private async showHelplineStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await step.context.sendActivity(helplineMessage(step.context, this.content));
    const offer: Offer = {
      callback: !this.underWay(step) && step.findDialog(DialogIds.callback) !== undefined,
      chat: !this.underWay(step) && step.findDialog(HANDOFF_DIALOG_ID) !== undefined,
      interrupted: (step.options as TalkOptions | undefined)?.interrupted === true,
    };
    if (!offer.callback && !offer.chat) return step.endDialog();
    return step.prompt(NEXT, await this.prompt.draw(step.context, offer));
  }

  /** A callback and a chat, where they are on, in the turn's language. */
  private drawOffer(context: TurnContext, offer: Offer): PromptOptions {
    const t = this.texts(context);
    const w = t.messages.talk;
    const choices = [...(offer.callback ? [w.callback] : []), ...(offer.chat ? [w.chat] : []), offer.interrupted ? t.text.learn.resume : t.text.learn.back];
    return choicePromptOptions(offer.chat ? w.offerCallbackOrChat : w.offerCallback, choices, t.text.fallback.first);
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choice = (step.result as FoundChoice | undefined)?.value;
    const w = this.texts(step.context).messages.talk;
    if (choice === w.callback) return step.beginDialog(DialogIds.callback);
    if (choice === w.chat) return step.beginDialog(HANDOFF_DIALOG_ID);
    return step.endDialog();
  }
}
