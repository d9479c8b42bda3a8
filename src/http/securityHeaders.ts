import type { Next, Request, RequestHandler, Response } from 'restify';

/** API answers are JSON for programs: nothing in them may be framed, run or cached. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Paths whose answers are API data (never a page a person looks at). */
const API_PREFIXES: readonly string[] = ['/api/', '/v3/', '/healthz', '/readyz'];

const isApiPath = (path: string): boolean => API_PREFIXES.some((p) => path.startsWith(p));

/**
 * Security headers on every response, set in a `pre` handler so they are there even
 * for 404s, 413s and 429s. They are defaults: a route that sets its own header (the web
 * chat page sets its own Content-Security-Policy and framing rules) replaces ours,
 * because setting a header again overwrites it.
 *
 * - X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer everywhere.
 * - Content-Security-Policy default-src 'none' / frame-ancestors 'none' everywhere
 *   unless the route sets its own: it only matters for documents, so on JSON it just
 *   makes sure an API answer can never render or be framed as a page.
 * - API paths also get Cache-Control: no-store (answers can carry conversation data;
 *   no proxy or browser cache may keep them). Pages and assets choose their own caching.
 * - Strict-Transport-Security only when the request came over https (directly or as
 *   told by the proxy in front), since browsers ignore it over http anyway.
 * - No Server header: restify does not add one, and we remove it if anything does.
 */
export function securityHeaders(): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('Content-Security-Policy', API_CSP);
    if (isApiPath(req.getPath())) res.header('Cache-Control', 'no-store');
    if (cameOverHttps(req)) res.header('Strict-Transport-Security', 'max-age=31536000');
    res.removeHeader('Server');
    return next();
  };
}

function cameOverHttps(req: Request): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  return req.headers['x-forwarded-proto'] === 'https';
}
