import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { arrayElements, JsonArrayError, type ArrayElement } from '../../scripts/meetings/arrayElements.js';

describe('Streaming the elements of a JSON array (meeting feeds)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'array-elements-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function read(text: string, maxElementChars?: number): Promise<ArrayElement[]> {
    const file = join(dir, `f${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, text);
    const out: ArrayElement[] = [];
    for await (const element of arrayElements(file, maxElementChars ? { maxElementChars } : {})) out.push(element);
    return out;
  }

  it('reads objects with brackets, quotes and escapes inside strings, nested arrays, scalars and a BOM', async () => {
    const rows = [{ name: 'A [b] {c}', notes: 'say "hi" \\ ok', day: [1, 2], nested: { x: [{ y: '}' }] } }, 42, 'text, with comma', null, true, { name: 'Grupo Sólo por Hoy ✓' }];
    const got = await read(`\uFEFF  ${JSON.stringify(rows, null, 2)}\n`);
    expect(got.map((e) => ('value' in e ? e.value : e.error))).to.deep.equal(rows);
    expect(got.map((e) => e.index)).to.deep.equal([0, 1, 2, 3, 4, 5]);
  });

  it('handles an element split across read chunks (a 200 KB feed)', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ slug: `m-${i}`, notes: 'é'.repeat(50) }));
    const got = await read(JSON.stringify(rows));
    expect(got).to.have.length(2000);
    expect(got.every((e, i) => 'value' in e && (e.value as { slug: string }).slug === `m-${i}`)).to.equal(true);
  });

  it('reports a bad element and goes on; a feed cut short or not an array is an error', async () => {
    const got = await read('[{"slug": "a"}, {"slug": tru}, {"slug": "c"}]');
    expect(got.map((e) => ('value' in e ? 'ok' : e.error.slice(0, 18)))).to.deep.equal(['ok', 'not valid JSON (Un', 'ok']);
    const long = await read(`[{"notes": "${'x'.repeat(500)}"}, {"slug": "b"}]`, 100);
    expect('error' in long[0]! && long[0].error).to.include('longer than 100');
    expect('value' in long[1]!).to.equal(true);
    for (const bad of ['{"meetings": []}', '[{"a": 1}', '', '[1 2]', '[1,,2]', '[] x']) {
      let error: unknown;
      await read(bad).catch((e: unknown) => (error = e));
      expect(error, bad).to.be.instanceOf(JsonArrayError);
    }
    expect(await read('[]')).to.deep.equal([]);
  });
});
