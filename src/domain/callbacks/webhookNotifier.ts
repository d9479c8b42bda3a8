import type { Logger } from 'pino';
import { z } from 'zod';

/** Webhook settings, validated when the notifier is built. */
export const WebhookOptions = z.object({
  url: z.url({ protocol: /^https?$/, error: 'CALLBACK_WEBHOOK_URL must be an http(s) URL' }),
  /** Total tries, the first included. */
  maxAttempts: z.int().min(1).max(10).default(5),
  /** Wait before the second try; doubles each time, up to maxDelayMs. */
  baseDelayMs: z.int().min(0).default(2000),
  maxDelayMs: z.int().min(0).default(60_000),
  /** Per try. */
  timeoutMs: z.int().min(1).default(10_000),
});
export type WebhookOptions = z.input<typeof WebhookOptions>;

/** The whole body: the request id and best time. Staff fetch the number from the protected API. */
export interface CallbackNotice {
  id: string;
  bestTime: string;
}

/** Bad webhook settings, found at start-up; the message names the setting (never a secret in the URL). */
export class WebhookConfigError extends Error {
  override name = 'WebhookConfigError';
}

export type NotifyOutcome = { delivered: true; attempts: number } | { delivered: false; attempts: number };

export interface WebhookDeps {
  logger: Logger;
  fetch?: typeof fetch;
  /** Injectable wait, so tests check the backoff without waiting for it. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** Worth another try: the receiver may be briefly down or busy. Other 4xx will not change. */
const retryable = (status: number): boolean => status >= 500 || status === 408 || status === 429;

/**
 * Tells staff a callback was requested. Fire and forget: notify() never throws and the
 * conversation never waits for it; the request is already safe in the queue, so a
 * notice that gives up only means staff see it on their next look at the queue.
 */
export class WebhookNotifier {
  private readonly options: z.output<typeof WebhookOptions>;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly inFlight = new Set<Promise<NotifyOutcome>>();

  constructor(
    options: WebhookOptions,
    private readonly deps: WebhookDeps,
  ) {
    const parsed = WebhookOptions.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new WebhookConfigError(`Invalid webhook settings: ${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
    }
    this.options = parsed.data;
    this.fetch = deps.fetch ?? globalThis.fetch;
    this.sleep = deps.sleep ?? realSleep;
  }

  /** Backoff before try `attempt` (2, 3, ...): base, 2×base, 4×base, capped. */
  delayBefore(attempt: number): number {
    return Math.min(this.options.baseDelayMs * 2 ** (attempt - 2), this.options.maxDelayMs);
  }

  notify(notice: CallbackNotice): Promise<NotifyOutcome> {
    const run = this.deliver({ id: notice.id, bestTime: notice.bestTime });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  /** Resolves when every notice sent so far has been delivered or given up. */
  async idle(): Promise<void> {
    await Promise.allSettled(this.inFlight);
  }

  private async deliver(notice: CallbackNotice): Promise<NotifyOutcome> {
    const { logger } = this.deps;
    const body = JSON.stringify({ id: notice.id, bestTime: notice.bestTime } satisfies CallbackNotice);
    let attempts = 0;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      attempts = attempt;
      if (attempt > 1) await this.sleep(this.delayBefore(attempt));
      let status: number;
      try {
        const response = await this.fetch(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        status = response.status;
        await response.body?.cancel().catch(() => undefined);
        if (response.ok) {
          logger.info({ event: 'callback_webhook_delivered', requestId: notice.id, attempts: attempt }, 'callback webhook delivered');
          return { delivered: true, attempts: attempt };
        }
      } catch (err) {
        // Network error or timeout: retry. Name only; messages can carry the URL's secrets.
        logger.warn({ event: 'callback_webhook_error', requestId: notice.id, attempt, errorName: (err as Error).name }, 'callback webhook try failed');
        continue;
      }
      logger.warn({ event: 'callback_webhook_error', requestId: notice.id, attempt, status }, 'callback webhook try failed');
      if (!retryable(status)) break;
    }
    logger.error({ event: 'callback_webhook_gave_up', requestId: notice.id }, 'callback webhook gave up; the request is still in the queue');
    return { delivered: false, attempts };
  }
}
