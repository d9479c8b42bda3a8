import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MAX_BEST_TIME_CHARS } from './bestTime.js';
import { TimeZone } from '../meetings/schema.js';

/**
 * One callback request, and nothing else: no transcript, no profile, no name.
 * `.strict()` makes an extra field in the file an error rather than something we keep.
 */
export const CallbackRecord = z
  .object({
    id: z.uuid(),
    /** E.164, US only. */
    phone: z.string().regex(/^\+1\d{10}$/, 'must be a US number in E.164 form'),
    bestTime: z.string().min(1).max(MAX_BEST_TIME_CHARS),
    consentAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    /** Staff marking a call done deletes the record, so everything stored is pending. */
    status: z.literal('pending'),
    /** The caller's time zone as their chat client reported it (IANA), so staff read the best time in it. */
    timeZone: TimeZone.optional(),
    /** Calls staff made that reached nobody; the request stays pending until called or purged. */
    attempts: z.number().int().min(1).optional(),
    lastAttemptAt: z.iso.datetime().optional(),
  })
  .strict();
export type CallbackRecord = z.infer<typeof CallbackRecord>;

export const QueueFile = z
  .object({
    version: z.literal(1),
    requests: z
      .array(CallbackRecord)
      .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, 'request ids must be unique'),
  })
  .strict();
export type QueueFile = z.infer<typeof QueueFile>;

export const emptyQueue = (): QueueFile => ({ version: 1, requests: [] });

/** What the dialog hands the queue; the queue adds id, createdAt and status. */
export interface NewCallback {
  phone: string;
  bestTime: string;
  consentAt: Date;
  /** IANA zone from the chat client, when it said one. */
  timeZone?: string;
}

/** The record a store keeps for a new request (checked, so a bad number never gets stored). */
export function newCallbackRecord(request: NewCallback, createdAt: Date): CallbackRecord {
  return CallbackRecord.parse({
    id: randomUUID(),
    phone: request.phone,
    bestTime: request.bestTime,
    consentAt: request.consentAt.toISOString(),
    createdAt: createdAt.toISOString(),
    status: 'pending',
    ...(request.timeZone !== undefined ? { timeZone: request.timeZone } : {}),
  });
}
