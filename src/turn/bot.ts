import { ActivityHandler, ActivityTypes, type ConversationState, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { DialogContext } from '../botframework/botbuilderDialogs.js';
import type { MainDialog } from '../../dialogs/mainDialog.js';
import type { Content } from '../domain/content.js';
import type { ConversationAccessors } from './conversationData.js';
import { repairDialogStack } from '../botframework/dialogStackRepair.js';
import { SdkTuning } from '../botframework/sdkTuning.js';
import type { Logger } from '../logger.js';
import { isHandoffStatusEvent } from '../features/handoff/handoffStatus.js';
import { textsFor } from './locale.js';

export interface RecoveryBotDeps {
  conversationState: ConversationState;
  accessors: ConversationAccessors;
  mainDialog: MainDialog;
  content: Content;
  /** Told when a stored dialog stack had to be repaired (the kind of repair only). */
  logger?: Logger;
  /** SDK_TUNING's pieces (sharedScopeConfig); default from the environment. */
  tuning?: SdkTuning;
}

/**
 * botbuilder-dialogs keeps its memory-scope configuration in turnState under this key: the
 * first DialogContext of every turn builds it (a service collection, a zod parse, nine
 * scope objects: ~70 us, an eighth of a turn) and later ones in the turn reuse it.
 */
const DIALOG_STATE_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * Turns activities into dialog turns. The welcome is sent once per conversation (a flag
 * in conversation state), not once per member added and not again on reconnect.
 */
export class RecoveryBot extends ActivityHandler {
  /**
   * The configuration the first turn built. Its scopes and path resolvers are stateless
   * (they read the turn from the DialogContext they are given), so every turn can share
   * it. Not kept when a turn brought its own scopes (turnState memoryScopes/pathResolvers).
   */
  private dialogStateConfiguration: unknown;
  private readonly shareScopeConfig: boolean;

  constructor(private readonly deps: RecoveryBotDeps) {
    super();
    const tuning = deps.tuning ?? SdkTuning.fromEnv();
    this.shareScopeConfig = tuning.has('sharedScopeConfig');

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const humans = (context.activity.membersAdded ?? []).filter((m) => m.id !== botId);
      if (humans.length > 0 && (await this.welcome(context))) await this.runDialogs(context);
      await next();
    });

    // The agent hub's handoff.status: only a dialog already waiting (the handoff wait) reacts to it.
    this.onEvent(async (context, next) => {
      if (isHandoffStatusEvent(context.activity)) {
        const dc = await this.dialogContext(context);
        if (dc.activeDialog) await this.deps.mainDialog.runTurn(dc);
      }
      await next();
    });

    // Messages do not go through ActivityHandler's dispatch: see run().
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    await this.welcome(context);
    const text = context.activity.text ?? '';
    if (text.trim().length === 0) {
      await context.sendActivity(this.emptyMessageReply(context));
    }
    await this.runDialogs(context);
  }

  /** Sends the welcome if this conversation has not had it. Returns true when it did. */
  private async welcome(context: TurnContext): Promise<boolean> {
    const data = await this.deps.accessors.getData(context);
    if (data.welcomed) return false;
    data.welcomed = true;
    for (const line of textsFor(context, this.deps.content).text.welcome) await context.sendActivity(line);
    return true;
  }

  private emptyMessageReply(context: TurnContext): string {
    const w = textsFor(context, this.deps.content).messages.emptyMessage;
    if ((context.activity.attachments ?? []).length > 0) return w.attachment;
    if (context.activity.value !== undefined) return w.unreadable;
    return w.empty;
  }

  private async runDialogs(context: TurnContext): Promise<void> {
    await this.deps.mainDialog.runTurn(await this.dialogContext(context));
  }

  /**
   * The turn's dialog context over the main dialog's own set. The main dialog holds every
   * dialog and all of the turn logic (interruptions, routes), so the bot runs it directly
   * rather than as a component on a stack of its own: one dialog context and its layer of
   * begin/continue/end calls fewer on every turn. The stack in conversation state is the
   * main dialog's stack.
   */
  private async dialogContext(context: TurnContext): Promise<DialogContext> {
    const state = (await this.deps.accessors.dialogState.get(context, { dialogStack: [] })) as DialogState;
    const dialogs = this.deps.mainDialog.dialogs;
    const repaired = repairDialogStack(state, (id) => dialogs.find(id) !== undefined);
    if (repaired) this.deps.logger?.warn({ event: 'dialog_stack_repaired', repair: repaired }, 'a stored dialog stack was repaired');
    return new DialogContext(dialogs, context, state);
  }

  override async run(context: TurnContext): Promise<void> {
    const shared = this.dialogStateConfiguration;
    if (shared !== undefined && !context.turnState.has(DIALOG_STATE_CONFIGURATION)) context.turnState.set(DIALOG_STATE_CONFIGURATION, shared);
    // Messages, nearly every turn, go straight to the dialogs: ActivityHandler's dispatch
    // (turn, then message, then dialog handler chains, each a generator-driven promise) was
    // a tenth of a turn's own work. Everything else (members added, events, invokes) takes
    // ActivityHandler's route as before.
    if (context.activity?.type === ActivityTypes.Message) await this.handleMessage(context);
    else await super.run(context);
    if (this.shareScopeConfig && shared === undefined && !context.turnState.has('memoryScopes') && !context.turnState.has('pathResolvers')) {
      this.dialogStateConfiguration = context.turnState.get(DIALOG_STATE_CONFIGURATION);
    }
    await this.deps.conversationState.saveChanges(context, false);
  }
}
