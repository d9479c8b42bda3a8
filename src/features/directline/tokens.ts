import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';

/**
 * Direct Line tokens for the local server: HS256 JWTs bound to one conversation and
 * one user id. A token can only read and write its own conversation. `purpose`
 * separates REST tokens from the short-lived stream token put in the WebSocket URL
 * (URLs end up in proxy logs; a leaked stream token cannot post or refresh).
 */
export type TokenPurpose = 'rest' | 'stream';

export interface TokenClaims {
  conversationId: string;
  userId: string;
  purpose: TokenPurpose;
  /** Seconds until the token expires. */
  expiresIn: number;
}

export interface IssuedToken {
  token: string;
  /** Seconds until it expires, as Direct Line's `expires_in`. */
  expiresIn: number;
}

export type VerifyResult = { ok: true; claims: TokenClaims } | { ok: false; reason: 'expired' | 'invalid' };

const ISSUER = 'recovery-guidance-bot/directline';
const ALGORITHM = 'HS256';

export interface TokenServiceOptions {
  /**
   * Signing secret; a random one per process when unset (tokens then die with the process).
   * A function is asked once, on first use: the secret several instances share through Redis.
   */
  secret?: string | (() => Promise<string>);
  ttlSeconds: number;
  streamTtlSeconds?: number;
  /** Seconds since the epoch; injectable so expiry is tested without waiting. */
  now?: () => number;
}

export class DirectLineTokens {
  private key: Uint8Array | (() => Promise<Uint8Array>);
  readonly ttlSeconds: number;
  private readonly streamTtlSeconds: number;
  private readonly now: () => number;

  constructor(options: TokenServiceOptions) {
    const { secret } = options;
    if (typeof secret === 'function') {
      const ask = (): Promise<Uint8Array> => {
        const asking = secret().then(
          (value) => (this.key = new TextEncoder().encode(value)),
          (error: unknown) => {
            // Asked again next time (Redis may be back); this request fails.
            this.key = ask;
            throw error;
          },
        );
        return asking;
      };
      this.key = ask;
    } else this.key = secret ? new TextEncoder().encode(secret) : new Uint8Array(randomBytes(32));
    this.ttlSeconds = options.ttlSeconds;
    this.streamTtlSeconds = options.streamTtlSeconds ?? Math.min(120, options.ttlSeconds);
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  async issue(conversationId: string, userId: string, purpose: TokenPurpose = 'rest'): Promise<IssuedToken> {
    const ttl = purpose === 'stream' ? this.streamTtlSeconds : this.ttlSeconds;
    const iat = this.now();
    const token = await new SignJWT({ conv: conversationId, purpose })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(ISSUER)
      .setSubject(userId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .setJti(randomBytes(9).toString('base64url'))
      .sign(await this.signingKey());
    return { token, expiresIn: ttl };
  }

  private async signingKey(): Promise<Uint8Array> {
    return typeof this.key === 'function' ? this.key() : this.key;
  }

  async verify(token: string, purpose: TokenPurpose = 'rest'): Promise<VerifyResult> {
    const key = await this.signingKey();
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: ISSUER,
        currentDate: new Date(this.now() * 1000),
        clockTolerance: 0,
      });
      const conv = payload.conv;
      const sub = payload.sub;
      if (typeof conv !== 'string' || typeof sub !== 'string' || typeof payload.exp !== 'number' || payload.purpose !== purpose) {
        return { ok: false, reason: 'invalid' };
      }
      return { ok: true, claims: { conversationId: conv, userId: sub, purpose, expiresIn: Math.max(0, payload.exp - this.now()) } };
    } catch (err) {
      if (err instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
      return { ok: false, reason: 'invalid' };
    }
  }
}
