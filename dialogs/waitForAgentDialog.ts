import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { Dialog } from '../src/botframework/botbuilderDialogs.js';
import type { Logger } from 'pino';
import type { ClaimsInput } from './contracts.js';
import type { Content } from '../src/domain/content.js';
import { textsFor } from '../src/turn/locale.js';
import { helplineMessage } from '../src/replies/responses.js';
import { systemClock, type Clock } from '../src/domain/callbacks/clock.js';
import { isHandoffStatusEvent, parseHandoffStatus } from '../src/features/handoff/handoffStatus.js';
import { fill } from '../src/domain/template.js';

export const WAIT_FOR_AGENT = 'handoff.wait';

export interface WaitOptions {
  /** Epoch ms after which a person who has not been answered gets the phone line. */
  deadline: number;
}

/** Kept in dialog state (so in conversation storage): any instance can carry on the wait. */
interface WaitState {
  deadline: number;
  accepted: boolean;
}

export type HandoffOutcome = 'failed' | 'timeout' | 'completed';

export interface WaitForAgentDeps {
  content: Content;
  logger: Logger;
  clock?: Clock;
}

/**
 * Waits for the agent hub after the handoff was sent. Reacts to `handoff.status` events
 * (accepted / failed / completed) and to the person's messages: before anyone accepts, a
 * message past the stored deadline gets the phone line instead of more waiting. No timers:
 * the deadline lives in dialog state and is checked on the next turn.
 */
export class WaitForAgentDialog extends Dialog<WaitOptions> implements ClaimsInput {
  private readonly clock: Clock;

  constructor(private readonly deps: WaitForAgentDeps) {
    super(WAIT_FOR_AGENT);
    this.clock = deps.clock ?? systemClock;
  }

  override async beginDialog(dc: DialogContext, options?: WaitOptions): Promise<DialogTurnResult> {
    const state: WaitState = { deadline: options?.deadline ?? this.clock().getTime(), accepted: false };
    dc.activeDialog!.state = state;
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as WaitState;
    const activity = dc.context.activity;
    const w = textsFor(dc.context, this.deps.content).messages.handoff;

    if (isHandoffStatusEvent(activity)) {
      const parsed = parseHandoffStatus(activity.value);
      if (!parsed.ok) {
        this.deps.logger.warn({ event: 'handoff_status_invalid', problem: parsed.problem }, 'ignored a malformed handoff.status event');
        return Dialog.EndOfTurn;
      }
      this.deps.logger.info({ event: 'handoff_status', state: parsed.status.state }, 'handoff status received');
      switch (parsed.status.state) {
        case 'accepted':
          state.accepted = true;
          await dc.context.sendActivity(w.connected);
          return Dialog.EndOfTurn;
        case 'failed':
          await dc.context.sendActivity(helplineMessage(dc.context, this.deps.content, w.failed));
          return dc.endDialog('failed' satisfies HandoffOutcome);
        case 'completed':
          await dc.context.sendActivity(w.completed);
          return dc.endDialog('completed' satisfies HandoffOutcome);
      }
    }

    if (activity.type !== ActivityTypes.Message || state.accepted) {
      // Once a person has joined, the conversation is theirs: the bot stays quiet.
      return Dialog.EndOfTurn;
    }
    if (this.clock().getTime() >= state.deadline) {
      this.deps.logger.info({ event: 'handoff_timeout' }, 'no agent accepted before the deadline');
      await dc.context.sendActivity(helplineMessage(dc.context, this.deps.content, w.timeout));
      return dc.endDialog('timeout' satisfies HandoffOutcome);
    }
    await dc.context.sendActivity(this.stillWaiting(dc.context));
    return Dialog.EndOfTurn;
  }

  private stillWaiting(context: TurnContext): string {
    const { messages, text } = textsFor(context, this.deps.content);
    return fill(messages.handoff.stillWaiting, { helpline: text.helpline.display });
  }

  /**
   * A dialog opened over the wait (crisis support, "talk to someone") has ended: the wait goes
   * on. (Dialog's default would end the wait, and the handoff with it.)
   */
  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog as DialogInstance<WaitState>);
    return Dialog.EndOfTurn;
  }

  /** After an interruption (help, crisis follow-up): say where we are, unless a person is already talking. */
  override async repromptDialog(context: TurnContext, instance: DialogInstance<WaitState>): Promise<void> {
    if (!instance.state.accepted) await context.sendActivity(this.stillWaiting(context));
  }

  /** While waiting, every typed message belongs to the handoff (commands and crisis still come first). */
  claimsInput(): boolean {
    return true;
  }
}
