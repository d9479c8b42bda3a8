import type { Logger } from 'pino';
import type { ProxyTrust } from '../../hosting/proxyTrust.js';
import type { BotBridge } from './botBridge.js';
import type { DirectLineConversations } from './conversations.js';
import type { OriginPolicy } from './originPolicy.js';
import type { DirectLineTokens } from './tokens.js';

/** What the Direct Line routes and the stream share. */
export interface DirectLineContext {
  tokens: DirectLineTokens;
  store: DirectLineConversations;
  bridge: BotBridge;
  origins: OriginPolicy;
  publicBaseUrl: string | undefined;
  logger: Logger;
  /** Whose X-Forwarded-For is believed (TRUSTED_PROXIES), for per-address limits. */
  trust: ProxyTrust;
  /** Open streams (WebSockets) at most: in total, from one address, on one conversation. */
  streams: { total: number; perAddress: number; perConversation: number };
  /** Runs a bot turn, remembered until it ends so shutdown can wait for it. */
  track(turn: Promise<void>): Promise<void>;
  /** Told when a stream opens (+1) or closes (-1): the Direct Line connections metric. */
  onStreamCount?(delta: number): void;
}

export const DIRECT_LINE_PATH = '/v3/directline';
