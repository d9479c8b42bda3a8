import type { IncomingMessage } from 'node:http';
import type { OriginPolicy } from './originPolicy.js';

const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** How a browser on this machine names it (URL hostnames, so IPv6 in brackets). */
const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Headers a proxy adds. Behind one, a loopback Host is the proxy's upstream, not what the browser uses. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto'];

/**
 * The origin to write into URLs handed to the browser (the token's domain, streamUrl), or
 * '' for URLs relative to the page. The Host header is whatever the client sent, so on
 * its own it never goes into those URLs (it could point the page, or a cache, at any
 * host). It is used only when it names an origin the server already knows:
 * - PUBLIC_BASE_URL, when set, always;
 * - a loopback name on the port the request arrived on, sent directly (npm start opened
 *   at http://localhost:3978/);
 * - the host of an origin in ALLOWED_ORIGINS, as listed there.
 * Anything else gets '' and relative URLs, which the chat page (same origin as these
 * routes, also inside the widget's iframe) resolves against its own address.
 */
export function publicOrigin(req: IncomingMessage, known: { publicBaseUrl: string | undefined; origins: OriginPolicy }): string {
  if (known.publicBaseUrl) return new URL(known.publicBaseUrl).origin;
  const host = req.headers.host;
  if (typeof host !== 'string' || !HOST.test(host)) return '';
  const listed = known.origins.listedOriginForHost(host);
  if (listed !== undefined) return listed;
  const secure = 'encrypted' in req.socket && req.socket.encrypted === true;
  let url: URL;
  try {
    url = new URL(`${secure ? 'https' : 'http'}://${host}`);
  } catch {
    return ''; // e.g. "[1.2.3.4]": shaped like a host, but not one
  }
  const port = Number(url.port || (secure ? 443 : 80));
  const proxied = PROXY_HEADERS.some((name) => req.headers[name] !== undefined);
  if (LOOPBACK_HOSTNAMES.has(url.hostname) && port === req.socket.localPort && !proxied) return url.origin;
  return '';
}

/** The WebSocket origin matching an http(s) origin ('' stays '': relative). */
export function toWebSocketOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}
