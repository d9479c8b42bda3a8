import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

const PRIVATE = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|fc|fd|::ffff:(127|10|192\.168)\.)/i;

/**
 * The client's IP for rate limiting. Behind a reverse proxy on a private or loopback
 * address every request would share the proxy's IP, so there the last X-Forwarded-For
 * entry (the one the proxy added) is used instead.
 */
export function clientIp(req: IncomingMessage): string {
  const remote = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded !== 'string' || !PRIVATE.test(remote)) return remote;
  const last = forwarded.split(',').map((s) => s.trim()).filter((s) => s.length > 0).at(-1);
  return last !== undefined && isIP(last) !== 0 ? last : remote;
}
