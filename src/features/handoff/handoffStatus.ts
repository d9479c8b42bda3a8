import { ActivityTypes, HandoffEventNames, type Activity } from 'botbuilder';
import { z } from 'zod';

/** The value of a `handoff.status` event from the agent hub. Unknown fields are ignored. */
export const HandoffStatusValue = z.object({
  state: z.enum(['accepted', 'failed', 'completed']),
  /** Hub's note on a failure; never shown or logged (it may quote the person). */
  message: z.string().max(2000).optional(),
});
export type HandoffStatusValue = z.infer<typeof HandoffStatusValue>;

export function isHandoffStatusEvent(activity: Partial<Activity>): boolean {
  return activity.type === ActivityTypes.Event && activity.name === HandoffEventNames.HandoffStatus;
}

/** The status, or an error message naming what was wrong (without quoting the value). */
export function parseHandoffStatus(value: unknown): { ok: true; status: HandoffStatusValue } | { ok: false; problem: string } {
  const parsed = HandoffStatusValue.safeParse(value);
  if (parsed.success) return { ok: true, status: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}` };
}
