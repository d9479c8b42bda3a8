import { expect } from 'chai';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sinon from 'sinon';
import { CatalogError, CatalogStore, loadCatalog, saveCatalog } from '../../src/domain/catalog/store.js';
import type { Catalog } from '../../src/domain/catalog/schema.js';
import { recordingLogger, validCatalog, validProgram, waitFor, withTempDir } from './fixtures.js';

async function writeJson(file: string, data: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(data, null, 2));
}

async function loadError(file: string): Promise<CatalogError> {
  try {
    await loadCatalog(file);
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected loadCatalog to fail');
}

describe('catalog store', () => {
  describe('loadCatalog', () => {
    it('loads and validates a good file', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await writeJson(file, validCatalog([validProgram('a-1'), validProgram('b-2')]));
        const catalog = await loadCatalog(file);
        expect(catalog.programs.map((p) => p.id)).to.deep.equal(['a-1', 'b-2']);
        expect(catalog.meta.sample).to.equal(true);
      }));

    it('stops at a bad record with the id, field path and problem', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        const bad = validProgram('oak-ridge-03');
        bad.address.zip = '4321';
        await writeJson(file, validCatalog([validProgram('fine-01'), bad]));
        const error = await loadError(file);
        expect(error.message).to.equal(`Invalid catalog ${file}: Program "oak-ridge-03": address.zip: expected 5 digits`);
      }));

    it('gives one clear error for a missing file', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'nope.json');
        expect((await loadError(file)).message).to.equal(`Catalog file not found: ${file}`);
      }));

    it('gives one clear error for a file that is not JSON, without quoting its text', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await writeFile(file, '{\n  "meta": { "secret-ish": tru }\n}');
        const error = await loadError(file);
        expect(error.message).to.match(new RegExp(`^Catalog file ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON: `));
        expect(error.message).not.to.include('secret-ish');
      }));

    it('reports the line and column of a JSON syntax error', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await writeFile(file, '{\n  "meta": {,\n}');
        expect((await loadError(file)).message).to.match(/\(line 2, column 12\)$/);
      }));

    it('treats a file holding only null as an invalid catalog, not a missing one', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await writeFile(file, 'null');
        expect((await loadError(file)).message).to.equal(`Invalid catalog ${file}: expected an object with "meta" and "programs"`);
      }));
  });

  describe('saveCatalog / CatalogStore.save', () => {
    it('writes a catalog that loads back the same', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        const catalog = validCatalog([validProgram('a-1')]);
        await saveCatalog(file, catalog);
        expect(await loadCatalog(file)).to.deep.equal(catalog);
      }));

    it('refuses to save an invalid catalog and leaves the file as it was', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await saveCatalog(file, validCatalog());
        const before = await readFile(file, 'utf8');
        const { logger } = recordingLogger();
        const store = await CatalogStore.open(file, logger);
        const bad = structuredClone(validCatalog());
        (bad.programs[0] as { phone: string }).phone = 'call us';
        let thrown: unknown;
        await store.save(bad).catch((error: unknown) => (thrown = error));
        expect(thrown).to.be.instanceOf(CatalogError);
        expect(await readFile(file, 'utf8')).to.equal(before);
        expect(store.programs()[0]?.phone).to.equal('614-555-0101');
        await store.close();
      }));

    it('refuses to save an empty catalog', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await saveCatalog(file, validCatalog());
        const store = await CatalogStore.open(file, recordingLogger().logger);
        let thrown: unknown;
        await store.save(validCatalog([])).catch((error: unknown) => (thrown = error));
        expect(thrown).to.be.instanceOf(CatalogError);
        expect(store.programs()).to.have.length(1);
        expect((await loadCatalog(file)).programs).to.have.length(1);
        await store.close();
      }));

    it('serves a saved catalog at once and tells listeners', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await saveCatalog(file, validCatalog());
        const store = await CatalogStore.open(file, recordingLogger().logger);
        const listener = sinon.spy();
        store.onReload(listener);
        await store.save(validCatalog([validProgram('x-1'), validProgram('y-2')]));
        expect(store.programs().map((p) => p.id)).to.deep.equal(['x-1', 'y-2']);
        expect(listener.calledOnce).to.equal(true);
        expect((await loadCatalog(file)).programs).to.have.length(2);
        await store.close();
      }));
  });

  describe('CatalogStore hot reload', () => {
    async function openWatched(dir: string): Promise<{ file: string; store: CatalogStore; log: ReturnType<typeof recordingLogger>; reloads: Catalog[] }> {
      const file = path.join(dir, 'programs.json');
      await writeJson(file, validCatalog([validProgram('first-01')]));
      const log = recordingLogger();
      const store = await CatalogStore.open(file, log.logger);
      const reloads: Catalog[] = [];
      store.onReload((catalog) => reloads.push(catalog));
      store.watch({ debounceMs: 50 });
      return { file, store, log, reloads };
    }

    it('fails to open on a bad file', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await writeJson(file, { meta: validCatalog().meta, programs: [{ ...validProgram(), levels: [] }] });
        let thrown: unknown;
        await CatalogStore.open(file, recordingLogger().logger).catch((error: unknown) => (thrown = error));
        expect(thrown).to.be.instanceOf(CatalogError);
        expect((thrown as Error).message).to.include('Program "oak-ridge-03": levels: expected at least one level of care');
      }));

    it('fails to open an empty catalog, naming the file and the problem', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await writeJson(file, validCatalog([]));
        const log = recordingLogger();
        let thrown: unknown;
        await CatalogStore.open(file, log.logger).catch((error: unknown) => (thrown = error));
        expect(thrown).to.be.instanceOf(CatalogError);
        expect((thrown as Error).message).to.equal(`Invalid catalog ${file}: programs: expected at least one program (with none, the bot would suggest nothing)`);
        expect(log.lines().some((line) => line.event === 'catalog.loaded'), 'no "loaded" line for a refused catalog').to.equal(false);
      }));

    it('refuses an edit that empties the catalog, logs the reason only, and keeps the last good catalog', () =>
      withTempDir(async (dir) => {
        const { file, store, log, reloads } = await openWatched(dir);
        await writeJson(file, { ...validCatalog([]), meta: { ...validCatalog().meta, description: 'Emptied by a private note' } });
        await waitFor(() => log.lines().some((line) => line.event === 'catalog.reload_refused'), 'the refusal to be logged');
        const refusal = log.lines().find((line) => line.event === 'catalog.reload_refused');
        expect(refusal?.level, 'logged like any refused edit').to.be.at.least(40);
        expect(refusal?.problems).to.deep.equal(['programs: expected at least one program (with none, the bot would suggest nothing)']);
        expect(refusal?.programsInService).to.equal(1);
        expect(log.text()).not.to.include('private note');
        expect(log.lines().some((line) => line.event === 'catalog.reloaded')).to.equal(false);
        expect(store.programs().map((p) => p.id)).to.deep.equal(['first-01']);
        expect(reloads).to.have.length(0);
        await store.close();
      }));

    it('picks up a valid edit and calls the reload listener', () =>
      withTempDir(async (dir) => {
        const { file, store, reloads } = await openWatched(dir);
        expect(store.programs().map((p) => p.id)).to.deep.equal(['first-01']);
        await writeJson(file, validCatalog([validProgram('first-01'), validProgram('second-02')]));
        await waitFor(() => store.programs().length === 2, 'the edit to be picked up');
        expect(reloads.at(-1)?.programs.map((p) => p.id)).to.deep.equal(['first-01', 'second-02']);
        await store.close();
      }));

    it('picks up a file replaced by rename, as editors and lowdb do', () =>
      withTempDir(async (dir) => {
        const { file, store } = await openWatched(dir);
        const temp = path.join(dir, '.programs.json.swp');
        await writeJson(temp, validCatalog([validProgram('renamed-in')]));
        await rename(temp, file);
        await waitFor(() => store.programs()[0]?.id === 'renamed-in', 'the replaced file to be picked up');
        // And it keeps watching the new file.
        await writeJson(file, validCatalog([validProgram('after-rename')]));
        await waitFor(() => store.programs()[0]?.id === 'after-rename', 'a later edit to be picked up');
        await store.close();
      }));

    it('refuses a broken edit, logs id/field/problem only, and keeps the last good catalog', () =>
      withTempDir(async (dir) => {
        const { file, store, log, reloads } = await openWatched(dir);
        const broken = validProgram('first-01');
        broken.name = 'Very Private Program Name';
        broken.address.zip = '123';
        await writeJson(file, validCatalog([broken]));
        await waitFor(() => log.lines().some((line) => line.event === 'catalog.reload_refused'), 'the refusal to be logged');
        const refusal = log.lines().find((line) => line.event === 'catalog.reload_refused');
        expect(refusal?.level).to.equal(50); // pino "error"
        expect(refusal?.problems).to.deep.equal(['Program "first-01": address.zip: expected 5 digits']);
        expect(log.text()).not.to.include('Very Private Program Name').and.not.to.include('"123"');
        expect(store.programs()).to.have.length(1);
        expect(store.programs()[0]?.name).to.equal('Oak Ridge Recovery');
        expect(reloads).to.have.length(0);

        // Fixing the file brings reloads back.
        await writeJson(file, validCatalog([validProgram('fixed-01')]));
        await waitFor(() => store.programs()[0]?.id === 'fixed-01', 'the fixed file to be picked up');
        await store.close();
      }));

    it('refuses a half-written (non-JSON) file and a deleted file, then recovers when it returns', () =>
      withTempDir(async (dir) => {
        const { file, store, log } = await openWatched(dir);
        await writeFile(file, '{"meta": {"source": "x", ');
        await waitFor(() => log.lines().some((line) => line.event === 'catalog.reload_refused'), 'the non-JSON refusal');
        expect(String(log.lines().find((line) => line.event === 'catalog.reload_refused')?.reason)).to.include('is not valid JSON');
        await unlink(file);
        await waitFor(
          () => log.lines().some((line) => line.event === 'catalog.reload_refused' && String(line.reason).startsWith('Catalog file not found')),
          'the missing-file refusal',
        );
        expect(store.programs()[0]?.id).to.equal('first-01');
        await writeJson(file, validCatalog([validProgram('back-again')]));
        await waitFor(() => store.programs()[0]?.id === 'back-again', 'the recreated file to be picked up');
        await store.close();
      }));

    it('ignores changes to other files in the directory', () =>
      withTempDir(async (dir) => {
        const { store } = await openWatched(dir);
        const reload = sinon.spy(store, 'reload');
        await writeFile(path.join(dir, 'other.json'), '{}');
        // A negative check cannot poll: give the watcher several debounce periods to (wrongly) fire.
        // A slow machine can only make this pass vacuously, never fail spuriously.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(reload.callCount).to.equal(0);
        await writeJson(path.join(dir, 'programs.json'), validCatalog([validProgram('touched')]));
        await waitFor(() => store.programs()[0]?.id === 'touched', 'our own edit');
        await store.close();
      }));

    it('does not reload (or notify twice) for its own save', () =>
      withTempDir(async (dir) => {
        const { file, store, reloads } = await openWatched(dir);
        await store.save(validCatalog([validProgram('saved-01')]));
        // Negative check: give the watcher several debounce periods to (wrongly) reload our own write.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await writeJson(file, validCatalog([validProgram('edited-02')]));
        await waitFor(() => store.programs()[0]?.id === 'edited-02', 'the later edit');
        expect(reloads.map((c) => c.programs[0]?.id)).to.deep.equal(['saved-01', 'edited-02']);
        await store.close();
      }));

    it('stops reloading after close()', () =>
      withTempDir(async (dir) => {
        const { file, store } = await openWatched(dir);
        await store.close();
        const reload = sinon.spy(store, 'reload');
        await writeJson(file, validCatalog([validProgram('after-close')]));
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(reload.callCount).to.equal(0);
        expect(store.programs()[0]?.id).to.equal('first-01');
      }));
  });
});
