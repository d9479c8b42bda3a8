import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What operators can count, in the Prometheus text format (prom-client), scraped at
 * /metrics (src/features/metrics/metricsRoutes.ts). Like the logs, these are health
 * conversations: labels hold kinds and channels from short fixed lists, never an id, a
 * number, a place or anything a person typed. One registry per process, like the logger:
 * every app in a process (tests start several) counts into it.
 */
export const registry = new Registry();
const PREFIX = 'recovery_bot_';
collectDefaultMetrics({ register: registry, prefix: PREFIX });

/** Channels as labels; anything else (an anonymous caller can send any channelId) is "other". */
const CHANNELS = new Set(['webchat', 'msteams', 'emulator', 'directline', 'test', 'slack', 'facebook', 'sms', 'email']);
export const channelLabel = (channelId: string | undefined): string => (channelId && CHANNELS.has(channelId) ? channelId : 'other');

/** Latency buckets in seconds: a turn's bar is 100 ms; Redis calls are a millisecond or two. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metrics = {
  turns: new Counter({ name: `${PREFIX}turns_total`, help: 'Bot turns handled, by channel and activity type.', labelNames: ['channel', 'type'] as const, registers: [registry] }),
  turnSeconds: new Histogram({
    name: `${PREFIX}turn_duration_seconds`,
    help: 'Time from an activity reaching the bot to its turn ending (replies sent), by channel.',
    labelNames: ['channel'] as const,
    buckets: SECONDS,
    registers: [registry],
  }),
  crisisReplies: new Counter({
    name: `${PREFIX}crisis_replies_total`,
    help: 'Crisis responses sent, by the most urgent kind detected (counts only).',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  levelOfCare: new Counter({
    name: `${PREFIX}level_of_care_outcomes_total`,
    help: 'Level-of-care guidance shown at the end of an assessment, by the first level suggested and whether the helpline was urged now.',
    labelNames: ['level', 'urgent'] as const,
    registers: [registry],
  }),
  suggestions: new Counter({
    name: `${PREFIX}suggestions_total`,
    help: 'Program suggestion pages: "shown" when program cards were sent, "none" when no program fit.',
    labelNames: ['result'] as const,
    registers: [registry],
  }),
  handoffs: new Counter({ name: `${PREFIX}handoffs_requested_total`, help: 'Live-agent handoffs requested.', registers: [registry] }),
  callbacks: new Counter({ name: `${PREFIX}callbacks_requested_total`, help: 'Callback requests saved to the queue.', registers: [registry] }),
  staffActions: new Counter({
    name: `${PREFIX}staff_callback_actions_total`,
    help: 'Callback requests closed by staff, by outcome (called, unreachable).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  }),
  errors: new Counter({
    name: `${PREFIX}errors_total`,
    help: 'Errors by kind: turn (a turn threw), directline_turn (a web chat message got 502), http_5xx, state_store, rate_limited_ip, rate_limited_conversation, rate_limit_store (Redis unreachable or slower than its command timeout: the in-memory fallback counted).',
    labelNames: ['kind'] as const,
    registers: [registry],
  }),
  stateSeconds: new Histogram({
    name: `${PREFIX}state_store_duration_seconds`,
    help: 'Conversation state store calls (read, write, delete) and the web chat conversation store calls, by store and operation.',
    labelNames: ['store', 'operation'] as const,
    buckets: SECONDS,
    registers: [registry],
  }),
  connectorSeconds: new Histogram({
    name: `${PREFIX}connector_send_duration_seconds`,
    help: 'Sending a turn\'s replies to the channel\'s connector, by channel.',
    labelNames: ['channel'] as const,
    buckets: SECONDS,
    registers: [registry],
  }),
  directLineConnections: new Gauge({
    name: `${PREFIX}directline_connections`,
    help: 'Web chat WebSocket streams open on this instance.',
    registers: [registry],
  }),
};

/** What the callback gauges read at each scrape: pending requests' creation times. */
export interface PendingCallbacks {
  pending(): Promise<Array<{ createdAt: string }>>;
}

let callbackSource: PendingCallbacks | undefined;

/** The queue the pending-callback gauges read (the latest app's, when a process has several). */
export function watchCallbackQueue(queue: PendingCallbacks | undefined): void {
  callbackSource = queue;
}

async function pendingCallbacks(): Promise<Array<{ createdAt: string }>> {
  if (!callbackSource) return [];
  try {
    return await callbackSource.pending();
  } catch {
    metrics.errors.inc({ kind: 'state_store' });
    return [];
  }
}

new Gauge({
  name: `${PREFIX}callbacks_pending`,
  help: 'Callback requests waiting for staff (shared by every instance when the queue is in Redis).',
  registers: [registry],
  async collect() {
    this.set((await pendingCallbacks()).length);
  },
});

new Gauge({
  name: `${PREFIX}callbacks_oldest_pending_age_seconds`,
  help: 'Age of the oldest callback request still waiting (0 when none).',
  registers: [registry],
  async collect() {
    const oldest = Math.min(...(await pendingCallbacks()).map((r) => Date.parse(r.createdAt)));
    this.set(Number.isFinite(oldest) ? Math.max(0, (Date.now() - oldest) / 1000) : 0);
  },
});

/** Runs an async call and records its duration in a histogram, failed or not. */
export async function timed<T>(observe: (seconds: number) => void, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await call();
  } finally {
    observe((performance.now() - started) / 1000);
  }
}
