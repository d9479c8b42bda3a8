import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gunzip, gzipSync } from 'node:zlib';
import type { Request, Response } from 'restify';

const gunzipAsync = promisify(gunzip);

/** Files up to this size are also kept as they are; larger ones only gzipped. */
const KEEP_PLAIN_BYTES = 64 * 1024;

/**
 * A file served from memory: read once at start-up, gzipped once (the Web Chat bundle is
 * ~4 MB, ~1 MB gzipped, which matters on a phone), with a strong ETag. A large file is
 * held gzipped only, and unzipped for the rare client that does not accept gzip: every
 * browser does, and the bot holds 4 MB less for as long as it runs.
 */
export class StaticAsset {
  private readonly plain: Buffer | undefined;
  private readonly gzipped: Buffer;
  readonly etag: string;

  constructor(
    readonly path: string,
    readonly contentType: string,
    /** Seconds browsers may keep it without asking again. */
    private readonly maxAgeSeconds: number,
  ) {
    const body = readFileSync(path);
    this.gzipped = gzipSync(body, { level: 9 });
    this.plain = body.length <= KEEP_PLAIN_BYTES ? body : undefined;
    this.etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  }

  async send(req: Request, res: Response, headers: Record<string, string> = {}): Promise<void> {
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
    const payload = gzip ? this.gzipped : (this.plain ?? (await gunzipAsync(this.gzipped)));
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', String(payload.length));
    res.writeHead(200);
    res.end(payload);
  }
}
