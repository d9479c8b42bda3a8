import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, so data paths work whatever the current directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function fromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(PROJECT_ROOT, path);
}
