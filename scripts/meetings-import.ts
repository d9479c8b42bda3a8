/**
 * Imports Meeting Guide JSON feeds into a meetings store (lowdb JSON, validated like the catalog).
 *   npm run meetings:import -- <feed.json> [NA=na-feed.json …] --out data/meetings.json
 *     [--fellowship AA]   the fellowship of the feeds that follow (default AA); NAME=file sets it for one feed
 *     [--timezone ZONE]   for rows without a timezone (a feed for one area often leaves it out)
 *     [--sample]          marks the store as fictional sample listings (the bot then says so)
 * Prints what was kept and skipped and why. Exit 1 if a file is not a feed or the store cannot
 * be written; bad rows are skipped, never fatal.
 */
import { z } from 'zod';
import { FeedFormatError, formatImportReport, importFeeds, type FeedInput } from './meetings/feedImport.js';
import { MeetingsError, saveMeetings } from '../src/domain/meetings/store.js';
import { isTimeZone } from '../src/domain/meetings/schema.js';
import { knownFailure, readArgs, runCommand, UsageError } from './importReport.js';

const USAGE = 'Usage: meetings-import <feed.json> [FELLOWSHIP=feed.json …] --out <meetings.json> [--fellowship AA] [--timezone America/New_York] [--sample]';

const Fellowship = z.string().regex(/^[A-Za-z][A-Za-z0-9 &.-]{0,39}$/, 'a fellowship is a short name like AA or NA');

function parseArgs(argv: readonly string[]): { feeds: FeedInput[]; out: string; sample: boolean } {
  const feeds: FeedInput[] = [];
  let out: string | undefined;
  let fellowship = 'AA';
  let timezone: string | undefined;
  let sample = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (arg === '--sample') {
      sample = true;
      continue;
    }
    if (arg === '--out' || arg === '--fellowship' || arg === '--timezone') {
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      i += 1;
      if (arg === '--out') out = value;
      else if (arg === '--fellowship') fellowship = checkFellowship(value);
      else {
        if (!isTimeZone(value)) throw new UsageError(`--timezone ${value} is not an IANA time zone`);
        timezone = value;
      }
      continue;
    }
    if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    const named = /^([A-Za-z][A-Za-z0-9 &.-]{0,39})=(.+)$/.exec(arg);
    feeds.push({ file: named ? named[2]! : arg, fellowship: named ? checkFellowship(named[1]!) : fellowship, ...(timezone ? { defaultTimezone: timezone } : {}) });
  }
  if (feeds.length === 0) throw new UsageError('at least one feed file is required');
  if (!out) throw new UsageError('--out <meetings.json> is required');
  return { feeds, out, sample };
}

function checkFellowship(value: string): string {
  const parsed = Fellowship.safeParse(value);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'bad fellowship');
  return parsed.data;
}

async function main(): Promise<number> {
  const args = readArgs(parseArgs, USAGE);
  if (!args) return 2;
  try {
    const started = performance.now();
    const { file, report } = await importFeeds(args.feeds, { sample: args.sample });
    process.stdout.write(`${formatImportReport(report)}\n`);
    await saveMeetings(args.out, file);
    process.stdout.write(`Wrote ${file.meetings.length} meetings to ${args.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (error) {
    return knownFailure(error, [FeedFormatError, MeetingsError]);
  }
}

runCommand(main);
