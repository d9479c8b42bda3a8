import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { plainAddress, type ProxyTrust } from './proxyTrust.js';

export interface ConnectionCapOptions {
  /** Open connections at most, all addresses together (Node's server.maxConnections). */
  total: number;
  /** Open connections at most from one address; a trusted proxy's address is not capped. */
  perAddress: number;
  /** How long a kept-alive connection may sit idle between requests, and any socket with no traffic. */
  idleMs: number;
  trust: ProxyTrust;
  logger: Logger;
  /** At most one summary line per this many ms. */
  logEveryMs?: number;
}

/**
 * Caps on open TCP connections, so one client cannot use up the file descriptors.
 *
 * Ten thousand idle or trickling connections (a slowloris) used to take /healthz and
 * token requests down with them. Headers and bodies already have a deadline
 * (requestTimeouts.ts); this adds a ceiling on how many connections one address can hold
 * and in total, and an idle timeout on sockets that say nothing. WebSockets count too:
 * they are connections the HTTP server accepted before the upgrade.
 */
export function applyConnectionCaps(http: HttpServer, options: ConnectionCapOptions): { open(address: string): number } {
  const open = new Map<string, number>();
  const every = options.logEveryMs ?? 10_000;
  let refused = 0;
  let lastLog = Number.NEGATIVE_INFINITY;

  http.maxConnections = options.total;
  http.keepAliveTimeout = Math.min(http.keepAliveTimeout, options.idleMs);
  // Any socket with no traffic for this long is closed (ws turns this off for streams, which ping).
  http.timeout = options.idleMs;

  http.on('connection', (socket: Socket) => {
    const address = plainAddress(socket.remoteAddress ?? 'unknown');
    if (options.trust.trusts(address)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > options.perAddress) {
      socket.destroy();
      refused++;
      const now = Date.now();
      if (now - lastLog >= every) {
        // A count only, never the address.
        options.logger.warn({ event: 'connections_refused', refused }, 'connections refused: too many open from one address');
        refused = 0;
        lastLog = now;
      }
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });

  return { open: (address) => open.get(plainAddress(address)) ?? 0 };
}
