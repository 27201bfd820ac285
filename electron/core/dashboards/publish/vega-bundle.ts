import { copyFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The UMD builds a published page loads, in load order (vega-lite and vega-embed expect `vega` first). */
export const VEGA_SCRIPTS = ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js'] as const;

/**
 * Where each build lives in node_modules. The packages do not export their `build/` folders, so
 * each is found next to a file they do export.
 */
function vegaScriptSources(): Record<(typeof VEGA_SCRIPTS)[number], string> {
  const require = createRequire(import.meta.url);
  const buildDir = (exported: string) => path.dirname(require.resolve(exported));
  return {
    'vega.min.js': path.join(buildDir('vega/vega-schema.json'), 'vega.min.js'),
    'vega-lite.min.js': path.join(buildDir('vega-lite/vega-lite-schema.json'), 'vega-lite.min.js'),
    'vega-embed.min.js': path.join(buildDir('vega-embed'), 'vega-embed.min.js'),
  };
}

/** Copies Vega, Vega-Lite and vega-embed into a published folder: the page needs no CDN. */
export async function copyVegaScripts(dir: string): Promise<void> {
  const sources = vegaScriptSources();
  for (const name of VEGA_SCRIPTS) await copyFile(sources[name], path.join(dir, name));
}
