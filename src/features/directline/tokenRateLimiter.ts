/**
 * A light per-IP limit on minting tokens (each token opens a conversation), in fixed
 * one-minute windows. Global rate limiting lives elsewhere; this only stops one client
 * from filling the conversation table.
 */
export const TOKENS_PER_IP_PER_MINUTE = 20;
const WINDOW_MS = 60_000;
/** Tracked IPs at most; the table is cleared when it grows past this (fails open, never unbounded). */
const MAX_TRACKED = 10_000;

export class TokenRateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly perMinute: number = TOKENS_PER_IP_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns seconds to wait when over the limit, else 0. */
  take(ip: string): number {
    const now = this.now();
    if (now - this.windowStart >= WINDOW_MS || this.counts.size >= MAX_TRACKED) {
      this.windowStart = now;
      this.counts.clear();
    }
    const count = (this.counts.get(ip) ?? 0) + 1;
    this.counts.set(ip, count);
    if (count <= this.perMinute) return 0;
    return Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - now) / 1000));
  }
}
