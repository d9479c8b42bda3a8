import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Loopback and private ranges: where a reverse proxy in front of the bot would connect from. */
const PRIVATE = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|f[cd]|::ffff:(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.))/i;

/**
 * The client address rate limits are keyed by. Straight from the socket, except when
 * the peer is a private or loopback address (a reverse proxy such as App Service's
 * front end): then the last X-Forwarded-For entry, the one that proxy added, because
 * otherwise every client would share the proxy's bucket. Earlier entries are ignored:
 * the client can write anything there. (Same rule as the Direct Line token limiter.)
 */
export function clientAddress(req: IncomingMessage): string {
  const remote = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (typeof forwarded !== 'string' || !PRIVATE.test(remote)) return remote;
  const last = forwarded
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .at(-1);
  return last !== undefined && isIP(last) !== 0 ? last : remote;
}
