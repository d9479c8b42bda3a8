import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ABOVE_SRC = fileURLToPath(new URL('..', import.meta.url));

/**
 * The project root, so data paths work whatever the current directory: the parent of
 * src/, or of build/src/ when this file runs compiled (npm start builds to build/).
 */
export const PROJECT_ROOT = existsSync(join(ABOVE_SRC, 'package.json')) ? ABOVE_SRC : resolve(ABOVE_SRC, '..');

export function fromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(PROJECT_ROOT, path);
}
