import type { Response } from 'restify';

/**
 * Direct Line's error body: `{ error: { code, message } }`. Codes are stable, messages
 * are for people. Messages never quote what the client sent.
 */
export type DirectLineErrorCode =
  | 'BadArgument'
  | 'MissingAuthorization'
  | 'TokenExpired'
  | 'InvalidToken'
  | 'Forbidden'
  | 'NotFound'
  | 'OriginNotAllowed'
  | 'TooManyRequests'
  | 'BotError'
  | 'ServiceUnavailable';

export function sendError(res: Response, status: number, code: DirectLineErrorCode, message: string): void {
  res.send(status, { error: { code, message } });
}
