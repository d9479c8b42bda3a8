import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** The client's own address (any 127.x address works on Linux): a second "client" on one machine. */
  localAddress?: string;
  timeoutMs?: number;
}

/**
 * One HTTP request with node:http, for what fetch cannot send: a body on a GET, a body
 * with any Content-Encoding, a chosen source address. A connection the server drops
 * answers status 0 instead of throwing, so a test can count it.
 */
export function rawRequest(port: number, options: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path,
        localAddress: options.localAddress,
        agent: false,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...options.headers },
        timeout: options.timeoutMs ?? 20_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
    if (body) req.end(body);
    else req.end();
  });
}
