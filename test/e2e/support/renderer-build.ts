import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const viteConfig = fileURLToPath(new URL('../../../vite.config.ts', import.meta.url));

/**
 * Builds the renderer with the project's Vite config into a folder of its own, so that test files
 * running in parallel never write over each other's (or the developer's) `dist/renderer`.
 */
export async function buildRenderer(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'assay-renderer-'));
  await build({ configFile: viteConfig, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}
