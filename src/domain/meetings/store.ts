import type { Logger } from '../../logger.js';
import { formatPath } from '../catalog/validate.js';
import { loadValidated, saveValidated, ValidatedJsonStore, type JsonFileKind } from '../validatedJsonStore.js';
import { MeetingsFile } from './schema.js';

/**
 * The meetings store (data/meetings.json), a validated lowdb JSON file like the program
 * catalog (src/domain/validatedJsonStore.ts): validated at start-up (one bad meeting stops the
 * start with its id, the field and the problem), reloaded when the file changes, and a bad edit
 * is refused with a logged error while the last good store stays in service. Problems name ids
 * and fields, never values.
 */

export class MeetingsError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'MeetingsError';
  }
}

const MAX_PROBLEMS_SHOWN = 20;

/** Validates parsed JSON as a meetings file; throws MeetingsError listing id, field and problem. */
export function parseMeetings(json: unknown, filePath: string): MeetingsFile {
  const parsed = MeetingsFile.safeParse(json);
  if (parsed.success) return parsed.data;
  const meetings = (json as { meetings?: unknown[] } | null)?.meetings;
  const problems = parsed.error.issues.map((issue) => {
    const [top, index, ...rest] = issue.path;
    if (top === 'meetings' && typeof index === 'number') {
      const id = (meetings?.[index] as { id?: unknown } | undefined)?.id;
      return `Meeting ${typeof id === 'string' ? JSON.stringify(id.slice(0, 80)) : `#${index}`}: ${formatPath(rest) || '(meeting)'}: ${issue.message}`;
    }
    return `${formatPath(issue.path) || '(file)'}: ${issue.message}`;
  });
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const more = problems.length > shown.length ? `\n…and ${problems.length - shown.length} more` : '';
  throw new MeetingsError(`Meetings file ${filePath} is invalid:\n${shown.join('\n')}${more}`, problems);
}

const MEETINGS_FILE: JsonFileKind<MeetingsFile> = {
  event: 'meetings',
  title: 'Meetings',
  fileNoun: 'Meetings file',
  error: MeetingsError,
  validate: parseMeetings,
  // Small stores pretty (reviewable diffs), large imports compact.
  stringify: (data) => `${JSON.stringify(data, null, data.meetings.length > 5000 ? undefined : 1)}\n`,
  describe: (data) => ({ meetings: data.meetings.length, sample: data.meta.sample }),
  inService: (data) => ({ meetingsInService: data.meetings.length }),
};

export async function loadMeetings(filePath: string): Promise<MeetingsFile> {
  return loadValidated(filePath, MEETINGS_FILE);
}

/** Writes a meetings file through lowdb (atomic: temp file and rename), validating it first. */
export async function saveMeetings(filePath: string, data: MeetingsFile): Promise<void> {
  await saveValidated(filePath, data, MEETINGS_FILE);
}

export type MeetingsListener = (file: MeetingsFile) => void;

/** The meetings in service; see the file comment. */
export class MeetingStore {
  private constructor(private readonly store: ValidatedJsonStore<MeetingsFile>) {}

  static async open(filePath: string, logger: Logger): Promise<MeetingStore> {
    return new MeetingStore(await ValidatedJsonStore.open(filePath, logger, MEETINGS_FILE));
  }

  get filePath(): string {
    return this.store.filePath;
  }

  current(): MeetingsFile {
    return this.store.current();
  }

  onReload(listener: MeetingsListener): () => void {
    return this.store.onReload(listener);
  }

  /** Reloads when the file changes (debounced). */
  watch(options: { debounceMs?: number } = {}): void {
    this.store.watch(options);
  }

  /** Re-reads the file now; keeps the current meetings if the file is bad. Returns whether it was accepted. */
  reload(): Promise<boolean> {
    return this.store.reload();
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
