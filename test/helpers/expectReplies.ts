import { randomUUID } from 'node:crypto';

export interface RepliedTurn {
  status: number;
  /** The bot's replies to the message, in order (empty when the answer carried none). */
  activities: Array<Record<string, unknown>>;
}

/**
 * POSTs one user message to a running bot's /api/messages with deliveryMode
 * "expectReplies", so the replies come back in the HTTP answer and no connector is needed
 * (the serviceUrl is never called).
 */
export async function sendExpectingReplies(port: number, conversationId: string, text: string): Promise<RepliedTurn> {
  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: randomUUID(),
      channelId: 'emulator',
      serviceUrl: 'http://127.0.0.1:9',
      deliveryMode: 'expectReplies',
      conversation: { id: conversationId },
      from: { id: `user-${conversationId}`, name: 'User' },
      recipient: { id: 'bot', name: 'Bot' },
      text,
    }),
  });
  const body = response.status === 200 ? ((await response.json()) as { activities?: Array<Record<string, unknown>> }) : {};
  return { status: response.status, activities: body.activities ?? [] };
}
