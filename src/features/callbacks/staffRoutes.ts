import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { hasBearerToken } from '../../domain/callbacks/bearerAuth.js';
import type { CallbackStore } from '../../domain/callbacks/callbackStore.js';

const IdParam = z.object({ id: z.uuid() });

export interface StaffRoutesOptions {
  queue: CallbackStore;
  /** STAFF_API_TOKEN. Without one the routes are not registered at all, so they answer 404. */
  token: string | undefined;
  logger: Logger;
}

/**
 * The staff API for callbacks:
 *   GET  /api/callbacks            pending requests, oldest first
 *   POST /api/callbacks/:id/done   the call was made: the request and its number are deleted
 * Both need `Authorization: Bearer <STAFF_API_TOKEN>`; a missing or wrong token gets 401.
 * Responses hold phone numbers, so they are never cached and never logged.
 */
export function registerStaffCallbackRoutes(server: Server, options: StaffRoutesOptions): void {
  const { queue, token, logger } = options;
  if (!token) {
    logger.info({ event: 'staff_api_disabled' }, 'STAFF_API_TOKEN is not set: the staff callback API is off (404)');
    return;
  }

  // Wrong tokens are counted and logged at most once every 10 s: one line per attempt let
  // a token-guessing run fill the log (the per-address rate limit bounds the attempts).
  let refusedSinceLog = 0;
  let lastLogAt = Number.NEGATIVE_INFINITY;
  const authorized = (req: Request, res: Response): boolean => {
    res.header('Cache-Control', 'no-store');
    if (hasBearerToken(req.header('authorization'), token)) return true;
    refusedSinceLog++;
    if (Date.now() - lastLogAt >= 10_000) {
      logger.warn({ event: 'staff_api_unauthorized', refused: refusedSinceLog }, 'staff API requests without a valid token');
      refusedSinceLog = 0;
      lastLogAt = Date.now();
    }
    res.header('WWW-Authenticate', 'Bearer realm="staff"');
    res.send(401, { error: 'unauthorized' });
    return false;
  };

  server.get('/api/callbacks', async (req: Request, res: Response) => {
    if (!authorized(req, res)) return;
    let requests;
    try {
      requests = await queue.pending();
    } catch (err) {
      logger.error({ event: 'staff_callbacks_list_failed', errorName: (err as Error).name }, 'could not list callbacks');
      res.send(503, { error: 'queue_unavailable' });
      return;
    }
    logger.info({ event: 'staff_callbacks_listed', count: requests.length }, 'staff listed callbacks');
    res.send(200, { requests });
  });

  server.post('/api/callbacks/:id/done', async (req: Request, res: Response) => {
    if (!authorized(req, res)) return;
    const params = IdParam.safeParse(req.params);
    if (!params.success) {
      res.send(400, { error: 'bad_id', message: 'the id must be a request id (a UUID)' });
      return;
    }
    try {
      const removed = await queue.markDone(params.data.id);
      if (!removed) {
        res.send(404, { error: 'not_found' });
        return;
      }
      logger.info({ event: 'staff_callback_done', requestId: params.data.id }, 'callback marked done and deleted');
      res.send(200, { id: params.data.id, status: 'done' });
    } catch (err) {
      logger.error({ event: 'staff_callback_done_failed', errorName: (err as Error).name }, 'could not mark callback done');
      res.send(503, { error: 'queue_unavailable' });
    }
  });
}
