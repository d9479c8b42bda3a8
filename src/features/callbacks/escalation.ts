import type { Dialog } from 'botbuilder-dialogs';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import { CallbackDialog } from '../../../dialogs/callbackDialog.js';
import type { Config } from '../../config.js';
import type { Content } from '../../domain/content.js';
import type { ConversationAccessors } from '../../turn/conversationData.js';
import { HandoffDialog } from '../../../dialogs/handoffDialog.js';
import { fromRoot } from '../../paths.js';
import { systemClock, type Clock } from '../../domain/callbacks/clock.js';
import type { CallbackStore } from '../../domain/callbacks/callbackStore.js';
import { CallbackQueue } from '../../domain/callbacks/queueStore.js';
import { isRedisUrl } from '../../state/redisClient.js';
import { RedisCallbackQueue } from '../../domain/callbacks/redisCallbackQueue.js';
import { startRetentionPurge, type RetentionPurge } from '../../domain/callbacks/retentionPurge.js';
import { registerStaffCallbackRoutes } from './staffRoutes.js';
import { WebhookNotifier, type WebhookDeps } from '../../domain/callbacks/webhookNotifier.js';

export interface EscalationDeps {
  content: Content;
  accessors: ConversationAccessors;
  logger: Logger;
  clock?: Clock;
  /** Test seams for the webhook. */
  fetch?: WebhookDeps['fetch'];
  sleep?: WebhookDeps['sleep'];
}

export interface Escalation {
  queue: CallbackStore;
  notifier: WebhookNotifier | undefined;
  purge: RetentionPurge;
  /** Callback dialog always; handoff dialog only when HANDOFF_ENABLED. */
  dialogs: Dialog[];
  /** The staff API (off, i.e. 404, without STAFF_API_TOKEN). */
  registerRoutes(server: Server): void;
  close(): Promise<void>;
}

/**
 * Builds the "reach a person" features from configuration: the callback queue (opened now,
 * so a corrupt file stops start-up with one error naming it), its retention purge, the
 * optional staff webhook, the staff API, and the live-agent handoff when enabled.
 */
export async function createEscalation(config: Config, deps: EscalationDeps): Promise<Escalation> {
  const clock = deps.clock ?? systemClock;
  // Settings first, so a bad one fails before the purge timer starts.
  const notifier = config.CALLBACK_WEBHOOK_URL
    ? new WebhookNotifier({ url: config.CALLBACK_WEBHOOK_URL }, { logger: deps.logger, fetch: deps.fetch, sleep: deps.sleep })
    : undefined;
  const queue = await openCallbackStore(config, deps.logger, clock);
  const purge = startRetentionPurge(queue, { retentionDays: config.CALLBACK_RETENTION_DAYS, clock, logger: deps.logger });

  const dialogs: Dialog[] = [
    new CallbackDialog({ content: deps.content, queue, notifier, retentionDays: config.CALLBACK_RETENTION_DAYS, logger: deps.logger, clock }),
  ];
  if (config.HANDOFF_ENABLED) {
    dialogs.push(new HandoffDialog({ content: deps.content, accessors: deps.accessors, timeoutSeconds: config.HANDOFF_TIMEOUT_SECONDS, logger: deps.logger, clock }));
  }

  return {
    queue,
    notifier,
    purge,
    dialogs,
    registerRoutes: (server) => registerStaffCallbackRoutes(server, { queue, tokens: [...(config.STAFF_API_TOKEN ? [config.STAFF_API_TOKEN] : []), ...config.STAFF_TOKENS], logger: deps.logger }),
    async close() {
      purge.stop();
      await purge.settled();
      await queue.close();
    },
  };
}

/**
 * Where callback requests wait: with STATE_STORE=redis://… several instances share the
 * queue in that Redis (so staff see every request whichever instance took it);
 * otherwise the CALLBACK_QUEUE_PATH file, which one process owns.
 */
async function openCallbackStore(config: Config, logger: Logger, clock: Clock): Promise<CallbackStore> {
  if (isRedisUrl(config.STATE_STORE)) {
    logger.info({ event: 'callback_queue', store: 'redis' }, 'callback requests are kept in the shared Redis');
    return new RedisCallbackQueue({ url: config.STATE_STORE, logger, clock });
  }
  return CallbackQueue.open(fromRoot(config.CALLBACK_QUEUE_PATH), { clock });
}
