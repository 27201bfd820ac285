import { copyFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The classic scripts a published page loads, in load order (vega-embed expects `vega` first). No
 * Vega-Lite: charts are compiled to Vega at publish. `vega-interpreter.js` evaluates chart
 * expressions without `eval`, so the page's CSP can refuse it.
 */
export const VEGA_SCRIPTS = ['vega.min.js', 'vega-embed.min.js', 'vega-interpreter.js'] as const;

type CopiedScript = Exclude<(typeof VEGA_SCRIPTS)[number], 'vega-interpreter.js'>;

/**
 * Where each build lives in node_modules. The packages do not export their `build/` folders, so
 * each is found next to a file they do export.
 */
function vegaScriptSources(): Record<CopiedScript, string> {
  const require = createRequire(import.meta.url);
  const buildDir = (exported: string) => path.dirname(require.resolve(exported));
  return {
    'vega.min.js': path.join(buildDir('vega/vega-schema.json'), 'vega.min.js'),
    'vega-embed.min.js': path.join(buildDir('vega-embed'), 'vega-embed.min.js'),
  };
}

let interpreter: Promise<string> | null = null;

/** vega-interpreter ships as an ES module only: bundled once per process into a script that sets `window.vegaInterpreter`. */
function interpreterScript(): Promise<string> {
  interpreter ??= (async () => {
    const require = createRequire(import.meta.url);
    const { build } = await import('esbuild');
    const bundled = await build({
      stdin: { contents: "import { expressionInterpreter } from 'vega-interpreter';\nwindow.vegaInterpreter = { expressionInterpreter };\n", resolveDir: path.dirname(require.resolve('vega-interpreter')), loader: 'js' },
      bundle: true,
      platform: 'browser',
      format: 'iife',
      minify: true,
      write: false,
      logLevel: 'error',
    });
    return bundled.outputFiles[0]?.text ?? '';
  })();
  return interpreter;
}

/** Copies Vega and vega-embed into a published folder, with the expression interpreter: the page needs no CDN. */
export async function copyVegaScripts(dir: string): Promise<void> {
  const sources = vegaScriptSources();
  for (const [name, source] of Object.entries(sources)) await copyFile(source, path.join(dir, name));
  await writeFile(path.join(dir, 'vega-interpreter.js'), await interpreterScript());
}
