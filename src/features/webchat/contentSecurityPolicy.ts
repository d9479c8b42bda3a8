/**
 * The page's Content-Security-Policy: only this origin, no inline script. Styles allow
 * this origin plus the per-request nonce Web Chat puts on the <style> elements it makes
 * (its `nonce` option), so no 'unsafe-inline'. One library inside Web Chat 4.18
 * (react-scroll-to-bottom) creates its emotion <style> element without the nonce; it is
 * empty when inserted and filled through CSSOM insertRule (which CSP does not police),
 * so the hash of the empty string admits exactly that and nothing with content.
 * The browser test listens for violations to prove this is enough.
 */
const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";
export interface PagePolicyOptions {
  nonce: string;
  /** Extra origins the page talks to (Azure Direct Line in azure mode), https and wss. */
  connectOrigins: readonly string[];
  /** Origins allowed to frame the page (ALLOWED_ORIGINS). */
  frameAncestors: readonly string[];
}

export function pagePolicy({ nonce, connectOrigins, frameAncestors }: PagePolicyOptions): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", `'nonce-${nonce}'`, EMPTY_STYLE_HASH]],
    // Web Chat draws avatars and icons as data: URIs.
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['connect-src', ["'self'", ...connectOrigins]],
    ['font-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'self'", ...frameAncestors]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The https and wss origins of a Direct Line domain, for connect-src. */
export function connectOriginsOf(domain: string): string[] {
  const url = new URL(domain);
  return [url.origin, `wss://${url.host}`];
}

/** Headers every page and asset gets. */
export const COMMON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
