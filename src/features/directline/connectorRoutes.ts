import type { Request, Response, Server } from 'restify';
import type { BotBridge } from './botBridge.js';
import { CONNECTOR_BASE_PATH } from './botBridge.js';
import type { DirectLineConversations } from './conversations.js';
import { sendError } from './httpErrors.js';
import { BotActivity, describeIssue } from './schemas.js';

// Fields of a bot activity that name our internal endpoint; they never reach the browser.
const INTERNAL_FIELDS = ['serviceUrl', 'relatesTo', 'callerId', 'channelId'] as const;

/**
 * The internal Bot Connector endpoint the bot sends its replies to (the `serviceUrl` of
 * every local Direct Line activity): sendToConversation and replyToActivity. Admitted
 * only with the per-process secret path segment and only from this machine; anything
 * else gets the same 404 as an unknown path.
 */
export function registerConnectorRoutes(server: Server, bridge: BotBridge, store: DirectLineConversations): void {
  const base = `${CONNECTOR_BASE_PATH}/:secret/v3/conversations/:conversationId/activities`;

  const receive = async (req: Request, res: Response): Promise<void> => {
    const params = req.params as Record<string, string | undefined>;
    const sameHost = req.socket.remoteAddress !== undefined && req.socket.remoteAddress === req.socket.localAddress;
    if (!sameHost || !bridge.isConnectorSecret(params.secret ?? '')) {
      sendError(res, 404, 'NotFound', 'Not found.');
      return;
    }
    const parsed = BotActivity.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, 400, 'BadArgument', describeIssue(parsed.error, 'activity'));
      return;
    }
    const conversation = await store.get(params.conversationId ?? '');
    if (!conversation) {
      sendError(res, 404, 'NotFound', 'The conversation has ended.');
      return;
    }
    const activity: Record<string, unknown> & { type: string } = { ...parsed.data };
    for (const field of INTERNAL_FIELDS) delete activity[field];
    activity.from ??= bridge.botAccount;
    const stored = await conversation.append(activity, new Date());
    res.send(200, { id: stored.id });
  };

  server.post(base, receive);
  server.post(`${base}/:replyToId`, receive);
}
