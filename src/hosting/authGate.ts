import { TokenBucketLimiter } from './tokenBucketLimiter.js';

export interface AuthGateOptions {
  /** Token checks in progress at most, all callers together. */
  total: number;
  /** Token checks in progress at most for one client address. */
  perAddress: number;
  /** A check that has not finished by then is answered 503 (its work may go on, bounded by the caps). */
  timeoutMs: number;
  /** Failed checks per address per minute before that address is refused with 429 without a check. */
  failuresPerMinute?: number;
  now?: () => number;
}

export type GateOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: 429 | 503; retryAfterSeconds: number; reason: 'busy' | 'timeout' | 'failures' };

/** Thrown by `check` for a request whose credentials were checked and refused. */
export type IsRefusal = (err: unknown) => boolean;

/**
 * Bounds the cost of checking Bot Framework tokens (MicrosoftAppId set).
 *
 * A token with a plausible header but any signature makes botbuilder fetch the signing
 * keys, with no timeout of its own; a flood of them held one socket and one pending
 * promise each until memory ran out. Here each check has a deadline, the checks in
 * progress are capped in total and per address (beyond the cap: 503 with Retry-After, at
 * once), and an address whose checks keep failing is refused with 429 for a while.
 *
 * Only failures count against an address: the Bot Connector's few shared addresses send
 * every Teams and Azure channel message, all with valid tokens, so counting every request
 * per address would throttle all users together.
 */
export class AuthGate {
  private pendingTotal = 0;
  private readonly pending = new Map<string, number>();
  private readonly failures: TokenBucketLimiter;

  constructor(private readonly options: AuthGateOptions) {
    this.failures = new TokenBucketLimiter({ perMinute: options.failuresPerMinute ?? 30, now: options.now });
  }

  get inProgress(): number {
    return this.pendingTotal;
  }

  async check<T>(address: string, authenticate: () => Promise<T>, isRefusal: IsRefusal): Promise<GateOutcome<T>> {
    const wait = this.failures.peek(address);
    if (wait > 0) return { ok: false, status: 429, retryAfterSeconds: wait, reason: 'failures' };
    const mine = this.pending.get(address) ?? 0;
    if (this.pendingTotal >= this.options.total || mine >= this.options.perAddress) {
      return { ok: false, status: 503, retryAfterSeconds: 2, reason: 'busy' };
    }
    this.pendingTotal++;
    this.pending.set(address, mine + 1);
    const work = authenticate();
    // The slot is held until the check itself settles, not just until the deadline:
    // a hung key fetch keeps counting, so the caps bound real work, not answered requests.
    const release = (): void => {
      this.pendingTotal--;
      const left = (this.pending.get(address) ?? 1) - 1;
      if (left <= 0) this.pending.delete(address);
      else this.pending.set(address, left);
    };
    work.then(release, release);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.timeoutMs);
    });
    try {
      const first = await Promise.race([work.then((value) => ({ value })), deadline]);
      if (first === 'timeout') return { ok: false, status: 503, retryAfterSeconds: 5, reason: 'timeout' };
      return { ok: true, value: first.value };
    } catch (err) {
      if (isRefusal(err)) this.failures.take(address);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Counts a request refused before any check (a malformed token) against its address. */
  failed(address: string): void {
    this.failures.take(address);
  }
}
