import { compileProject } from '../compile/compile-project.js';
import { assayPaths } from '../env/assay-paths.js';
import { FileHashes } from '../env/file-hashes.js';
import { environmentFingerprint, fingerprintNodes } from '../env/fingerprint.js';
import { loadProject, type LoadOptions } from '../project/load-project.js';
import type { Project } from '../project/project.js';
import { prepareExecution } from './exec-sql.js';
import { ProjectLoadError } from './project-load-error.js';

/**
 * Loads a project from `buildRoot` (unless the caller has just done so), compiles it, fingerprints every node (with the file-hash cache
 * of `projectRoot`'s `.assay/`) and renders what the build runs. Throws ProjectLoadError when the
 * folder is not a project.
 */
export async function prepareProject(projectRoot: string, buildRoot: string, options: LoadOptions & { empty?: boolean; loaded?: Project } = {}) {
  const project = options.loaded ?? (await readProject(buildRoot, options));
  const { compiled, renderer } = compileProject(project, { empty: options.empty });
  const paths = assayPaths(projectRoot);
  const hashes = await FileHashes.open(paths.fileHashes);
  const { fingerprints, definitions } = await fingerprintNodes(compiled, hashes);
  await hashes.save();
  prepareExecution(compiled, renderer, fingerprints, paths.storeDir);
  return { project, compiled, renderer, fingerprints, definitions, envFingerprint: environmentFingerprint(fingerprints) };
}

/** A project the app just read from the working tree, when a run of `target` may take it as it is: one of the working tree, with neither vars nor a date. */
export function reusableProject(target: { fromWorkingTree: boolean }, options: { vars?: Record<string, unknown>; asOf?: unknown; loaded?: Project }): Project | undefined {
  return target.fromWorkingTree && !options.vars && !options.asOf ? options.loaded : undefined;
}

async function readProject(buildRoot: string, options: LoadOptions): Promise<Project> {
  const loaded = await loadProject(buildRoot, { vars: options.vars, asOf: options.asOf });
  if (!loaded.ok) throw new ProjectLoadError(loaded.errors);
  return loaded.project;
}
