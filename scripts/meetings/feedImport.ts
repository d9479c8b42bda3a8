import { stat } from 'node:fs/promises';
import path from 'node:path';
import { arrayElements, JsonArrayError } from './arrayElements.js';
import type { Meeting, MeetingsFile } from '../../src/domain/meetings/schema.js';
import { mapFeedRow, SkipReason, type MapNote } from './feedRow.js';
import { reportTail } from '../importReport.js';

/**
 * Imports Meeting Guide feeds (a top-level JSON array of meetings) into one meetings store.
 * Each file is streamed element by element (arrayElements.ts), so memory is bounded by the
 * meetings kept, not the file's size; a bad row is skipped and reported, never fatal. Only a
 * file that is not a JSON array at all is an error. Several feeds merge, each with its
 * fellowship (AA, NA…): ids are "<fellowship>:<slug>".
 */

export class FeedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedFormatError';
  }
}

/** Skipped rows listed one by one in the report; the rest are only counted. */
const MAX_EXAMPLES = 25;

export interface FeedInput {
  file: string;
  fellowship: string;
  defaultTimezone?: string;
}

export interface SkippedRow {
  file: string;
  /** 1-based position in the feed. */
  row: number;
  reason: SkipReason;
  detail: string;
  slug?: string;
}

export interface FeedReport {
  file: string;
  fellowship: string;
  rowsRead: number;
  kept: number;
  skipped: number;
}

export interface ImportReport {
  feeds: FeedReport[];
  rowsRead: number;
  kept: number;
  skippedTotal: number;
  skipped: Record<SkipReason, number>;
  notes: Record<MapNote, number>;
  examples: SkippedRow[];
  byFellowship: Record<string, number>;
  online: number;
  inPerson: number;
}

export interface ImportOptions {
  importDate?: Date;
  sample?: boolean;
  onProgress?: (p: { file: string; bytesRead: number; totalBytes: number; rows: number; kept: number }) => void;
}

const counts = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export async function importFeeds(inputs: readonly FeedInput[], options: ImportOptions = {}): Promise<{ file: MeetingsFile; report: ImportReport }> {
  if (inputs.length === 0) throw new FeedFormatError('no feed given');
  const report: ImportReport = {
    feeds: [],
    rowsRead: 0,
    kept: 0,
    skippedTotal: 0,
    skipped: counts(SkipReason.options),
    notes: counts<MapNote>(['unknown_types_dropped', 'end_time_dropped', 'geocoded_from_zip', 'bad_link_dropped']),
    examples: [],
    byFellowship: {},
    online: 0,
    inPerson: 0,
  };
  const meetings: Meeting[] = [];
  const ids = new Set<string>();
  for (const input of inputs) await importOne(input, report, meetings, ids, options);
  const file: MeetingsFile = {
    meta: {
      source: 'Meeting Guide JSON feeds',
      sample: options.sample ?? false,
      generatedAt: (options.importDate ?? new Date()).toISOString(),
      feeds: report.feeds.map((f) => ({ file: path.basename(f.file), fellowship: f.fellowship, rowsRead: f.rowsRead, kept: f.kept, skipped: f.skipped })),
    },
    meetings,
  };
  return { file, report };
}

async function importOne(input: FeedInput, report: ImportReport, meetings: Meeting[], ids: Set<string>, options: ImportOptions): Promise<void> {
  let totalBytes: number;
  try {
    totalBytes = (await stat(input.file)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FeedFormatError(code === 'ENOENT' ? `Feed not found: ${input.file}` : `Feed ${input.file} cannot be read (${code ?? 'unknown error'})`);
  }
  const feed: FeedReport = { file: input.file, fellowship: input.fellowship, rowsRead: 0, kept: 0, skipped: 0 };
  report.feeds.push(feed);
  const skip = (row: number, reason: SkipReason, detail: string, slug?: string): void => {
    feed.skipped += 1;
    report.skippedTotal += 1;
    report.skipped[reason] += 1;
    if (report.examples.length < MAX_EXAMPLES) report.examples.push({ file: input.file, row, reason, detail, ...(slug ? { slug } : {}) });
  };
  let bytesRead = 0;
  try {
    for await (const element of arrayElements(input.file, { onBytes: (n) => (bytesRead = n) })) {
      feed.rowsRead += 1;
      report.rowsRead += 1;
      const rowNumber = element.index + 1;
      if ('error' in element) {
        skip(rowNumber, 'invalid', element.error);
        continue;
      }
      const mapped = mapFeedRow(element.value, { fellowship: input.fellowship, ...(input.defaultTimezone ? { defaultTimezone: input.defaultTimezone } : {}) });
      const rawSlug = (element.value as { slug?: unknown } | null)?.slug;
      const slug = typeof rawSlug === 'string' ? rawSlug.slice(0, 80) : undefined;
      if (!mapped.ok) {
        skip(rowNumber, mapped.reason, mapped.detail, slug);
      } else if (ids.has(mapped.meeting.id)) {
        skip(rowNumber, 'duplicate', `same slug as an earlier ${input.fellowship} meeting`, slug);
      } else {
        const meeting = mapped.meeting;
        ids.add(meeting.id);
        meetings.push(meeting);
        for (const note of mapped.notes) report.notes[note] += 1;
        feed.kept += 1;
        report.kept += 1;
        report.byFellowship[input.fellowship] = (report.byFellowship[input.fellowship] ?? 0) + 1;
        if (meeting.online) report.online += 1;
        if (meeting.place) report.inPerson += 1;
      }
      if (feed.rowsRead % 1000 === 0) options.onProgress?.({ file: input.file, bytesRead, totalBytes, rows: feed.rowsRead, kept: feed.kept });
    }
  } catch (error) {
    if (error instanceof JsonArrayError) throw new FeedFormatError(`${input.file} is not a Meeting Guide feed: ${error.message}`);
    throw error;
  }
  options.onProgress?.({ file: input.file, bytesRead: totalBytes, totalBytes, rows: feed.rowsRead, kept: feed.kept });
}

/** Human-readable summary for the CLI. */
export function formatImportReport(report: ImportReport): string {
  const lines: string[] = [];
  for (const f of report.feeds) lines.push(`${f.file} (${f.fellowship}): read ${f.rowsRead} rows, kept ${f.kept}, skipped ${f.skipped}`);
  const fellowships = Object.entries(report.byFellowship).map(([name, n]) => `${name} ${n}`).join(', ');
  lines.push(`Kept ${report.kept} meetings (${fellowships || 'none'}; ${report.inPerson} in person, ${report.online} online); skipped ${report.skippedTotal}`);
  const examples = report.examples.map((e) => `${path.basename(e.file)} row ${e.row}${e.slug ? ` (${e.slug})` : ''}: ${e.reason}: ${e.detail}`);
  lines.push(...reportTail(report, examples));
  return lines.join('\n');
}
