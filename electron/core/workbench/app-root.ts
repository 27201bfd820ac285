import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Assay's own package.json (not the user's project). Found by walking up, so it
 * is right both from the TypeScript sources (run by tsx) and from the bundles in `dist/electron/`.
 */
export function appRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'fixtures'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find Assay's installation folder above ${from}`);
    dir = parent;
  }
}
