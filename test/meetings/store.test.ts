import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadMeetings, MeetingsError, MeetingStore } from '../../src/domain/meetings/store.js';
import type { MeetingsFile } from '../../src/domain/meetings/schema.js';
import { fromRoot } from '../../src/paths.js';
import { recordingLogger, waitFor, withTempDir } from '../catalog/fixtures.js';

const SAMPLE = fromRoot('data/meetings.json');
const read = (file: string): MeetingsFile => JSON.parse(readFileSync(file, 'utf8')) as MeetingsFile;

describe('Meetings store', () => {
  it('the sample store built from the fixture is valid, marked as sample, and holds the 291 good rows', async () => {
    const data = await loadMeetings(SAMPLE);
    expect(data.meta.sample).to.equal(true);
    expect(data.meetings).to.have.length(291);
    expect(data.meta.feeds[0]).to.include({ fellowship: 'AA', rowsRead: 294, kept: 291, skipped: 3 });
  });

  it('refuses a bad meeting at start-up, naming its id, the field and the problem but no value', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'meetings.json');
      const data = read(SAMPLE);
      (data.meetings[3] as { time: string }).time = '7pm';
      writeFileSync(file, JSON.stringify(data));
      let thrown: unknown;
      await MeetingStore.open(file, recordingLogger().logger).catch((error: unknown) => (thrown = error));
      expect(thrown).to.be.instanceOf(MeetingsError);
      const message = (thrown as Error).message;
      expect(message).to.include(`Meeting "${data.meetings[3]!.id}": time: expected a time like 19:30`);
      expect(message).not.to.include('7pm');
    });
  });

  it('reloads when the file changes; a broken edit is refused and the last good meetings stay', async function () {
    this.timeout(10_000);
    await withTempDir(async (dir) => {
      const file = join(dir, 'meetings.json');
      copyFileSync(SAMPLE, file);
      const log = recordingLogger();
      const store = await MeetingStore.open(file, log.logger);
      let reloads = 0;
      store.onReload(() => (reloads += 1));
      store.watch({ debounceMs: 50 });
      try {
        writeFileSync(file, '{"meta": ');
        await waitFor(() => log.lines().some((line) => line.event === 'meetings.reload_refused'), 'the refusal to be logged');
        expect(store.current().meetings).to.have.length(291);
        const smaller = read(SAMPLE);
        smaller.meetings = smaller.meetings.slice(0, 10);
        writeFileSync(file, JSON.stringify(smaller));
        await waitFor(() => store.current().meetings.length === 10, 'the good edit to be picked up');
        expect(reloads).to.equal(1);
      } finally {
        await store.close();
      }
    });
  });
});
