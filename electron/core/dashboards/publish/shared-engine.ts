import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PublishedEngine } from '../../../../shared/dashboard-types.js';
import { writeDirAtomically } from './atomic-dir.js';
import type { DuckDbScripts } from './duckdb-wasm-bundle.js';

/**
 * The folder beside the dashboards' folders of a publish that holds the one copy of DuckDB-Wasm
 * they share. No dashboard may take its name.
 */
export const ENGINE_DIR = 'assay-engine';

/** Where a dashboard's page finds the engine: its folder's sibling. */
const ENGINE_FROM_PAGE = `../${ENGINE_DIR}`;

/** The engine's scripts as a page finds them, relative to its `index.html` (see engine-loader-script.ts). */
export interface EngineScripts {
  folder: string;
  library: string;
  worker: string;
  /** The gzipped binary's parts, in order. */
  binary: string[];
}

export function engineScriptsFromPage(engine: DuckDbScripts): EngineScripts {
  const fromPage = (name: string) => `${ENGINE_FROM_PAGE}/${name}`;
  return { folder: ENGINE_FROM_PAGE, library: fromPage(engine.library), worker: fromPage(engine.worker), binary: engine.binary.map(fromPage) };
}

/**
 * Writes the shared engine folder into `outDir` (atomically, so that a page opened meanwhile finds
 * the old copy or the new one, never half of one) and says what it holds, for the manifests.
 */
export async function writeSharedEngine(outDir: string, engine: DuckDbScripts): Promise<PublishedEngine> {
  await writeDirAtomically(path.join(outDir, ENGINE_DIR), async (dir) => {
    for (const [name, text] of engine.scripts) await writeFile(path.join(dir, name), text);
  });
  return {
    folder: ENGINE_FROM_PAGE,
    duckdb_wasm: engine.version,
    files: [...engine.scripts].map(([name, text]) => ({
      file: `${ENGINE_FROM_PAGE}/${name}`,
      bytes: Buffer.byteLength(text),
      sha256: createHash('sha256').update(text).digest('hex'),
    })),
  };
}
