import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { JsonRowStream, JsonStructureError, type StreamEvent } from '../../src/domain/catalog/jsonRowStream.js';
import { LOCATOR_FIXTURE } from './fixtures.js';

/** Feeds `input` in chunks of `size` bytes and collects every event. */
function scan(input: Buffer, size: number, key = 'rows'): StreamEvent[] {
  const stream = new JsonRowStream(key);
  const events: StreamEvent[] = [];
  for (let i = 0; i < input.length; i += size) events.push(...stream.push(input.subarray(i, i + size)));
  events.push(...stream.end());
  return events;
}

function scanError(text: string): string {
  try {
    scan(Buffer.from(text), 3);
  } catch (error) {
    if (error instanceof JsonStructureError) return error.message;
    throw error;
  }
  throw new Error('expected a structure error');
}

describe('JsonRowStream', () => {
  it('yields the same rows and fields as JSON.parse for the fixture, whatever the chunk size', async () => {
    const buffer = await readFile(LOCATOR_FIXTURE);
    const expected = JSON.parse(buffer.toString('utf8')) as { rows: unknown[]; page: number; recordCount: number };
    for (const size of [1, 7, 4096, buffer.length]) {
      const events = scan(buffer, size);
      const rows = events.flatMap((e) => (e.kind === 'element' ? [e.value] : []));
      expect(rows, `chunk size ${size}`).to.deep.equal(expected.rows);
      const fields = Object.fromEntries(events.flatMap((e) => (e.kind === 'field' ? [[e.key, e.value]] : [])));
      expect(fields).to.deep.equal({ page: 1, totalPages: 765, recordCount: 22949 });
    }
  });

  it('is not fooled by brackets, quotes and escapes inside strings, or by multi-byte characters split across chunks', () => {
    const text = '{"note":"x\\"}{[","rows":[{"s":"\\\\"},{"t":"]}\\"["},{"u":[1,{"v":"Peña 中文"}]}],"after":{"a":[1,2]},"n":-1.5e3,"ok":true}';
    const events = scan(Buffer.from(text), 1);
    expect(events.filter((e) => e.kind === 'element').map((e) => (e.kind === 'element' ? e.value : null))).to.deep.equal([
      { s: '\\' },
      { t: ']}"[' },
      { u: [1, { v: 'Peña 中文' }] },
    ]);
    expect(events.filter((e) => e.kind === 'field').map((e) => (e.kind === 'field' ? [e.key, e.value] : null))).to.deep.equal([
      ['note', 'x"}{['],
      ['after', { a: [1, 2] }],
      ['n', -1500],
      ['ok', true],
    ]);
  });

  it('reports a row that is not valid JSON and carries on', () => {
    const events = scan(Buffer.from('{"rows":[{"a":1},{"b": tru},{"c":3}]}'), 5);
    expect(events.filter((e) => e.kind !== 'arrayStart')).to.deep.equal([
      { kind: 'element', index: 0, value: { a: 1 } },
      { kind: 'badElement', index: 1, reason: 'not valid JSON' },
      { kind: 'element', index: 2, value: { c: 3 } },
    ]);
  });

  it('handles an empty rows array and a document without one', () => {
    const empty = new JsonRowStream('rows');
    empty.push(Buffer.from('{"rows":[]}'));
    empty.end();
    expect(empty.sawArray).to.equal(true);
    const none = new JsonRowStream('rows');
    none.push(Buffer.from('{"meta":{},"programs":[]}'));
    none.end();
    expect(none.sawArray).to.equal(false);
  });

  it('rejects broken structure with a clear reason', () => {
    expect(scanError('[1,2]')).to.equal('expected a JSON object at the top level at byte 0');
    expect(scanError('')).to.equal('the file is empty');
    expect(scanError('{"rows":[{"a":1},')).to.equal('the file ends inside "rows" (truncated?)');
    expect(scanError('{"rows":[{"a":1}] ')).to.equal('the file ends before the top-level object is closed (truncated?)');
    expect(scanError('{"rows":[{"a":1} {"b":2}]}')).to.match(/^expected "," or "]" between elements of "rows" at byte \d+$/);
    expect(scanError('{"rows":[]} trailing')).to.match(/^unexpected text after the end of the JSON object/);
  });
});
