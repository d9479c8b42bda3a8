import { z } from 'zod';

/**
 * Shapes of everything that reaches the Direct Line server from outside: client bodies,
 * query strings, the bot's replies and the Azure token service's answer. Each failure
 * becomes a 400 naming the field (never the value, which may be what someone typed).
 */

export const MAX_TEXT_CHARS = 10_000;

const id = z.string().min(1).max(256);

/** POST /v3/directline/conversations. directlinejs sends `{ user: { id }, locale }`, ids optional. */
export const StartConversationBody = z
  .object({
    user: z.object({ id: id.optional(), name: z.string().max(256).optional() }).loose().optional(),
    locale: z.string().max(32).optional(),
  })
  .loose();

/** What Web Chat posts. Only these fields are passed on to the bot; the rest is dropped. */
export const ClientActivity = z
  .object({
    type: z.enum(['message', 'event', 'typing']),
    text: z.string().max(MAX_TEXT_CHARS, `at most ${MAX_TEXT_CHARS} characters`).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().max(32).optional(),
    name: z.string().max(256).optional(),
    value: z.unknown().optional(),
    from: z.object({ id: id.optional(), name: z.string().max(256).optional(), role: z.string().max(32).optional() }).loose().optional(),
    channelData: z
      .object({
        clientActivityID: z.string().max(256).optional(),
        clientTimestamp: z.string().max(64).optional(),
      })
      .loose()
      .optional(),
    entities: z.array(z.object({ type: z.string().max(128) }).loose()).max(20).optional(),
    attachments: z.array(z.object({ contentType: z.string().max(256) }).loose()).max(10).optional(),
    localTimestamp: z.string().max(64).optional(),
    localTimezone: z.string().max(64).optional(),
  })
  .loose();
export type ClientActivity = z.infer<typeof ClientActivity>;

/** An activity the bot sends to the connector endpoint. botbuilder made it; we check the least we rely on. */
export const BotActivity = z
  .object({
    type: z.string().min(1).max(64),
    replyToId: z.string().max(512).optional(),
  })
  .loose();

/** `?watermark=` is empty on the first call, then the number we handed out. */
export const WatermarkQuery = z.object({
  watermark: z
    .union([z.literal(''), z.string().regex(/^\d{1,15}$/, 'a watermark is a whole number')])
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : Number(v))),
});

/** POST /api/directline/token takes no options: ids are made on the server. */
export const TokenRequestBody = z.union([z.undefined(), z.null(), z.literal(''), z.object({}).strict()]);

/** Azure Direct Line's answer to tokens/generate. */
export const AzureTokenResponse = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/** The conversation id in a path: ours are url-safe; anything else cannot exist. */
export const ConversationIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a conversation id');

/** One line naming the first problem, safe to return (paths and rules, never values). */
export function describeIssue(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  const path = issue?.path.join('.') ?? '';
  return `${what}${path ? `.${path}` : ''}: ${issue?.message ?? 'invalid'}`;
}
