import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when the Authorization header carries exactly `Bearer <expected>`.
 * Both sides are hashed first, so the compare takes the same time whatever the
 * token's length and wherever the first difference is.
 */
export function hasBearerToken(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
  const given = match?.[1] ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && match !== null;
}
