import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A load balancer for tests: each request and each WebSocket goes to the next backend in
 * turn, with no stickiness at all. A backend that refuses the connection (killed) is
 * skipped for that request, as a load balancer's health check would, so a request is
 * lost only when every backend is down. It records which backend took each request.
 */
export class RoundRobinProxy {
  private next = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket | Duplex>();
  /** Requests (and WebSocket upgrades) each backend took, by path prefix. */
  readonly served: Array<{ backend: number; method: string; path: string }> = [];

  constructor(private readonly backends: readonly number[]) {}

  async start(): Promise<number> {
    this.server = createServer((req, res) => void this.forward(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head, 0));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** How many requests matching the pattern each backend took. */
  countBy(pattern: RegExp): number[] {
    const counts = this.backends.map(() => 0);
    for (const s of this.served) if (pattern.test(`${s.method} ${s.path}`)) counts[s.backend]!++;
    return counts;
  }

  private pick(): number {
    const chosen = this.next % this.backends.length;
    this.next++;
    return chosen;
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Buffered, so a request can be sent again to the next backend when one is down.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const tryBackend = (attempt: number): void => {
      const backend = this.pick();
      const upstream = request(
        { host: '127.0.0.1', port: this.backends[backend], method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          this.served.push({ backend, method: req.method ?? 'GET', path: req.url ?? '/' });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (res.headersSent) return void res.destroy();
        if (attempt + 1 < this.backends.length) tryBackend(attempt + 1);
        else {
          res.writeHead(502);
          res.end();
        }
      });
      upstream.end(body);
    };
    tryBackend(0);
  }

  private upgrade(req: IncomingMessage, client: Duplex, head: Buffer, attempt: number): void {
    const backend = this.pick();
    const upstream = connect(this.backends[backend]!, '127.0.0.1');
    this.sockets.add(upstream);
    this.sockets.add(client);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.served.push({ backend, method: 'UPGRADE', path: req.url ?? '/' });
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.once('error', () => {
      this.sockets.delete(upstream);
      // Refused (the backend is down): the next one gets the WebSocket.
      if (!connected && attempt + 1 < this.backends.length) return this.upgrade(req, client, head, attempt + 1);
      client.destroy();
    });
    upstream.once('close', () => {
      if (connected) client.destroy();
    });
    client.once('close', () => upstream.destroy());
    client.once('error', () => upstream.destroy());
  }
}
