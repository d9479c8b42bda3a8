import type { Server as HttpServer } from 'node:http';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { Logger } from 'pino';

/**
 * Node's own limits on receiving a request: a client that trickles its headers or body
 * (slowloris) is cut off after `timeoutMs`. Node checks these on an interval (30 s by
 * default), so the interval is shortened to match; it must be set before listen().
 */
export function applyServerTimeouts(http: HttpServer, timeoutMs: number): void {
  http.requestTimeout = timeoutMs;
  http.headersTimeout = timeoutMs;
  // Public since Node 18.8; read when the server starts listening.
  (http as HttpServer & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(250, Math.min(30_000, Math.floor(timeoutMs / 4)));
}

/** What to answer when a handler has not answered in time (a route can choose its own). */
export type TimeoutAnswer = (res: Response) => void;

const ANSWERS = new WeakMap<Request, TimeoutAnswer>();

/** Lets a route choose its answer for when it runs out of time (see /api/messages). */
export function setTimeoutAnswer(req: Request, answer: TimeoutAnswer): void {
  ANSWERS.set(req, answer);
}

/** The default: 503 with Retry-After, so a client or proxy tries again shortly. */
export const serviceUnavailable: TimeoutAnswer = (res) => {
  res.header('Retry-After', '5');
  res.send(503, { error: 'timeout', message: 'This took too long. Please try again.' });
};

/**
 * For a bot turn whose HTTP answer carries nothing (a message, not an invoke or an
 * expectReplies request): 202, the activity is accepted and its replies will still
 * go out through the connector. A 5xx here would make the channel report a failure,
 * and a retry would run the same message twice.
 */
export const acceptedTurnContinues: TimeoutAnswer = (res) => {
  res.send(202);
};

/**
 * A per-request deadline: if no answer has started after `timeoutMs`, the client gets
 * one (503 by default) instead of waiting on a hung handler.
 *
 * It never cuts anything: a response that has started is left to finish, and the
 * handler keeps running (a bot turn still sends its replies through the connector and
 * saves its state). Only writes the handler makes to this response after the deadline
 * answered are dropped, so it cannot crash on "headers already sent".
 */
export function requestDeadline(timeoutMs: number, logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    const timer = setTimeout(() => {
      if (res.headersSent || res.writableEnded) return;
      const answer = ANSWERS.get(req) ?? serviceUnavailable;
      answer(res);
      ignoreLateWrites(res);
      // The route pattern, not the path: paths can carry conversation ids.
      logger.warn({ event: 'request_deadline', route: req.getRoute()?.path?.toString() ?? 'unknown', status: res.statusCode, timeoutMs }, 'request answered at its deadline');
    }, timeoutMs);
    const clear = (): void => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    return next();
  };
}

/** Response methods a late handler might still call; after the deadline answered they do nothing. */
const WRITE_METHODS = ['send', 'sendRaw', 'json', 'header', 'setHeader', 'removeHeader', 'writeHead', 'write', 'end', 'status', 'redirect'] as const;

function ignoreLateWrites(res: Response): void {
  for (const name of WRITE_METHODS) {
    Object.defineProperty(res, name, {
      configurable: true,
      writable: true,
      value: name === 'write' ? () => true : () => res,
    });
  }
}
