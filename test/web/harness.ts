import { pino } from 'pino';
import { WebSocket as NodeWebSocket } from 'ws';
import XMLHttpRequestForNode from 'xhr2';
import { DirectLine, ConnectionStatus, type Activity, type Message } from 'botframework-directlinejs';
import { createApp, type App, type RegisterRoutes } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { directLineRoutes, type DirectLineOptions } from '../../src/features/directline/directLineRoutes.js';
import type { TokenResponse } from '../../src/features/directline/tokenRoute.js';

// directlinejs uses the browser's XMLHttpRequest (through rxjs ajax); Node has none.
(globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest ??= XMLHttpRequestForNode;

export interface Running {
  app: App;
  baseUrl: string;
  close(): Promise<void>;
}

/** createApp with the Direct Line routes, listening on an ephemeral loopback port. */
export async function startApp(env: Record<string, string> = {}, options: DirectLineOptions = {}, extraRoutes: RegisterRoutes[] = []): Promise<Running> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, { logger: pino({ level: 'silent' }), routes: [directLineRoutes(options), ...extraRoutes] });
  const port = await app.listen(0, '127.0.0.1');
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function fetchToken(baseUrl: string, init: RequestInit = {}): Promise<TokenResponse> {
  const res = await fetch(`${baseUrl}/api/directline/token`, { method: 'POST', ...init });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}`);
  return (await res.json()) as TokenResponse;
}

/** Polls until the predicate holds; fails after the bound (no timed assertions, only a ceiling). */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A botframework-directlinejs client (what Web Chat uses) that records every activity it receives. */
export class Client {
  readonly activities: Activity[] = [];
  readonly statuses: ConnectionStatus[] = [];
  readonly errors: unknown[] = [];
  readonly directLine: DirectLine;

  constructor(domain: string, token: string, webSocket: boolean) {
    this.directLine = new DirectLine({
      domain,
      token,
      webSocket,
      pollingInterval: 200,
      WebSocket: NodeWebSocket as unknown as typeof WebSocket,
    });
    this.directLine.connectionStatus$.subscribe((status) => this.statuses.push(status));
    this.directLine.activity$.subscribe({
      next: (activity) => this.activities.push(activity),
      // Ending the client errors the stream with "conversation ended"; tests look at statuses instead.
      error: (err: unknown) => this.errors.push(err),
    });
  }

  fromBot(): Message[] {
    return this.activities.filter((a): a is Message => a.type === 'message' && a.from.role !== 'user' && !a.from.id.startsWith('dl_'));
  }

  async send(text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.directLine.postActivity({ type: 'message', text, from: { id: 'ignored', role: 'user' } } as Message).subscribe({ next: resolve, error: reject });
    });
  }

  end(): void {
    this.directLine.end();
  }
}

export { ConnectionStatus };
