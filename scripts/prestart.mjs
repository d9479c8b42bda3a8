// npm start's prestart. Plain JavaScript, so it runs where only the dependencies are installed.
//
// With the TypeScript compiler installed (npm install): npm run build, as before, so
// `npm install && npm start` runs the current sources. Without it (npm ci --omit=dev, a
// production install): the build/ shipped with the install is run; if there is none,
// one line says what to do and start-up stops.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join('build', 'src', 'index.js');

function compilerInstalled() {
  try {
    createRequire(join(root, 'package.json')).resolve('typescript/package.json');
    return true;
  } catch {
    return false;
  }
}

if (compilerInstalled()) {
  // npm sets npm_execpath to its own CLI when it runs a script; plain `npm` otherwise.
  const npmCli = process.env.npm_execpath;
  const [command, args] = npmCli ? [process.execPath, [npmCli, 'run', '--silent', 'build']] : ['npm', ['run', '--silent', 'build']];
  const build = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: !npmCli && process.platform === 'win32' });
  process.exit(build.status ?? 1);
} else if (!existsSync(join(root, entry))) {
  console.error(
    `Cannot start: ${entry} is missing and TypeScript is not installed to build it (a production install omits devDependencies): run npm run build where they are installed and ship build/ with the app.`,
  );
  process.exit(1);
}
