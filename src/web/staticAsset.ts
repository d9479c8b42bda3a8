import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'restify';

/**
 * A file served from memory: read once at start-up, gzipped once (the Web Chat bundle is
 * ~4 MB, ~1 MB gzipped, which matters on a phone), with a strong ETag.
 */
export class StaticAsset {
  private readonly body: Buffer;
  private readonly gzipped: Buffer;
  readonly etag: string;

  constructor(
    readonly path: string,
    readonly contentType: string,
    /** Seconds browsers may keep it without asking again. */
    private readonly maxAgeSeconds: number,
  ) {
    this.body = readFileSync(path);
    this.gzipped = gzipSync(this.body, { level: 9 });
    this.etag = `"${createHash('sha256').update(this.body).digest('base64url').slice(0, 27)}"`;
  }

  send(req: Request, res: Response, headers: Record<string, string> = {}): void {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader('Content-Type', this.contentType);
    res.setHeader('Cache-Control', `public, max-age=${this.maxAgeSeconds}`);
    res.setHeader('ETag', this.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === this.etag) {
      res.writeHead(304);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const payload = gzip ? this.gzipped : this.body;
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', String(payload.length));
    res.writeHead(200);
    res.end(payload);
  }
}
