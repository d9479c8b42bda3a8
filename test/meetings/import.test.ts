import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { FeedFormatError, formatImportReport, importFeeds } from '../../scripts/meetings/feedImport.js';
import { writeGeneratedFeed } from '../../scripts/meetings/feedGenerator.js';
import { mapFeedRow } from '../../scripts/meetings/feedRow.js';
import { loadMeetings, saveMeetings } from '../../src/domain/meetings/store.js';
import { fromRoot } from '../../src/paths.js';

const FIXTURE = fromRoot('test/fixtures/meeting-guide-sample.json');

describe('Meeting Guide import', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'meetings-import-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps 291 meetings of the fixture and reports its three bad rows with why', async () => {
    const { file, report } = await importFeeds([{ file: FIXTURE, fellowship: 'AA' }], { importDate: new Date('2026-12-07T12:00:00Z') });
    expect(report.rowsRead).to.equal(294);
    expect(report.kept).to.equal(291);
    expect(report.skippedTotal).to.equal(3);
    expect(report.skipped).to.include({ no_slug: 1, bad_day: 1, no_schedule: 1 });
    expect(report.examples.map((e) => [e.row, e.reason])).to.deep.equal([
      [292, 'no_slug'],
      [293, 'bad_day'],
      [294, 'no_schedule'],
    ]);
    expect(report.examples[1]!.detail).to.include('day 9').and.include('"7pm"');
    const text = formatImportReport(report);
    expect(text).to.include('Kept 291 meetings');
    expect(text).to.include('row 293 (bad-time): bad_day');
    expect(file.meetings.every((m) => m.fellowship === 'AA' && m.id.startsWith('aa:'))).to.equal(true);
    // Online-only meetings (approximate, with a link) have no street to go to.
    const online = file.meetings.find((m) => m.id === 'aa:newcomers-welcome')!;
    expect(online.place).to.equal(undefined);
    expect(online.online?.url).to.match(/^https:\/\/example\.org\//);
    expect(online.approximate).to.equal(true);
    // Types are Meeting Guide codes, days 0–6 sorted.
    const first = file.meetings[0]!;
    expect(first.days).to.deep.equal([0, 1, 2, 3, 4, 5, 6]);
    expect(first.place?.formatted).to.equal('3617 Oak Street, Alpine, TX 79830');
  });

  it('reports rows rather than crashing on them: not an object, no place, bad time zone, unknown types', () => {
    expect(mapFeedRow(42, { fellowship: 'AA' })).to.include({ ok: false, reason: 'not_an_object' });
    const base = { name: 'X', slug: 'x', day: 1, time: '19:00', timezone: 'America/Chicago' };
    expect(mapFeedRow(base, { fellowship: 'AA' })).to.include({ ok: false, reason: 'no_place' });
    expect(mapFeedRow({ ...base, address: '1 Main St', timezone: 'Mars/Olympus' }, { fellowship: 'AA' })).to.include({ ok: false, reason: 'no_timezone' });
    expect(mapFeedRow({ ...base, address: '1 Main St', timezone: undefined }, { fellowship: 'AA', defaultTimezone: 'America/Denver' })).to.include({ ok: true });
    const typed = mapFeedRow({ ...base, address: '1 Main St', types: ['O', 'NOT-A-TYPE'], time: '7:05' }, { fellowship: 'NA' });
    expect(typed.ok).to.equal(true);
    if (typed.ok) {
      expect(typed.meeting.types).to.deep.equal(['O']);
      expect(typed.meeting.time).to.equal('07:05');
      expect(typed.notes).to.include('unknown_types_dropped');
    }
  });

  it('merges several feeds with their fellowship kept, and skips a repeated slug within one fellowship', async () => {
    const na = join(dir, 'na.json');
    writeFileSync(
      na,
      JSON.stringify([
        { name: 'Just for Today', slug: 'language-of-the-heart', day: 2, time: '18:00', timezone: 'America/New_York', address: '1 Elm St', city: 'Dayton', state: 'OH', postal_code: '45402', types: ['O'] },
        { name: 'Again', slug: 'language-of-the-heart', day: 3, time: '18:00', timezone: 'America/New_York', conference_url: 'https://example.org/na' },
      ]),
    );
    const { file, report } = await importFeeds([
      { file: FIXTURE, fellowship: 'AA' },
      { file: na, fellowship: 'NA' },
    ]);
    expect(report.byFellowship).to.deep.equal({ AA: 291, NA: 1 });
    expect(report.skipped.duplicate).to.equal(1);
    const merged = file.meetings.filter((m) => m.id.endsWith(':language-of-the-heart')).map((m) => m.fellowship);
    expect(merged).to.deep.equal(['AA', 'NA']);
    expect(file.meta.feeds.map((f) => f.fellowship)).to.deep.equal(['AA', 'NA']);
    // Geocoded from its ZIP code, since the feed gave no coordinates.
    expect(file.meetings.at(-1)!.place?.latitude).to.be.closeTo(39.76, 0.1);
    const out = join(dir, 'merged.json');
    await saveMeetings(out, file);
    expect((await loadMeetings(out)).meetings).to.have.length(292);
  });

  it('refuses a file that is not a feed, naming it', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"meetings": [');
    let error: unknown;
    try {
      await importFeeds([{ file: bad, fellowship: 'AA' }]);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(FeedFormatError);
    expect((error as Error).message).to.include('bad.json');
  });

  it('npm run meetings:import prints the report and writes a valid store; a missing --out is a usage error', async function () {
    this.timeout(60_000);
    const out = join(dir, 'cli.json');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('scripts/meetings-import.ts'), FIXTURE, '--out', out, '--sample'], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).to.equal(0);
    expect(ok.stdout).to.include('Kept 291 meetings').and.include('row 292: no_slug').and.include('Wrote 291 meetings');
    expect((await loadMeetings(out)).meta.sample).to.equal(true);
    const usage = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('scripts/meetings-import.ts'), FIXTURE], { encoding: 'utf8' });
    expect(usage.status).to.equal(2);
    expect(usage.stderr).to.include('--out');
  });

  it('imports a generated feed of 100,000 meetings in seconds with bounded memory', async function () {
    this.timeout(120_000);
    const big = join(dir, 'big.json');
    await writeGeneratedFeed(big, 100_000);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const started = performance.now();
    const { report } = await importFeeds([{ file: big, fellowship: 'AA' }], {
      onProgress: () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    expect(report.kept).to.equal(100_000);
    expect(seconds).to.be.below(30);
    // The file is ~30 MB of JSON; the kept meetings are what memory holds, not the text.
    expect((peak - before) / 1024 / 1024).to.be.below(400);
  });
});
