import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { fromRoot } from '../../src/paths.js';

/**
 * npm start's prestart (scripts/prestart.mjs), run in a scratch folder laid out as an
 * install: with TypeScript it builds; without (npm ci --omit=dev) it runs the build/
 * that is there, or stops with one line. The whole production install, npm ci included,
 * is proved by `npm run check:production-install` (a minute or two, so not run here).
 */
describe('npm start: prestart builds only where TypeScript is installed', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'prestart-'));
    mkdirSync(path.join(dir, 'scripts'));
    cpSync(fromRoot('scripts/prestart.mjs'), path.join(dir, 'scripts/prestart.mjs'));
    // The build script only leaves a mark, so the test sees whether prestart ran it.
    const scripts = { build: 'node -e "require(\'fs\').writeFileSync(\'built\', \'\')"' };
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'prestart-test', private: true, scripts }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const prestart = () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };
    return spawnSync(process.execPath, [path.join(dir, 'scripts/prestart.mjs')], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
  };

  it('package.json runs it before start', () => {
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prestart).to.equal('node scripts/prestart.mjs');
    expect(pkg.scripts.start).to.match(/ build\/src\/index\.js$/);
  });

  it('without TypeScript and without build/, stops with one line saying what to do', () => {
    const run = prestart();
    expect(run.status).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr.trim().split('\n')).to.have.length(1);
    expect(run.stderr).to.match(/^Cannot start: build\/src\/index\.js is missing and TypeScript is not installed to build it .*run npm run build/);
  });

  it('without TypeScript, lets start run the build/ that is there, building nothing', () => {
    mkdirSync(path.join(dir, 'build/src'), { recursive: true });
    writeFileSync(path.join(dir, 'build/src/index.js'), '');
    const run = prestart();
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout + run.stderr).to.equal('');
    expect(existsSync(path.join(dir, 'built'))).to.equal(false);
  });

  it('with TypeScript installed, builds (npm install && npm start runs the current sources)', function () {
    this.timeout(30_000);
    mkdirSync(path.join(dir, 'node_modules/typescript'), { recursive: true });
    writeFileSync(path.join(dir, 'node_modules/typescript/package.json'), JSON.stringify({ name: 'typescript', version: '0.0.0' }));
    const run = prestart();
    expect(run.status, run.stderr).to.equal(0);
    expect(existsSync(path.join(dir, 'built'))).to.equal(true);
  });
});
