import { decodeJwt, decodeProtectedHeader } from 'jose';

/** Issuers whose tokens botbuilder can accept (Bot Framework, Emulator/Entra ID, government cloud). */
const TRUSTED_ISSUER = /^(https:\/\/api\.botframework\.(com|us)|https:\/\/sts\.windows\.net\/|https:\/\/login\.microsoftonline\.(com|us)\/)/;

/**
 * A cheap structural check before botbuilder verifies the signature: an Authorization
 * header that cannot possibly be a Bot Framework token is refused with 401 at once, without
 * a network round trip for signing keys (and without a 5xx when those keys are unreachable).
 */
export function isPlausibleBotFrameworkToken(authorization: string | undefined): boolean {
  const match = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) return false;
  try {
    const header = decodeProtectedHeader(match[1]!);
    const payload = decodeJwt(match[1]!);
    return header.alg === 'RS256' && typeof payload.iss === 'string' && TRUSTED_ISSUER.test(payload.iss);
  } catch {
    return false;
  }
}
