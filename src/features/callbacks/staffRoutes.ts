import { createHash } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { hasBearerToken } from '../../domain/callbacks/bearerAuth.js';
import type { CallbackStore } from '../../domain/callbacks/callbackStore.js';
import { metrics } from '../../metrics.js';
import { registerStaffPage } from './staffPage.js';

const IdParam = z.object({ id: z.uuid() });

export interface StaffRoutesOptions {
  queue: CallbackStore;
  /** STAFF_API_TOKEN and STAFF_TOKENS. Without any the routes (and /staff) are not registered at all, so they answer 404. */
  tokens: readonly string[];
  logger: Logger;
  /** The staff page at /staff (default on with the API). */
  page?: boolean;
  now?: () => Date;
}

/** Who acted, for the log: a short fingerprint of their token (never the token, never the number). */
export const staffFingerprint = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 8);

/**
 * The staff API for callbacks:
 *   GET  /api/callbacks            pending requests, oldest first
 *   POST /api/callbacks/:id/done   the call was made: the request and its number are deleted
 *   POST /api/callbacks/:id/unreachable   no answer: one more attempt noted, the request stays
 * Each needs `Authorization: Bearer <token>` with STAFF_API_TOKEN or one of STAFF_TOKENS;
 * a missing or wrong token gets 401. Responses hold phone numbers, so they are never
 * cached and never logged; every action is logged with the request id and who acted
 * (their token's fingerprint), without the number. The page at /staff uses these.
 */
export function registerStaffCallbackRoutes(server: Server, options: StaffRoutesOptions): void {
  const { queue, tokens, logger } = options;
  const now = options.now ?? (() => new Date());
  if (tokens.length === 0) {
    logger.info({ event: 'staff_api_disabled' }, 'STAFF_API_TOKEN and STAFF_TOKENS are not set: the staff callback API and page are off (404)');
    return;
  }
  if (options.page !== false) registerStaffPage(server, { logger });

  // Wrong tokens are counted and logged at most once every 10 s: one line per attempt let
  // a token-guessing run fill the log (the per-address rate limit bounds the attempts).
  let refusedSinceLog = 0;
  let lastLogAt = Number.NEGATIVE_INFINITY;
  /** The fingerprint of the staff token the request carries; undefined (401 sent) without one. */
  const authorized = (req: Request, res: Response): string | undefined => {
    res.header('Cache-Control', 'no-store');
    // Every token is compared (in constant time each), so the time says nothing about which matched.
    let staff: string | undefined;
    for (const token of tokens) if (hasBearerToken(req.header('authorization'), token)) staff ??= staffFingerprint(token);
    if (staff) return staff;
    refusedSinceLog++;
    if (Date.now() - lastLogAt >= 10_000) {
      logger.warn({ event: 'staff_api_unauthorized', refused: refusedSinceLog }, 'staff API requests without a valid token');
      refusedSinceLog = 0;
      lastLogAt = Date.now();
    }
    res.header('WWW-Authenticate', 'Bearer realm="staff"');
    res.send(401, { error: 'unauthorized' });
    return undefined;
  };

  server.get('/api/callbacks', async (req: Request, res: Response) => {
    const staff = authorized(req, res);
    if (!staff) return;
    let requests;
    try {
      requests = await queue.pending();
    } catch (err) {
      logger.error({ event: 'staff_callbacks_list_failed', errorName: (err as Error).name }, 'could not list callbacks');
      res.send(503, { error: 'queue_unavailable' });
      return;
    }
    logger.info({ event: 'staff_callbacks_listed', count: requests.length, staff }, 'staff listed callbacks');
    res.send(200, { requests });
  });

  /**
   * One staff action on one request: the token, the id, the queue call, a 404 when the request
   * is gone, a 503 when the queue is down. `act` does the queue call and says what to log
   * (never the number) and send.
   */
  const staffAction = (
    action: 'done' | 'unreachable',
    outcome: 'called' | 'unreachable',
    act: (id: string) => Promise<{ fields: Record<string, unknown>; message: string; body: Record<string, unknown> } | undefined>,
  ) => {
    server.post(`/api/callbacks/:id/${action}`, async (req: Request, res: Response) => {
      const staff = authorized(req, res);
      if (!staff) return;
      const params = IdParam.safeParse(req.params);
      if (!params.success) {
        res.send(400, { error: 'bad_id', message: 'the id must be a request id (a UUID)' });
        return;
      }
      try {
        const done = await act(params.data.id);
        if (!done) {
          res.send(404, { error: 'not_found' });
          return;
        }
        metrics.staffActions.inc({ outcome });
        logger.info({ event: `staff_callback_${action}`, requestId: params.data.id, ...done.fields, staff }, done.message);
        res.send(200, { id: params.data.id, ...done.body });
      } catch (err) {
        logger.error({ event: `staff_callback_${action}_failed`, errorName: (err as Error).name }, `could not mark callback ${action}`);
        res.send(503, { error: 'queue_unavailable' });
      }
    });
  };

  staffAction('done', 'called', async (id) =>
    (await queue.markDone(id)) ? { fields: {}, message: 'callback marked done and deleted', body: { status: 'done' } } : undefined,
  );
  staffAction('unreachable', 'unreachable', async (id) => {
    const updated = await queue.markUnreachable(id, now());
    return updated
      ? { fields: { attempts: updated.attempts }, message: 'callback attempt noted: no answer', body: { status: 'pending', attempts: updated.attempts } }
      : undefined;
  });
}
