import type { IncomingMessage } from 'node:http';

const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The origin browsers reach this server at: PUBLIC_BASE_URL when set, else the Host the
 * request was sent to (behind a TLS proxy, X-Forwarded-Proto says https). Undefined when
 * the Host header is missing or malformed.
 */
export function publicOrigin(req: IncomingMessage, publicBaseUrl: string | undefined): string | undefined {
  if (publicBaseUrl) return new URL(publicBaseUrl).origin;
  const host = req.headers.host;
  if (typeof host !== 'string' || !HOST.test(host)) return undefined;
  const forwarded = req.headers['x-forwarded-proto'];
  const secure = ('encrypted' in req.socket && req.socket.encrypted === true) || forwarded === 'https';
  return `${secure ? 'https' : 'http'}://${host}`;
}

/** The WebSocket origin matching an http(s) origin. */
export function toWebSocketOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}
