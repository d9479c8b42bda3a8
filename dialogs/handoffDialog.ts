import { EventFactory, type TurnContext } from 'botbuilder';
import type { Dialog, DialogDependencies, DialogTurnResult, PromptOptions, WaterfallStepContext } from 'botbuilder-dialogs';
import { WaterfallDialog } from '../src/botframework/botbuilderDialogs.js';
import type { Logger } from 'pino';
import type { Content } from '../src/domain/content.js';
import { textsFor } from '../src/turn/locale.js';
import type { ConversationAccessors } from '../src/turn/conversationData.js';
import { choicePromptOptions } from '../src/replies/render.js';
import { describeProfile } from '../src/domain/profile/profileSummary.js';
import { systemClock, type Clock } from '../src/domain/callbacks/clock.js';
import { YesNoPrompt } from './callbackPrompts.js';
import { stepValues } from './stepValues.js';
import { WAIT_FOR_AGENT, WaitForAgentDialog, type WaitOptions } from './waitForAgentDialog.js';
import { bulletLines, type Messages } from '../src/domain/messages.js';
import { fill } from '../src/domain/template.js';
import { metrics } from '../src/metrics.js';

/** Registered only when HANDOFF_ENABLED; TalkDialog offers "Chat with a person" only when it finds it. */
export const HANDOFF_DIALOG_ID = 'handoff';
const CONSENT = 'handoff.consent';

/** What goes to the agent hub: the summary the person agreed to, or nothing. Never the transcript. */
export interface HandoffContext {
  summary?: string;
}

export interface HandoffDialogDeps {
  content: Content;
  accessors: ConversationAccessors;
  timeoutSeconds: number;
  logger: Logger;
  clock?: Clock;
}

interface Values {
  lines: string[];
}

/** "about 2 minutes" / "about 45 seconds". */
export function describeWait(seconds: number, words: Messages['handoff']): string {
  if (seconds < 90) return fill(words.waitSeconds, { seconds });
  return fill(words.waitMinutes, { minutes: Math.round(seconds / 60) });
}

/**
 * "Chat with a person": asks before sharing a short summary of the person's answers (the
 * profile, described as they would see it with "what do you know about me"), sends the Bot
 * Framework handoff initiation event, then waits for the hub (WaitForAgentDialog).
 */
export class HandoffDialog extends WaterfallDialog implements DialogDependencies {
  private readonly clock: Clock;
  private readonly children: Dialog[];
  private readonly consent: YesNoPrompt;

  constructor(private readonly deps: HandoffDialogDeps) {
    super(HANDOFF_DIALOG_ID);
    this.clock = deps.clock ?? systemClock;
    const words = deps.content.messages.handoff;
    this.consent = new YesNoPrompt(CONSENT, words.shareYes, words.shareNo).drawnBy((context) => this.drawConsent(context));
    this.children = [this.consent, new WaitForAgentDialog({ content: deps.content, logger: deps.logger, clock: this.clock })];
    this.addStep(this.askToShare.bind(this));
    this.addStep(this.initiate.bind(this));
    this.addStep(async (step) => step.endDialog(step.result));
  }

  getDependencies(): Dialog[] {
    return this.children;
  }

  private async askToShare(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const lines = describeProfile(await this.deps.accessors.getProfile(step.context), textsFor(step.context, this.deps.content).messages.summary);
    stepValues<Values>(step).lines = lines;
    if (lines.length === 0) return step.next(false); // nothing to share, nothing to ask
    return step.prompt(CONSENT, await this.consent.draw(step.context, {}));
  }

  /** "May I share this summary?", the summary from the profile, in the turn's language. */
  private async drawConsent(context: TurnContext): Promise<PromptOptions> {
    const lines = describeProfile(await this.deps.accessors.getProfile(context), textsFor(context, this.deps.content).messages.summary);
    const w = textsFor(context, this.deps.content).messages.handoff;
    const text = fill(w.askToShare, { summary: bulletLines(lines) });
    const retry = fill(w.tapYesOrNo, { yes: w.shareYes, no: w.shareNo });
    return choicePromptOptions(text, [w.shareYes, w.shareNo], retry);
  }

  private async initiate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const share = step.result === true;
    const lines = stepValues<Values>(step).lines ?? [];
    const handoffContext: HandoffContext = share && lines.length > 0 ? { summary: lines.join('\n') } : {};
    // No transcript: we do not keep one, and the person agreed to the summary at most.
    await step.context.sendActivity(EventFactory.createHandoffInitiation(step.context, handoffContext));
    this.deps.logger.info({ event: 'handoff_initiated', sharedSummary: handoffContext.summary !== undefined }, 'handoff requested');
    metrics.handoffs.inc();

    const helpline = textsFor(step.context, this.deps.content).text.helpline.display;
    const w = textsFor(step.context, this.deps.content).messages.handoff;
    await step.context.sendActivity(fill(w.connecting, { wait: describeWait(this.deps.timeoutSeconds, w), helpline }));
    const deadline = this.clock().getTime() + this.deps.timeoutSeconds * 1000;
    return step.beginDialog(WAIT_FOR_AGENT, { deadline } satisfies WaitOptions);
  }
}
