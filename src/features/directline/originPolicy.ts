import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which browser origins may call the token and Direct Line endpoints (and open the
 * stream): this server's own origin and ALLOWED_ORIGINS. Requests without an Origin
 * header are not from a cross-origin browser page and are let through; their token
 * is what protects them.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(allowedOrigins: readonly string[], publicBaseUrl?: string) {
    const origins = allowedOrigins.map((o) => new URL(o).origin);
    if (publicBaseUrl) origins.push(new URL(publicBaseUrl).origin);
    this.allowed = new Set(origins);
  }

  /** The request's Origin header when there is one. */
  static originOf(headers: IncomingHttpHeaders): string | undefined {
    const origin = headers.origin;
    return typeof origin === 'string' && origin.length > 0 ? origin : undefined;
  }

  /** True when the origin is ours (same host as the request) or listed. */
  allows(origin: string, headers: IncomingHttpHeaders): boolean {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (this.allowed.has(parsed.origin)) return true;
    // Same origin: the page was served by us at the host the browser asked for.
    return typeof headers.host === 'string' && parsed.host === headers.host.toLowerCase();
  }

  /** The listed origin (ALLOWED_ORIGINS, PUBLIC_BASE_URL) whose host is `host`, as listed. */
  listedOriginForHost(host: string): string | undefined {
    const wanted = host.toLowerCase();
    for (const origin of this.allowed) if (new URL(origin).host === wanted) return origin;
    return undefined;
  }

  /** Origins listed for embedding, for CSP frame-ancestors. */
  get embedders(): string[] {
    return [...this.allowed];
  }
}
