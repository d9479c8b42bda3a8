import { WebSocket } from 'ws';

/** Raw Direct Line REST calls, for what the client library hides (status codes, headers, watermarks). */
export interface RestResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  options: { method?: string; token?: string; body?: unknown; rawBody?: string; origin?: string; headers?: Record<string, string> } = {},
): Promise<RestResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  if (options.origin !== undefined) headers.Origin = options.origin;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['Content-Type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${baseUrl}${path}`, { method: options.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
  expires_in: number;
}

export interface ActivitySetBody {
  activities: Array<{ id: string; type: string; text?: string; from: { id: string; role?: string } }>;
  watermark: string;
}

/** Opens a WebSocket and collects parsed frames; `opened` rejects with the HTTP status when refused. */
export function openStream(url: string): { frames: ActivitySetBody[]; opened: Promise<void>; closed: Promise<void>; ws: WebSocket } {
  const ws = new WebSocket(url);
  const frames: ActivitySetBody[] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    if (text.length > 0) frames.push(JSON.parse(text) as ActivitySetBody);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', (err) => reject(err));
  });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  return { frames, opened, closed, ws };
}

/** Polls until the welcome turn has finished (it ends with the menu, the message with buttons). */
export async function waitForWelcome(baseUrl: string, c: Started, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const set = await call<{ activities: object[] }>(baseUrl, `/v3/directline/conversations/${c.conversationId}/activities`, { token: c.token });
    if (set.status === 200 && set.body.activities.some((a) => 'suggestedActions' in a)) return;
    if (Date.now() > deadline) throw new Error('timed out waiting for the welcome menu');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
