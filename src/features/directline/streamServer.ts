import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { OriginPolicy } from './originPolicy.js';
import { DIRECT_LINE_PATH, type DirectLineContext } from './context.js';
import { ConversationIdParam, WatermarkQuery } from './schemas.js';

const STREAM_PATH = new RegExp(`^${DIRECT_LINE_PATH}/conversations/([^/?]+)/stream$`);
/** Clients only ping with empty messages; anything bigger is not Direct Line. */
const MAX_CLIENT_MESSAGE_BYTES = 1024;

/**
 * The Direct Line WebSocket stream: `{ activities, watermark }` sets as JSON text frames,
 * first the backlog after the watermark in the streamUrl, then each new activity.
 * Attached to the HTTP server's `upgrade` event (ws with noServer), same port as the API.
 */
export function attachStreamServer(http: HttpServer, ctx: DirectLineContext): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES, clientTracking: true });
  // One stream token opened 15,000 WebSockets: each open stream is counted against its
  // conversation, its address and the total, and a stream over any cap is refused (429).
  // A page needs one per conversation; a few more cover reconnects racing the old socket.
  const perConversation = new Counter();
  const perAddress = new Counter();
  let total = 0;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://stream.invalid');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) {
      // Not ours. If nobody else handles upgrades (restify only re-emits them), say so and close.
      if (http.listenerCount('upgrade') <= 2) refuse(socket, 404, 'Not Found');
      return;
    }
    void accept(req, socket, head, match[1] ?? '', url.searchParams).catch(() => refuse(socket, 500, 'Internal Server Error'));
  };

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, rawId: string, query: URLSearchParams): Promise<void> {
    const origin = OriginPolicy.originOf(req.headers);
    if (origin !== undefined && !ctx.origins.allows(origin, req.headers)) return refuse(socket, 403, 'Forbidden');
    const id = ConversationIdParam.safeParse(rawId);
    const watermark = WatermarkQuery.safeParse({ watermark: query.get('watermark') ?? undefined });
    if (!id.success || !watermark.success) return refuse(socket, 400, 'Bad Request');
    const verified = await ctx.tokens.verify(query.get('t') ?? '', 'stream');
    if (!verified.ok) return refuse(socket, verified.reason === 'expired' ? 403 : 401, verified.reason === 'expired' ? 'Forbidden' : 'Unauthorized');
    if (verified.claims.conversationId !== id.data) return refuse(socket, 403, 'Forbidden');
    const conversation = await ctx.store.get(id.data);
    if (!conversation) return refuse(socket, 404, 'Not Found');
    const address = ctx.trust.clientAddress(req);
    if (total >= ctx.streams.total || perAddress.get(address) >= ctx.streams.perAddress || perConversation.get(id.data) >= ctx.streams.perConversation) {
      return refuse(socket, 429, 'Too Many Requests');
    }
    // Counted from here, before the handshake finishes, so a burst cannot overshoot.
    total++;
    ctx.onStreamCount?.(1);
    perAddress.add(address);
    perConversation.add(id.data);
    let counted = true;
    const uncount = (): void => {
      if (!counted) return;
      counted = false;
      total--;
      ctx.onStreamCount?.(-1);
      perAddress.remove(address);
      perConversation.remove(id.data);
    };
    socket.once('close', uncount);

    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const send = (payload: unknown): void => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
      };
      let stop: (() => void) | undefined;
      let closed = false;
      // Web Chat pings with empty messages; each one shows the reader is still there.
      ws.on('message', () => conversation.touch());
      ws.on('close', () => {
        closed = true;
        stop?.();
      });
      ws.on('error', () => ws.terminate());
      // The backlog after the watermark, then each new activity, from whichever instance it came.
      conversation
        .stream(watermark.data.watermark, { onActivities: send, onEnd: () => ws.close(1000, 'conversation ended') })
        .then(
          (unsubscribe) => {
            if (closed) unsubscribe();
            else stop = unsubscribe;
          },
          () => ws.close(1011, 'unavailable'),
        );
    });
  }

  http.on('upgrade', onUpgrade);
  return {
    close() {
      http.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/** Open streams per key; keys with none are dropped, so the map holds only open ones. */
class Counter {
  private readonly counts = new Map<string, number>();
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  add(key: string): void {
    this.counts.set(key, this.get(key) + 1);
  }
  remove(key: string): void {
    const left = this.get(key) - 1;
    if (left <= 0) this.counts.delete(key);
    else this.counts.set(key, left);
  }
}

function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
