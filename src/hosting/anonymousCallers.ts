import type { IncomingMessage } from 'node:http';
import { LRUCache } from 'lru-cache';
import { hostKind } from './serviceUrlPolicy.js';
import { plainAddress, ProxyTrust } from './proxyTrust.js';

export type AnonymousMode = 'off' | 'loopback' | 'any';

/** The channel id of the self-hosted web chat (src/features/directline): its conversations never come through /api/messages. */
const RESERVED_CHANNELS = new Set(['webchat']);

export interface Refusal {
  status: 403;
  error: string;
  message: string;
}

/**
 * Who may talk to the bot through /api/messages without Bot Framework credentials
 * (no MicrosoftAppId: the Emulator, local tools), and which conversations they may address.
 *
 * Anonymous, anyone who knew a web chat's conversation id (it is in Direct Line URLs)
 * could post into it with deliveryMode expectReplies, read that person's answers back and
 * answer their open question. Now:
 * - ANONYMOUS_MESSAGES chooses the door: off, loopback (default: this machine, and not
 *   through a proxy, since a local reverse proxy would make every caller look local), or any;
 * - the self-hosted web chat's channel is never reachable here (it goes straight to the
 *   adapter, src/features/directline/botBridge.ts);
 * - a conversation belongs to the caller that started it (its address):
 *   another caller naming it is refused. The address, not the serviceUrl: a caller may move
 *   its endpoint (the Emulator on a new port) and keep its conversation, and a serviceUrl
 *   is the caller's own writing. Owners are kept in memory, least recently used
 *   dropped first; a forgotten conversation is taken by its next caller, which is at worst
 *   the same caller again.
 */
export class AnonymousCallers {
  private readonly owners: LRUCache<string, string>;

  constructor(
    readonly mode: AnonymousMode,
    private readonly trust: ProxyTrust,
    maxConversations = 50_000,
  ) {
    this.owners = new LRUCache<string, string>({ max: maxConversations });
  }

  /** True when the request came from this machine directly (not relayed by a proxy). */
  static isLocal(req: IncomingMessage): boolean {
    return hostKind(plainAddress(req.socket.remoteAddress ?? '')) === 'loopback' && !ProxyTrust.isForwarded(req);
  }

  /** The first check, before the body is trusted for anything: is the door open to this caller? */
  doorProblem(req: IncomingMessage, channelId: string | undefined): Refusal | undefined {
    if (this.mode === 'off') {
      return { status: 403, error: 'anonymous_off', message: 'This bot accepts only authenticated Bot Framework channels.' };
    }
    if (this.mode === 'loopback' && !AnonymousCallers.isLocal(req)) {
      return { status: 403, error: 'anonymous_loopback_only', message: 'Unauthenticated activities are accepted only from this machine.' };
    }
    if (channelId !== undefined && RESERVED_CHANNELS.has(channelId.toLowerCase())) {
      return { status: 403, error: 'reserved_channel', message: 'This channel is not reachable through /api/messages.' };
    }
    return undefined;
  }

  /**
   * Binds a conversation to its first caller, or checks that this is that caller.
   * Call only for a request that will run (after limits), so refused requests claim nothing.
   */
  claim(req: IncomingMessage, channelId: string, conversationId: string): Refusal | undefined {
    const key = `${channelId}\u001f${conversationId}`;
    const caller = this.trust.clientAddress(req);
    const owner = this.owners.get(key);
    if (owner === undefined) {
      this.owners.set(key, caller);
      return undefined;
    }
    if (owner === caller) return undefined;
    return { status: 403, error: 'not_your_conversation', message: 'This conversation was started by someone else.' };
  }
}
