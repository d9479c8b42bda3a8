import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { JsonShapeError, streamRows, type TopLevelScalar } from '../../scripts/catalog/locatorStream.js';
import { LOCATOR_FIXTURE, withTempDir } from './fixtures.js';

interface Seen {
  fields: Record<string, TopLevelScalar>;
  rows: unknown[];
  bad: Array<[number, string]>;
  progress: number[];
  sawArray: boolean;
}

async function stream(file: string, maxRowChars?: number): Promise<Seen> {
  const seen: Seen = { fields: {}, rows: [], bad: [], progress: [], sawArray: false };
  const { sawArray } = await streamRows(
    file,
    'rows',
    {
      field: (key, value) => (seen.fields[key] = value),
      row: (index, value) => {
        expect(index).to.equal(seen.rows.length + seen.bad.length);
        seen.rows.push(value);
      },
      badRow: (index, reason) => seen.bad.push([index, reason]),
      progress: (bytes) => seen.progress.push(bytes),
    },
    maxRowChars === undefined ? {} : { maxRowChars },
  );
  seen.sawArray = sawArray;
  return seen;
}

async function shapeError(file: string): Promise<string> {
  try {
    await stream(file);
  } catch (error) {
    if (error instanceof JsonShapeError) return error.message;
    throw error;
  }
  throw new Error('expected a JsonShapeError');
}

/** The read stream hands the parser 64 KiB at a time. */
const CHUNK = 64 * 1024;

describe('streamRows (stream-json)', () => {
  it('yields the same rows and top-level fields as JSON.parse for the fixture', async () => {
    const expected = JSON.parse(await readFile(LOCATOR_FIXTURE, 'utf8')) as { rows: unknown[] };
    const seen = await stream(LOCATOR_FIXTURE);
    expect(seen.rows).to.deep.equal(expected.rows);
    expect(seen.fields).to.deep.equal({ page: 1, totalPages: 765, recordCount: 22949 });
    expect(seen.sawArray).to.equal(true);
  });

  it('is not fooled by brackets, quotes and escapes inside strings; skips composite top-level values', () =>
    withTempDir(async (dir) => {
      const file = path.join(dir, 'tricky.json');
      await writeFile(
        file,
        '\uFEFF{"note":"x\\"}{[","rows":[{"s":"\\\\"},{"t":"]}\\"["},{"u":[1,{"v":"Peña 中文"}]},7,null],"after":{"rows":[1]},"n":-1.5e3,"ok":true}',
      );
      const seen = await stream(file);
      expect(seen.rows).to.deep.equal([{ s: '\\' }, { t: ']}"[' }, { u: [1, { v: 'Peña 中文' }] }, 7, null]);
      expect(seen.fields).to.deep.equal({ note: 'x"}{[', n: -1500, ok: true });
    }));

  it('reads a character split between two chunks of the file, and reports progress up to the last byte', () =>
    withTempDir(async (dir) => {
      for (const [char, inside] of [
        ['ñ', 1],
        ['😀', 1],
        ['😀', 3],
      ] as const) {
        const head = '{"rows":[{"v":"';
        // The chunk boundary falls `inside` bytes into `char`.
        const pad = 'x'.repeat(CHUNK - inside - Buffer.byteLength(head));
        const file = path.join(dir, 'split.json');
        await writeFile(file, `${head}${pad}${char}"}]}`);
        const seen = await stream(file);
        expect(seen.rows, `${char} split after ${inside} bytes`).to.deep.equal([{ v: `${pad}${char}` }]);
        // Progress counts the bytes decoded so far: the split character's bytes count with the second chunk.
        expect(seen.progress).to.deep.equal([CHUNK - inside, Buffer.byteLength(`${head}${pad}${char}"}]}`)]);
      }
    }));

  it('reports a row too big to assemble and carries on with the next', () =>
    withTempDir(async (dir) => {
      const file = path.join(dir, 'big-row.json');
      await writeFile(file, `{"rows":[{"a":1},{"b":"${'y'.repeat(2000)}","c":[1,2]},{"d":3}]}`);
      const seen = await stream(file, 1000);
      expect(seen.rows).to.deep.equal([{ a: 1 }, { d: 3 }]);
      expect(seen.bad).to.deep.equal([[1, 'larger than 1000 characters of text']]);
    }));

  it('handles an empty array and a document without one', () =>
    withTempDir(async (dir) => {
      const empty = path.join(dir, 'empty-rows.json');
      await writeFile(empty, '{"rows":[]}');
      expect((await stream(empty)).sawArray).to.equal(true);
      const none = path.join(dir, 'none.json');
      await writeFile(none, '{"meta":{"rows":[1]},"programs":[],"rows":5}');
      const seen = await stream(none);
      expect(seen.sawArray).to.equal(false);
      expect(seen.rows).to.deep.equal([]);
    }));

  it('says what is wrong and where: not an object, empty, cut short, or not JSON', () =>
    withTempDir(async (dir) => {
      let n = 0;
      const error = async (text: string): Promise<string> => {
        const file = path.join(dir, `case-${(n += 1)}.json`);
        await writeFile(file, text);
        return shapeError(file);
      };
      expect(await error('[1,2]')).to.equal('expected a JSON object at the top level, found an array');
      expect(await error('"rows"')).to.equal('expected a JSON object at the top level, found a string');
      expect(await error('')).to.equal('the file is empty');
      expect(await error(' \n ')).to.equal('the file is empty');
      expect(await error('{"rows":[{"a":1},')).to.equal('the file ends after row 1 of "rows" (truncated?)');
      expect(await error('{"rows":[{"a":1},{"b":"tex')).to.equal('the file ends in row 2 of "rows" (truncated?)');
      expect(await error('{"rows":[')).to.equal('the file ends at the start of "rows" (truncated?)');
      expect(await error('{"rows":[{"a":1}] ')).to.equal('the file ends before the top-level object is closed (truncated?)');
      expect(await error('{"page":1,"rows":[{"a":1},{"name1": tru},{"c":3}]}')).to.equal('it is not valid JSON: expected a value at line 1, column 37');
      expect(await error('{"rows":[{"a":1}\n {"b":2}]}')).to.equal("it is not valid JSON: expected ',' at line 2, column 2");
      expect(await error('{"rows":[]} trailing')).to.equal('it is not valid JSON: unexpected characters at line 1, column 13');
      expect(await error('name,phone\nA,555')).to.equal('it is not valid JSON: expected a value at line 1, column 1');
    }));

  it('finds a fault deep in a file many chunks long', () =>
    withTempDir(async (dir) => {
      const row = JSON.stringify({ name1: 'Clinic', notes: 'z'.repeat(500) });
      const lines = Array.from({ length: 2000 }, () => row);
      lines[1500] = '{"name1": "Clinic", "notes": }';
      const file = path.join(dir, 'deep.json');
      await writeFile(file, `{"rows":[\n${lines.join(',\n')}\n]}`);
      expect(await shapeError(file)).to.equal('it is not valid JSON: expected a value at line 1502, column 30');
    }));
});
