import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { z } from 'zod';
import { SeededRandom } from './seededRandom.js';
import { fromRoot } from '../../src/paths.js';

/**
 * Builds a large locator export (exportsAsJson/v2 shape) from the 30-row fixture, for
 * import tests and the benchmark. Row i is fixture row i mod 30 with a new frid, a
 * varied name and coordinates moved a few kilometres, so ids never collide.
 * Rows are written one at a time; a 25,000-row file never sits in memory.
 */

export const DEFAULT_FIXTURE = fromRoot('test/fixtures/findtreatment-locator-sample.json');

const Fixture = z.looseObject({
  rows: z.array(z.looseObject({ name1: z.string(), latitude: z.string(), longitude: z.string() })).min(1),
});

const VARIANTS = ['North', 'South', 'East', 'West', 'Central', 'Valley', 'Lakeside', 'Hillside', 'Riverside', 'Downtown'];

export interface GenerateLocatorOptions {
  count: number;
  out: string;
  fixturePath?: string;
  seed?: number;
}

async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function generateLocatorFile(options: GenerateLocatorOptions): Promise<void> {
  const fixture = Fixture.parse(JSON.parse(await readFile(options.fixturePath ?? DEFAULT_FIXTURE, 'utf8')));
  const rng = new SeededRandom(options.seed ?? 7);
  const out = createWriteStream(options.out);
  const closed = once(out, 'close');
  await write(out, `{"page":1,"totalPages":1,"recordCount":${options.count},"rows":[\n`);
  for (let i = 0; i < options.count; i += 1) {
    const base = fixture.rows[i % fixture.rows.length] as z.infer<typeof Fixture>['rows'][number];
    const move = (value: string): string => (Number(value) + (rng.next() - 0.5) * 0.1).toFixed(6);
    const row = {
      ...base,
      _irow: i + 1,
      frid: createHash('sha256').update(`generated-${options.seed ?? 7}-${i}`).digest('hex'),
      name1: `${base.name1} ${rng.pick(VARIANTS)} ${Math.floor(i / fixture.rows.length) + 1}`,
      latitude: move(base.latitude),
      longitude: move(base.longitude),
    };
    await write(out, `${i === 0 ? '' : ',\n'}${JSON.stringify(row)}`);
  }
  await write(out, '\n]}\n');
  out.end();
  await closed;
}
