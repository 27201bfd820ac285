import { ProjectLoadError } from '../../build/project-load-error.js';
import { compileProject } from '../../compile/compile-project.js';
import { assayPaths, ensureAssayDir } from '../../env/assay-paths.js';
import { FileHashes } from '../../env/file-hashes.js';
import { fingerprintNodes } from '../../env/fingerprint.js';
import { loadProject } from '../../project/load-project.js';

/** Loads the project (the files at `buildRoot`) for its warehouse target and compiles it for PostgreSQL. */
export async function compileWarehouseProject(buildRoot: string, vars?: Record<string, unknown>, targetName?: string, empty?: boolean) {
  const loaded = await loadProject(buildRoot, { vars, onWarehouse: true, target: targetName });
  if (!loaded.ok) throw new ProjectLoadError(loaded.errors);
  const target = loaded.project.warehouse;
  if (!target) {
    const said = loaded.project.errors.filter((e) => /profiles\.yml$/.test(e.file)).map((e) => ({ ...e, severity: 'error' as const }));
    throw new ProjectLoadError(said.length > 0 ? said : [{ file: 'profiles.yml', severity: 'error', message: `the profile's selected target (${loaded.project.session.targetName ?? 'none'}) is not a postgres target: choose one with --target` }]);
  }
  const { compiled, renderer } = compileProject(loaded.project, { adapter: 'postgres', empty });
  return { compiled, renderer, target };
}

/** Compiled for PostgreSQL, with every node's fingerprint and definition; the file-hash cache is brought up to date. */
export async function compileForWarehouse(projectRoot: string, buildRoot: string, vars?: Record<string, unknown>, targetName?: string, empty?: boolean) {
  const { compiled, renderer, target } = await compileWarehouseProject(buildRoot, vars, targetName, empty);
  // .assay/ holds the file-hash cache, and is git-ignored from the first write (a warehouse-only project never built locally has none yet).
  await ensureAssayDir(assayPaths(projectRoot));
  const hashes = await FileHashes.open(assayPaths(projectRoot).fileHashes);
  const { fingerprints, definitions } = await fingerprintNodes(compiled, hashes);
  await hashes.save();
  return { compiled, renderer, target, fingerprints, definitions };
}
