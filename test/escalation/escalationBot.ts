import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { pino } from 'pino';
import { CallbackDialog } from '../../dialogs/callbackDialog.js';
import type { CallbackSink } from '../../src/domain/callbacks/callbackStore.js';
import { CallbackQueue } from '../../src/domain/callbacks/queueStore.js';
import type { WebhookNotifier } from '../../src/domain/callbacks/webhookNotifier.js';
import { HandoffDialog } from '../../dialogs/handoffDialog.js';
import { createTestBot } from '../helpers/testBot.js';

export const silentLogger = pino({ level: 'silent' });

/** A temp directory per test, removed afterwards. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'escalation-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.parse('2025-03-03T15:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface EscalationBotOptions {
  queue: CallbackSink;
  handoff?: boolean;
  timeoutSeconds?: number;
  clock?: ManualClock;
  notifier?: Pick<WebhookNotifier, 'notify'>;
  channelId?: string;
  /** Share storage between two bots to play two instances of the app. */
  storage?: Storage;
}

/** The whole bot on a TestAdapter (helpers/testBot) with the escalation dialogs registered as app.ts does. */
export function createEscalationBot(options: EscalationBotOptions) {
  const clock = options.clock ?? new ManualClock();
  return createTestBot({
    channelId: options.channelId,
    storage: options.storage,
    extraDialogs: ({ content, accessors }) => {
      const dialogs: Dialog[] = [
        new CallbackDialog({ content, queue: options.queue, notifier: options.notifier, retentionDays: 14, logger: silentLogger, clock: clock.now }),
      ];
      if (options.handoff) {
        dialogs.push(new HandoffDialog({ content, accessors, timeoutSeconds: options.timeoutSeconds ?? 120, logger: silentLogger, clock: clock.now }));
      }
      return dialogs;
    },
  });
}

export async function openQueue(dir: string, clock = new ManualClock()): Promise<CallbackQueue> {
  return CallbackQueue.open(join(dir, 'callbacks.json'), { clock: clock.now });
}
