import type { Next, Request, RequestHandler, Response } from 'restify';

/** API answers are JSON for programs: nothing in them may be framed, run or cached. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Paths whose answers are API data (never a page a person looks at). */
const API_PREFIXES: readonly string[] = ['/api/', '/v3/', '/healthz', '/readyz'];

const isApiPath = (path: string): boolean => API_PREFIXES.some((p) => path.startsWith(p));

/**
 * Security headers on every response, including 404s, 413s and 429s. They are
 * defaults, added just before the headers are written and only where the route has
 * not set its own (restify's res.header() appends rather than replaces, so setting
 * them early would give a page two Content-Security-Policy headers; the web chat page
 * sets its own CSP and framing rules).
 *
 * - X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer everywhere.
 * - Content-Security-Policy default-src 'none' / frame-ancestors 'none': it only
 *   matters for documents, so on JSON it just makes sure an API answer can never
 *   render or be framed as a page.
 * - API paths also get Cache-Control: no-store (answers can carry conversation data;
 *   no proxy or browser cache may keep them). Pages and assets choose their own caching.
 * - Strict-Transport-Security only when the request came over https (directly or as
 *   told by the proxy in front), since browsers ignore it over http anyway.
 * - No Server header: restify does not add one, and we remove it if anything does.
 */
export function securityHeaders(): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    const defaults: Array<[string, string]> = [
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'no-referrer'],
      ['Content-Security-Policy', API_CSP],
    ];
    if (isApiPath(req.getPath())) defaults.push(['Cache-Control', 'no-store']);
    if (cameOverHttps(req)) defaults.push(['Strict-Transport-Security', 'max-age=31536000']);
    // Every way of answering (restify's send, a bare end()) goes through writeHead.
    const writeHead = res.writeHead;
    res.writeHead = function writeHeadWithDefaults(this: Response, ...args: unknown[]) {
      if (!this.headersSent) {
        for (const [name, value] of defaults) if (!this.hasHeader(name)) this.setHeader(name, value);
        this.removeHeader('Server');
      }
      return (writeHead as (...a: unknown[]) => Response).apply(this, args);
    } as Response['writeHead'];
    return next();
  };
}
function cameOverHttps(req: Request): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  return req.headers['x-forwarded-proto'] === 'https';
}
