import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { COLOR_ICON_PATH, OUTLINE_ICON_PATH } from '../../scripts/teams/paths.js';
import { readPngHeader } from '../../scripts/teams/png.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/teams-package.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');
const APP_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `scripts/teams-package.ts` as `npm run teams:package` would, from an empty temporary
 * directory (so no .env is picked up) and with only the variables given.
 */
function runPackageScript(cwd: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX_LOADER, SCRIPT],
      { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run teams:package (scripts/teams-package.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes dist/teams-app.zip with exactly manifest.json, its Spanish localization es-us.json, color.png and outline.png at the root', async () => {
    const result = await runPackageScript(dir, { MicrosoftAppId: APP_ID, PUBLIC_BASE_URL: 'https://bot.example.org' });
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    expect(result.stdout).to.include('dist/teams-app.zip');

    const files = unzipSync(readFileSync(join(dir, 'dist', 'teams-app.zip')));
    expect(Object.keys(files).sort()).to.deep.equal(['color.png', 'es-us.json', 'manifest.json', 'outline.png']);
    const color = files['color.png'] ?? new Uint8Array();
    const outline = files['outline.png'] ?? new Uint8Array();
    expect(readPngHeader(color)).to.include({ width: 192, height: 192 });
    expect(readPngHeader(outline)).to.include({ width: 32, height: 32 });
    expect(Buffer.from(color).equals(readFileSync(COLOR_ICON_PATH))).to.equal(true);
    expect(Buffer.from(outline).equals(readFileSync(OUTLINE_ICON_PATH))).to.equal(true);

    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as Record<string, unknown>;
    expect(manifest.id).to.equal(APP_ID);
    expect(manifest.validDomains).to.deep.equal(['bot.example.org']);
  });

  it('writes to TEAMS_PACKAGE_OUT when it is set', async () => {
    const result = await runPackageScript(dir, {
      MicrosoftAppId: APP_ID,
      PUBLIC_BASE_URL: 'https://bot.example.org',
      TEAMS_PACKAGE_OUT: 'out/custom.zip',
    });
    expect(result.code, result.stderr).to.equal(0);
    expect(existsSync(join(dir, 'out', 'custom.zip'))).to.equal(true);
    expect(existsSync(join(dir, 'dist'))).to.equal(false);
  });

  it('fails with one clear line and exit code 1 when MicrosoftAppId is missing', async () => {
    const result = await runPackageScript(dir, { PUBLIC_BASE_URL: 'https://bot.example.org' });
    expect(result.code).to.equal(1);
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.match(/^MicrosoftAppId is required/);
    expect(result.stderr).not.to.match(/\bat .*\.ts:\d+/); // no stack trace
    expect(existsSync(join(dir, 'dist'))).to.equal(false);
  });

  it('fails with one clear line and exit code 1 when MicrosoftAppId is not a GUID', async () => {
    const result = await runPackageScript(dir, { MicrosoftAppId: 'recovery-bot', PUBLIC_BASE_URL: 'https://bot.example.org' });
    expect(result.code).to.equal(1);
    expect(result.stderr.trim().split('\n')).to.have.length(1);
    expect(result.stderr).to.match(/^MicrosoftAppId must be a GUID.*\(got "recovery-bot"\)/);
    expect(existsSync(join(dir, 'dist'))).to.equal(false);
  });
});
