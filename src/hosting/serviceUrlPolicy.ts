import { BlockList, isIP } from 'node:net';

/**
 * Where the Bot Framework channels' connectors live: the bot's replies go to an activity's
 * serviceUrl, so these are the only hosts a serviceUrl may name unless the operator adds
 * more (SERVICE_URL_ALLOWLIST). Teams (public, GCC, GCC High, DoD), Azure Bot Service's
 * channels (Web Chat, Direct Line and the rest, public and US Government).
 */
export const CHANNEL_SERVICE_HOSTS: readonly string[] = [
  'smba.trafficmanager.net',
  '*.botframework.com',
  '*.botframework.us',
  '*.botframework.azure.us',
  '*.teams.microsoft.com',
  '*.teams.microsoft.us',
];

/** Addresses a reply must never be sent to from the internet's say-so: this machine, its networks, cloud metadata. */
const INTERNAL = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(net, bits, 'ipv6');
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

export type HostKind = 'loopback' | 'internal' | 'public';

/** What a URL host names: this machine, a private/link-local/reserved address, or anything else. */
export function hostKind(hostname: string): HostKind {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  let family = isIP(host);
  let address = host;
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1; the URL parser writes it ::ffff:7f00:1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const hi = parseInt(mapped[1]!, 16);
    const lo = parseInt(mapped[2]!, 16);
    address = `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    family = 4;
  } else if (host.startsWith('::ffff:') && isIP(host.slice(7)) === 4) {
    address = host.slice(7);
    family = 4;
  }
  if (family === 0) return 'public';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (LOOPBACK.check(address, type)) return 'loopback';
  return INTERNAL.check(address, type) ? 'internal' : 'public';
}

export interface ServiceUrlPolicyOptions {
  /** Extra hosts (exact, or *.suffix; optionally with :port) from SERVICE_URL_ALLOWLIST. */
  extraHosts: readonly string[];
  /** ALLOW_PRIVATE_SERVICE_URLS: any private, loopback or link-local target (tests, closed networks). */
  allowPrivate: boolean;
}

/**
 * Which serviceUrls the bot will send replies to.
 *
 * An anonymous caller could name any URL as serviceUrl, and the bot POSTed its replies
 * there: to a port on this machine, an internal admin path, a cloud metadata address (and
 * the answer's timing told open ports from closed ones). Now a serviceUrl must be https on
 * a Bot Framework channel host or an operator-listed one; private, loopback and link-local
 * targets only when configured, or loopback for a caller on this machine (the Emulator).
 * Host names are checked as written; IP literals in any spelling are normalized by the URL
 * parser first (2130706433 and 0x7f.1 are 127.0.0.1).
 */
export class ServiceUrlPolicy {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];

  constructor(private readonly options: ServiceUrlPolicyOptions) {
    for (const entry of [...CHANNEL_SERVICE_HOSTS, ...options.extraHosts]) {
      const host = entry.toLowerCase();
      if (host.startsWith('*.')) this.suffixes.push(host.slice(1));
      else this.exact.add(host);
    }
  }

  /** Undefined when replies may go to `serviceUrl`; otherwise why not, safe to show the caller. */
  problem(serviceUrl: string, opts: { loopbackCaller: boolean }): string | undefined {
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return 'serviceUrl must be an absolute URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'serviceUrl must be http(s)';
    if (url.username || url.password) return 'serviceUrl must not carry credentials';
    const kind = hostKind(url.hostname);
    if (kind !== 'public') {
      if (this.options.allowPrivate || (kind === 'loopback' && opts.loopbackCaller)) return undefined;
      return 'serviceUrl must not point at a private, loopback or link-local address';
    }
    if (!this.listed(url)) return 'serviceUrl is not a Bot Framework channel this bot replies to';
    if (url.protocol !== 'https:' && !this.options.allowPrivate) return 'serviceUrl must be https';
    return undefined;
  }

  private listed(url: URL): boolean {
    const host = url.hostname.toLowerCase();
    if (this.exact.has(host) || this.exact.has(url.host.toLowerCase())) return true;
    return this.suffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
  }
}
