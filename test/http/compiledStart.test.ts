import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { expect } from 'chai';
import { fromRoot } from '../../src/paths.js';
import { waitForListening } from '../helpers/childProcess.js';
import { sendExpectingReplies } from '../helpers/expectReplies.js';

/**
 * npm start runs the bot compiled by tsconfig.build.json, with the start script's node
 * flags (heap cap). Built here into its own folder under the project root (the layout
 * build/ has), so the test never touches a build/ someone is running.
 */
describe('npm start: the compiled bot', () => {
  const outDir = fromRoot(`.build-test-${process.pid}`);
  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('builds, starts with the start script flags, finds its data files and answers a turn', async function () {
    this.timeout(120_000);
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = (pkg.scripts.start ?? '').split(/\s+/);
    expect(start[0]).to.equal('node');
    expect(start.at(-1)).to.equal('build/src/index.js');
    // prestart builds where TypeScript is installed (test/http/prestart.test.ts).
    expect(pkg.scripts.prestart).to.equal('node scripts/prestart.mjs');
    expect(pkg.scripts.build).to.include('tsconfig.build.json');

    const tsc = fromRoot('node_modules/typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', fromRoot('tsconfig.build.json'), '--noCheck', '--outDir', outDir], { cwd: fromRoot('.') });
    const child = spawn(process.execPath, [...start.slice(1, -1), `${outDir}/src/index.js`], {
      cwd: fromRoot('.'),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      const port = await waitForListening(child);
      const turn = await sendExpectingReplies(port, 'compiled-start', 'hi');
      expect(turn.status).to.equal(200);
      expect(turn.activities.map((a) => String(a.text ?? '')).join('\n')).to.match(/recovery guide/i);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).to.equal(200);
      // Data files were found from the compiled code (the catalog, the state dictionary).
      expect(stdout).to.include(fromRoot('data/programs.json'));
      expect(stdout).to.not.include('state dictionary missing');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
