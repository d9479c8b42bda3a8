import type { Request, Response } from 'restify';
import { sendError } from './httpErrors.js';
import type { DirectLineTokens, TokenClaims } from './tokens.js';

const BEARER = /^Bearer ([A-Za-z0-9_.-]{16,4096})$/;

/**
 * Checks the `Authorization: Bearer <token>` of a Direct Line request, as Direct Line does:
 * missing or malformed → 401; expired → 403 TokenExpired (directlinejs then reports
 * ExpiredToken); bad signature or another conversation's token → 403.
 * Answers the request itself and returns undefined when it is refused.
 */
export async function authorize(
  tokens: DirectLineTokens,
  req: Request,
  res: Response,
  conversationId?: string,
): Promise<TokenClaims | undefined> {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (!match?.[1]) {
    sendError(res, 401, 'MissingAuthorization', 'Send the Direct Line token as "Authorization: Bearer <token>".');
    return undefined;
  }
  const result = await tokens.verify(match[1]);
  if (!result.ok) {
    if (result.reason === 'expired') sendError(res, 403, 'TokenExpired', 'The token has expired. Get a new one from /api/directline/token.');
    else sendError(res, 403, 'InvalidToken', 'The token is not valid.');
    return undefined;
  }
  if (conversationId !== undefined && result.claims.conversationId !== conversationId) {
    sendError(res, 403, 'Forbidden', 'This token belongs to another conversation.');
    return undefined;
  }
  return result.claims;
}
