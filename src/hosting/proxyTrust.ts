import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** True for "203.0.113.7", "::1", "10.0.0.0/8" or "2001:db8::/32". */
export function isAddressOrCidr(value: string): boolean {
  const [address, bits, extra] = value.split('/');
  if (extra !== undefined || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * Which peers are reverse proxies whose X-Forwarded-For we believe (TRUSTED_PROXIES).
 *
 * Nothing is trusted by default: a client that connects directly can write anything in
 * X-Forwarded-For, so believing it from any private or loopback peer let one client
 * rotate addresses past every per-IP limit. Behind a proxy, the operator names it.
 */
export class ProxyTrust {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: readonly string[] = []) {
    for (const entry of entries) {
      const [address = '', bits] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(bits), type);
    }
    this.empty = entries.length === 0;
  }

  trusts(address: string | undefined): boolean {
    if (this.empty || address === undefined) return false;
    const plain = plainAddress(address);
    const family = isIP(plain);
    return family !== 0 && this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }

  /**
   * The client's address: the socket's, or behind trusted proxies the nearest
   * X-Forwarded-For entry that is not itself a trusted proxy (each proxy appends the
   * address it saw, so entries to the left of the first untrusted one are the client's
   * own writing and are never read).
   */
  clientAddress(req: IncomingMessage): string {
    const remote = plainAddress(req.socket.remoteAddress ?? 'unknown');
    if (!this.trusts(remote)) return remote;
    const forwarded = req.headers['x-forwarded-for'];
    const text = Array.isArray(forwarded) ? forwarded.join(',') : forwarded;
    if (typeof text !== 'string') return remote;
    const hops = text
      .split(',')
      .map((s) => plainAddress(s.trim()))
      .filter((s) => s.length > 0);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (isIP(hop) === 0) return remote;
      if (!this.trusts(hop)) return hop;
    }
    return remote;
  }

  /** True when the request came through any proxy: it carries forwarding headers, trusted or not. */
  static isForwarded(req: IncomingMessage): boolean {
    return req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined || req.headers['x-real-ip'] !== undefined;
  }
}
