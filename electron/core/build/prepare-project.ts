import { compileProject } from '../compile/compile-project.js';
import { assayPaths } from '../env/assay-paths.js';
import { FileHashes } from '../env/file-hashes.js';
import { environmentFingerprint, fingerprintNodes } from '../env/fingerprint.js';
import { loadProject, type LoadOptions } from '../project/load-project.js';
import { prepareExecution } from './exec-sql.js';
import { ProjectLoadError } from './project-load-error.js';

/**
 * Loads a project from `buildRoot`, compiles it, fingerprints every node (with the file-hash cache
 * of `projectRoot`'s `.assay/`) and renders what the build runs. Throws ProjectLoadError when the
 * folder is not a project.
 */
export async function prepareProject(projectRoot: string, buildRoot: string, options: LoadOptions & { empty?: boolean } = {}) {
  const loaded = await loadProject(buildRoot, { vars: options.vars, asOf: options.asOf });
  if (!loaded.ok) throw new ProjectLoadError(loaded.errors);
  const { compiled, renderer } = compileProject(loaded.project, { empty: options.empty });
  const paths = assayPaths(projectRoot);
  const hashes = await FileHashes.open(paths.fileHashes);
  const { fingerprints, definitions } = await fingerprintNodes(compiled, hashes);
  await hashes.save();
  prepareExecution(compiled, renderer, fingerprints, paths.storeDir);
  return { project: loaded.project, compiled, renderer, fingerprints, definitions, envFingerprint: environmentFingerprint(fingerprints) };
}
