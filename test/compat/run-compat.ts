import { rm } from 'node:fs/promises';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { corpusManifest, projectVars, stageProject } from './corpus.js';

/**
 * `npm run compat`: every project of the dbt corpus, loaded and compiled as Assay would open it;
 * one row per project and each failure with its cause. A tool, not a test: it measures how much
 * of real dbt Assay runs.
 */
async function main() {
  const only = process.argv.slice(2);
  const manifest = await corpusManifest();
  const projects = manifest.filter((e) => e.kind === 'project' && (only.length === 0 || only.includes(e.name)));
  const rows: string[] = [];
  const failures: string[] = [];
  for (const entry of projects) {
    const { workdir, projectDir } = await stageProject(entry, manifest);
    try {
      const loaded = await loadProject(projectDir, { vars: projectVars[entry.name] });
      if (!loaded.ok) {
        rows.push(`${entry.name.padEnd(20)} does not load: ${loaded.errors.map((e) => e.message).join('; ')}`);
        continue;
      }
      const { compiled } = compileProject(loaded.project);
      const models = [...compiled.nodes.values()].filter((n) => n.kind === 'model');
      const ok = models.filter((n) => !n.error && n.sql !== undefined);
      rows.push(`${entry.name.padEnd(20)} models compiled ${String(ok.length).padStart(3)}/${String(models.length).padEnd(3)} project errors ${compiled.errors.filter((e) => e.severity === 'error').length}`);
      for (const error of compiled.errors) failures.push(`  ${entry.name}: ${error.severity} ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message.slice(0, 300)}`);
    } finally {
      await rm(workdir, { recursive: true, force: true });
    }
  }
  console.log(rows.join('\n'));
  if (failures.length > 0) console.log(`\nproblems:\n${failures.join('\n')}`);
}

await main();
