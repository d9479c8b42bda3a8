import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCatalog } from '../../src/domain/catalog/store.js';
import { runTs } from '../helpers/childProcess.js';
import { LOCATOR_FIXTURE, validCatalog, validProgram, withTempDir } from './fixtures.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a script as people do (through tsx), in a child process, never throwing on exit codes. */
function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('catalog scripts (child processes)', () => {
  describe('catalog-check', () => {
    it('prints OK with the program count for the sample catalog', async () => {
      const expected = (await loadCatalog('data/programs.json')).programs.length;
      const run = await runScript('scripts/catalog-check.ts', ['data/programs.json']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.equal(`OK: ${expected} programs (sample data) in data/programs.json\n`);
    });

    it('reads CATALOG_PATH when no path is given', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'env.json');
        await writeFile(file, JSON.stringify({ ...validCatalog([validProgram('a-1'), validProgram('b-2')]), meta: { ...validCatalog().meta, sample: false } }));
        const run = await runScript('scripts/catalog-check.ts', [], { CATALOG_PATH: file });
        expect(run.code).to.equal(0);
        expect(run.stdout).to.equal(`OK: 2 programs in ${file}\n`);
      }));

    it('prints the start-up error and exits 1 for a bad record or a missing file', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'bad.json');
        const bad = validProgram('oak-ridge-03');
        bad.address.zip = '4321';
        await writeFile(file, JSON.stringify(validCatalog([bad])));
        const run = await runScript('scripts/catalog-check.ts', [file]);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.equal(`Invalid catalog ${file}: Program "oak-ridge-03": address.zip: expected 5 digits\n`);
        const missing = await runScript('scripts/catalog-check.ts', [path.join(dir, 'none.json')]);
        expect(missing.code).to.equal(1);
        expect(missing.stderr).to.equal(`Catalog file not found: ${path.join(dir, 'none.json')}\n`);
      }));
  });

  describe('start-up (src/index.ts)', function () {
    // The whole app loads before the catalog is opened: slow on a busy machine.
    this.timeout(60_000);
    it('an empty catalog stops start-up with one "Cannot start" line naming the file', () =>
      withTempDir(async (dir) => {
        const file = path.join(dir, 'programs.json');
        await writeFile(file, JSON.stringify(validCatalog([])));
        const env = { CATALOG_PATH: file, CALLBACK_QUEUE_PATH: path.join(dir, 'callbacks.json'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
        const { child, done } = runTs('src/index.ts', env);
        // Were it accepted, the server would listen and never exit: stop it and fail.
        const guard = setTimeout(() => child.kill('SIGTERM'), 45_000);
        const result = await done.finally(() => clearTimeout(guard));
        expect(result.code, result.stderr).to.equal(1);
        const lines = result.stderr.split('\n').filter((l) => l.trim().length > 0 && !/DeprecationWarning|--trace-deprecation/.test(l));
        expect(lines).to.deep.equal([`Cannot start: Invalid catalog ${file}: programs: expected at least one program (with none, the bot would suggest nothing)`]);
      }));
  });

  describe('catalog-import', () => {
    it('imports the fixture, reports kept/skipped, writes a valid catalog, and shows no progress bar without a TTY', () =>
      withTempDir(async (dir) => {
        const out = path.join(dir, 'imported.json');
        const run = await runScript('scripts/catalog-import.ts', ['--', LOCATOR_FIXTURE, '--out', out, '--verified', '2019-06-30']);
        expect(run.code).to.equal(0);
        expect(run.stderr).to.equal('');
        expect(run.stdout).to.include('Read 30 rows').and.include('Kept 5 IOP programs; skipped 25').and.include('skipped 25: not_iop');
        expect(run.stdout).to.include(`Wrote 5 programs to ${out}`);
        const catalog = await loadCatalog(out);
        expect(catalog.programs).to.have.length(5);
        expect(catalog.programs.every((p) => p.lastVerified === '2019-06-30')).to.equal(true);
      }));

    it('exits 1 with one clear error for a file that is not a locator export, writing nothing', () =>
      withTempDir(async (dir) => {
        const out = path.join(dir, 'out.json');
        const run = await runScript('scripts/catalog-import.ts', ['data/programs.json', '--out', out]);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.equal('data/programs.json is not a FindTreatment.gov locator export (exportsAsJson/v2): it has no top-level "rows" array\n');
        expect(await readFile(out, 'utf8').catch(() => 'absent')).to.equal('absent');
      }));

    it('exits 1 without writing when no program was kept, after the report that says why', () =>
      withTempDir(async (dir) => {
        const input = path.join(dir, 'no-iop.json');
        const out = path.join(dir, 'out.json');
        const fixture = JSON.parse(await readFile(LOCATOR_FIXTURE, 'utf8')) as { rows: unknown[] };
        await writeFile(input, JSON.stringify({ ...fixture, rows: [] }));
        const run = await runScript('scripts/catalog-import.ts', [input, '--out', out]);
        expect(run.code).to.equal(1);
        expect(run.stdout).to.include('Kept 0 IOP programs').and.not.include('Wrote');
        expect(run.stderr).to.equal(`Invalid catalog ${out}: programs: expected at least one program (with none, the bot would suggest nothing)\n`);
        expect(await readFile(out, 'utf8').catch(() => 'absent')).to.equal('absent');
      }));

    it('exits 2 with usage when --out is missing', async () => {
      const run = await runScript('scripts/catalog-import.ts', [LOCATOR_FIXTURE]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.include('--out <catalog.json> is required').and.include('Usage: catalog-import');
    });
  });

  describe('generate-locator-file', () => {
    it('writes the requested number of rows in the locator shape', () =>
      withTempDir(async (dir) => {
        const out = path.join(dir, 'gen.json');
        const run = await runScript('scripts/generate-locator-file.ts', ['45', out]);
        expect(run.code).to.equal(0);
        const file = JSON.parse(await readFile(out, 'utf8')) as { recordCount: number; rows: Array<{ frid: string; name1: string; services: unknown[] }> };
        expect(file.recordCount).to.equal(45);
        expect(file.rows).to.have.length(45);
        expect(new Set(file.rows.map((r) => r.frid)).size).to.equal(45);
        expect(file.rows.every((r) => Array.isArray(r.services) && r.name1.length > 0)).to.equal(true);
      }));
  });

  describe('generate-sample-catalog', () => {
    it('writes a valid sample catalog of the requested size', () =>
      withTempDir(async (dir) => {
        const out = path.join(dir, 'sample.json');
        const run = await runScript('scripts/generate-sample-catalog.ts', [out, '--count', '40']);
        expect(run.code).to.equal(0);
        expect(run.stdout).to.match(/^Wrote 40 sample programs in \d+ states/);
        const catalog = await loadCatalog(out);
        expect(catalog.programs).to.have.length(40);
        expect(catalog.meta.sample).to.equal(true);
      }));
  });
});
