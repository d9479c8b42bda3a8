import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { authorize } from './authorize.js';
import type { DirectLineConversation } from './conversations.js';
import { DIRECT_LINE_PATH, type DirectLineContext } from './context.js';
import { corsAllows, registerPreflight } from './cors.js';
import { sendError } from './httpErrors.js';
import { publicOrigin, toWebSocketOrigin } from './publicOrigin.js';
import { ClientActivity, ConversationIdParam, describeIssue, StartConversationBody, WatermarkQuery } from './schemas.js';
import type { TokenClaims } from './tokens.js';
import { metrics } from '../../metrics.js';

const CONVERSATIONS = `${DIRECT_LINE_PATH}/conversations`;

/**
 * The Direct Line 3.0 REST API, as far as Web Chat's stock `createDirectLine` uses it:
 * start, reconnect, post, poll with watermarks, refresh the token.
 */
/** A conversation a request may use: its path id is valid, its token is for it, and it is open. */
interface OpenConversation {
  conversation: DirectLineConversation;
  claims: TokenClaims;
  token: string;
}

export function registerRestRoutes(server: Server, ctx: DirectLineContext): void {
  registerPreflight(server, ctx.origins, /^\/v3\/directline\/(conversations(\/[^/]+(\/activities)?)?|tokens\/refresh)$/);

  /**
   * The stream URL for a conversation; its own short-lived token rides in the query, as on
   * Azure. Relative unless the request's Host is one the server knows (see publicOrigin).
   */
  async function streamUrl(req: Request, claims: TokenClaims, watermark: number | undefined): Promise<string> {
    const origin = publicOrigin(req, ctx);
    const { token } = await ctx.tokens.issue(claims.conversationId, claims.userId, 'stream');
    const query = new URLSearchParams({ t: token });
    if (watermark !== undefined) query.set('watermark', String(watermark));
    return `${toWebSocketOrigin(origin)}${CONVERSATIONS}/${claims.conversationId}/stream?${query.toString()}`;
  }

  /** Path id valid, token for it, conversation open: the conversation, or undefined with the reply sent. */
  async function openConversation(req: Request, res: Response): Promise<OpenConversation | undefined> {
    if (!corsAllows(ctx.origins, req, res)) return undefined;
    const id = ConversationIdParam.safeParse((req.params as Record<string, unknown>).conversationId);
    if (!id.success) {
      sendError(res, 404, 'NotFound', 'No such conversation.');
      return undefined;
    }
    const claims = await authorize(ctx.tokens, req, res, id.data);
    if (!claims) return undefined;
    const conversation = await ctx.store.get(id.data);
    if (!conversation) {
      sendError(res, 404, 'NotFound', 'The conversation has ended. Start a new one.');
      return undefined;
    }
    return { conversation, claims, token: bearerToken(req) };
  }

  /** openConversation, then the watermark query (checked first, reported after the conversation's own errors). */
  async function openWithWatermark(
    req: Request,
    res: Response,
  ): Promise<{ open: OpenConversation; watermark: number | undefined } | undefined> {
    const query = WatermarkQuery.safeParse(req.query ?? {});
    const open = await openConversation(req, res);
    if (!open) return undefined;
    if (!query.success) {
      sendError(res, 400, 'BadArgument', describeIssue(query.error, 'query'));
      return undefined;
    }
    return { open, watermark: query.data.watermark };
  }

  // Start a conversation with a token from /api/directline/token (again with the same token: the same conversation).
  server.post(CONVERSATIONS, async (req: Request, res: Response) => {
    if (!corsAllows(ctx.origins, req, res)) return;
    const claims = await authorize(ctx.tokens, req, res);
    if (!claims) return;
    const body = StartConversationBody.safeParse(req.body ?? {});
    if (!body.success) {
      sendError(res, 400, 'BadArgument', describeIssue(body.error, 'body'));
      return;
    }
    const opened = await ctx.store.open(claims.conversationId, claims.userId);
    if (!opened) {
      // Full of live conversations: refuse the new one rather than end someone else's.
      res.header('Retry-After', String(await ctx.store.secondsUntilRoom()));
      sendError(res, 503, 'ServiceUnavailable', 'Too many chats are open right now. Please try again later.');
      return;
    }
    const { conversation, created } = opened;
    if (created) {
      // The bot hears that the person joined (and welcomes them); the client reads it from the stream.
      void ctx.track(
        conversation.enqueueTurn(() =>
          ctx.bridge.deliver({
            type: 'conversationUpdate',
            id: randomBytes(8).toString('hex'),
            timestamp: new Date(),
            conversation: conversationAccount(conversation.id),
            from: { id: claims.userId, name: '', role: 'user' },
            membersAdded: [ctx.bridge.botAccount, { id: claims.userId, name: '' }],
            locale: body.data.locale,
          }),
        ),
      ).catch(() => undefined);
    }
    const url = await streamUrl(req, claims, undefined);
    res.send(created ? 201 : 200, {
      conversationId: conversation.id,
      token: bearerToken(req),
      expires_in: claims.expiresIn,
      streamUrl: url,
    });
  });

  // Reconnect: a fresh streamUrl from the given watermark.
  server.get(`${CONVERSATIONS}/:conversationId`, async (req: Request, res: Response) => {
    const opened = await openWithWatermark(req, res);
    if (!opened) return;
    const { open, watermark } = opened;
    const url = await streamUrl(req, open.claims, watermark);
    res.send(200, { conversationId: open.conversation.id, token: open.token, expires_in: open.claims.expiresIn, streamUrl: url });
  });

  // Polling: activities after the watermark.
  server.get(`${CONVERSATIONS}/:conversationId/activities`, async (req: Request, res: Response) => {
    const opened = await openWithWatermark(req, res);
    if (!opened) return;
    res.send(200, await opened.open.conversation.after(opened.watermark));
  });

  // Send an activity to the bot. Answers once the bot's turn is done, as Direct Line does.
  server.post(`${CONVERSATIONS}/:conversationId/activities`, async (req: Request, res: Response) => {
    const open = await openConversation(req, res);
    if (!open) return;
    const parsed = ClientActivity.safeParse(req.body);
    if (!parsed.success) {
      sendError(res, 400, 'BadArgument', describeIssue(parsed.error, 'activity'));
      return;
    }
    if (parsed.data.type === 'typing') {
      // Nobody to show it to: the bot does not use typing. Accepted and dropped.
      res.send(200, { id: '' });
      return;
    }
    const { conversation, claims } = open;
    try {
      const echo = await conversation.append(toEcho(parsed.data, claims.userId), new Date());
      await ctx.track(
        conversation.enqueueTurn(() => ctx.bridge.deliver({ ...echo, timestamp: new Date(echo.timestamp as string), conversation: conversationAccount(conversation.id) })),
      );
      res.send(200, { id: echo.id });
    } catch (err) {
      metrics.errors.inc({ kind: 'directline_turn' });
      ctx.logger.error({ event: 'directline_turn_failed', errorName: (err as Error).name }, 'bot turn failed');
      sendError(res, 502, 'BotError', 'The bot could not handle that message.');
    }
  });

  server.post(`${DIRECT_LINE_PATH}/tokens/refresh`, async (req: Request, res: Response) => {
    if (!corsAllows(ctx.origins, req, res)) return;
    const claims = await authorize(ctx.tokens, req, res);
    if (!claims) return;
    const { token, expiresIn } = await ctx.tokens.issue(claims.conversationId, claims.userId);
    res.send(200, { conversationId: claims.conversationId, token, expires_in: expiresIn });
  });
}

const conversationAccount = (id: string) => ({ id, isGroup: false, conversationType: 'personal', name: '' });

function bearerToken(req: Request): string {
  return (req.headers.authorization ?? '').replace(/^Bearer /, '');
}

/**
 * The activity as stored and echoed to the client (Web Chat matches the echo to what it
 * sent by `channelData.clientActivityID`). The sender is always the token's user id,
 * so nobody can speak as someone else.
 */
function toEcho(activity: ClientActivity, userId: string): Record<string, unknown> & { type: string } {
  const { type, text, textFormat, locale, name, value, entities, attachments, localTimestamp, localTimezone } = activity;
  const echo: Record<string, unknown> & { type: string } = {
    type,
    from: { id: userId, name: activity.from?.name ?? '', role: 'user' },
    channelData: {
      clientActivityID: activity.channelData?.clientActivityID,
      clientTimestamp: activity.channelData?.clientTimestamp,
    },
  };
  const optional = { text, textFormat, locale, name, value, entities, attachments, localTimestamp, localTimezone };
  for (const [key, v] of Object.entries(optional)) if (v !== undefined) echo[key] = v;
  return echo;
}
