import { AzureTokenResponse } from './schemas.js';

export const AZURE_DIRECT_LINE_DOMAIN = 'https://directline.botframework.com/v3/directline';

export interface AzureToken {
  token: string;
  conversationId: string;
  expiresIn: number;
}

export class AzureTokenError extends Error {
  override name = 'AzureTokenError';
}

export interface AzureTokenExchangeOptions {
  secret: string;
  /** Direct Line base (…/v3/directline); injectable so tests use a local stand-in. */
  domain?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Exchanges the Azure Direct Line secret for a conversation token, server-side: the
 * secret stays here and only the token goes to the browser. The user id is made by us,
 * so the token is bound to it.
 */
export class AzureTokenExchange {
  readonly domain: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: AzureTokenExchangeOptions) {
    this.domain = (options.domain ?? AZURE_DIRECT_LINE_DOMAIN).replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  async generate(userId: string): Promise<AzureToken> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.domain}/tokens/generate`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.options.secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new AzureTokenError(`Direct Line token service unreachable (${(err as Error).name})`);
    }
    if (!response.ok) throw new AzureTokenError(`Direct Line token service answered ${response.status}`);
    const parsed = AzureTokenResponse.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new AzureTokenError('Direct Line token service sent an unexpected answer');
    return { token: parsed.data.token, conversationId: parsed.data.conversationId, expiresIn: parsed.data.expires_in };
  }
}
