import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { AzureTokenExchange } from './azureTokens.js';
import { DIRECT_LINE_PATH, type DirectLineContext } from './context.js';
import { corsAllows, registerPreflight } from './cors.js';
import { sendError } from './httpErrors.js';
import { publicOrigin } from './publicOrigin.js';
import { describeIssue, TokenRequestBody } from './schemas.js';
import type { Limiter } from '../../hosting/sharedLimiter.js';

export const TOKEN_PATH = '/api/directline/token';

/** What the page gets: a token for one new conversation and where to use it. */
export interface TokenResponse {
  /** local: this server's Direct Line; azure: Azure Bot Service's. */
  mode: 'local' | 'azure';
  /** The Direct Line base URL to give `createDirectLine({ domain })`; local: may be relative to the page. */
  domain: string;
  token: string;
  conversationId: string;
  userId: string;
  expiresIn: number;
}

export const newConversationId = (): string => randomBytes(18).toString('base64url');
export const newUserId = (): string => `dl_${randomBytes(12).toString('base64url')}`;

/** What the web chat page shows when it cannot start a chat (data/messages.json "webChat", with the helpline filled in). */
export interface TokenErrorWords {
  tooManyNewChats: string;
  unreachable: string;
  full: string;
}

/**
 * POST /api/directline/token: a token for a new conversation. With DIRECT_LINE_SECRET the
 * secret is exchanged with Azure (and never sent to the browser); without it the token
 * is ours, signed for the local Direct Line.
 */
export function registerTokenRoute(
  server: Server,
  ctx: DirectLineContext,
  deps: { azure: AzureTokenExchange | undefined; limiter: Limiter; words: TokenErrorWords },
): void {
  registerPreflight(server, ctx.origins, /^\/api\/directline\/token$/);

  server.post(TOKEN_PATH, async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    if (!corsAllows(ctx.origins, req, res)) return;
    const wait = await deps.limiter.take(ctx.trust.clientAddress(req));
    if (wait > 0) {
      res.header('Retry-After', String(wait));
      sendError(res, 429, 'TooManyRequests', deps.words.tooManyNewChats);
      return;
    }
    const body = TokenRequestBody.safeParse(req.body);
    if (!body.success) {
      sendError(res, 400, 'BadArgument', describeIssue(body.error, 'body'));
      return;
    }
    const userId = newUserId();

    if (deps.azure) {
      try {
        const azure = await deps.azure.generate(userId);
        res.send(200, { mode: 'azure', domain: deps.azure.domain, token: azure.token, conversationId: azure.conversationId, userId, expiresIn: azure.expiresIn } satisfies TokenResponse);
      } catch (err) {
        ctx.logger.warn({ event: 'azure_token_failed', errorName: (err as Error).name, reason: (err as Error).message }, 'Azure Direct Line token exchange failed');
        res.header('Retry-After', '10');
        sendError(res, 503, 'ServiceUnavailable', deps.words.unreachable);
      }
      return;
    }

    if (!(await ctx.store.hasRoom())) {
      // Said here, before the page starts a chat that would be refused: it shows a kind message.
      res.header('Retry-After', String(await ctx.store.secondsUntilRoom()));
      sendError(res, 503, 'ServiceUnavailable', deps.words.full);
      return;
    }
    // '' (relative to the page) unless the Host is one the server knows: see publicOrigin.
    const origin = publicOrigin(req, ctx);
    const conversationId = newConversationId();
    const { token, expiresIn } = await ctx.tokens.issue(conversationId, userId);
    res.send(200, { mode: 'local', domain: `${origin}${DIRECT_LINE_PATH}`, token, conversationId, userId, expiresIn } satisfies TokenResponse);
  });
}
