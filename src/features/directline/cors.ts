import type { Next, Request, Response, Server } from 'restify';
import { sendError } from './httpErrors.js';
import { OriginPolicy } from './originPolicy.js';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
// directlinejs sends Authorization, Content-Type, Accept and x-ms-bot-agent.
const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept, x-ms-bot-agent, x-requested-with';

/**
 * CORS for one route. Returns false (and has answered 403) when the request comes from
 * a browser page whose origin is not allowed: the action is refused, not only hidden.
 */
export function corsAllows(policy: OriginPolicy, req: Request, res: Response): boolean {
  const origin = OriginPolicy.originOf(req.headers);
  res.header('Vary', 'Origin');
  if (origin === undefined) return true;
  if (!policy.allows(origin, req.headers)) {
    sendError(res, 403, 'OriginNotAllowed', 'This site is not allowed to use the chat. Add its origin to ALLOWED_ORIGINS.');
    return false;
  }
  res.header('Access-Control-Allow-Origin', origin);
  res.header('Access-Control-Expose-Headers', 'Retry-After');
  return true;
}

/**
 * Answers preflight requests for paths matching `pattern`. It runs as a `pre` handler:
 * a browser preflight has no body and no Content-Length, which the server's body parser
 * (a `use` handler) would refuse with 415 before any route saw it.
 */
export function registerPreflight(server: Server, policy: OriginPolicy, pattern: RegExp): void {
  server.pre((req: Request, res: Response, next: Next) => {
    if (req.method !== 'OPTIONS' || !pattern.test(req.getPath())) return next();
    if (corsAllows(policy, req, res)) {
      res.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.header('Access-Control-Max-Age', '600');
      res.send(204);
    }
    return next(false);
  });
}
