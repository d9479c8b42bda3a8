import { z } from 'zod';

/**
 * Members joining or leaving: channels send an account with an id for each. The bound is
 * far above what a channel sends at once (the body size limit applies too).
 */
const ChannelAccountList = z.array(z.object({ id: z.string().min(1).max(512) }), { error: 'expected a list of accounts with an id' }).max(1000);

/**
 * The least an activity must have before it reaches the adapter. Everything else is
 * botbuilder's to read; this stops malformed bodies with a 400 instead of a crash.
 * Only success is used, never the parsed copy, so objects are not .loose(): other keys
 * pass unchecked either way, and stripping copies only the few named here.
 */
export const IncomingActivity = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(256).optional(),
    channelId: z.string().min(1).max(64).optional(),
    serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
    conversation: z.object({ id: z.string().min(1).max(512) }),
    from: z.object({ id: z.string().max(512) }).optional(),
    recipient: z.object({ id: z.string().max(512) }).optional(),
    text: z.string().optional(),
    name: z.string().max(256).optional(),
    attachments: z.array(z.object({ contentType: z.string() })).max(20).optional(),
    entities: z.array(z.object({ type: z.string() })).max(50).optional(),
    // ActivityHandler calls the members handlers for any non-empty value and the bot reads
    // each member's id: [null] or "x" was a turn error, and [{}] or [{ id: 5 }] a welcome.
    membersAdded: ChannelAccountList.optional(),
    membersRemoved: ChannelAccountList.optional(),
  });

/** One short line naming what is wrong, safe to return to the caller. */
export function describeActivityProblem(body: unknown): string | undefined {
  if (typeof body === 'string' || Buffer.isBuffer(body)) return 'the body must be JSON, sent with Content-Type: application/json';
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a JSON object (an activity)';
  const result = IncomingActivity.safeParse(body);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `${issue?.path.join('.') || 'activity'}: ${issue?.message ?? 'invalid'}`;
}
