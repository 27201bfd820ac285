import { readdir } from 'node:fs/promises';
import { readTextFile } from '../../project/file-text.js';
import path from 'node:path';
import type { ProjectError } from '../../../../shared/project-types.js';
import { listProjectFiles } from '../../project/project-files.js';
import { projectConfigSchema, type ProjectConfigFile } from '../../project/project-config.js';
import { readYamlFile, type YamlFile } from '../../project/yaml-file.js';
import type { MacroFile } from '../dbt-runtime.js';
import { dbtVersionWarning } from '../dbt-version.js';

/** A dbt package as `dbt deps` leaves it under `packages-install-path`. */
export interface InstalledPackage {
  name: string;
  /** Its folder, relative to the project root (`dbt_packages/dbt_utils`). */
  folder: string;
  version?: string;
  macros: MacroFile[];
  /** `vars:` of the package's own dbt_project.yml: defaults that the root project's vars override. */
  vars: Record<string, unknown>;
  /** Its dbt_project.yml: where its models, seeds and snapshots are, and their config. */
  project: YamlFile<ProjectConfigFile>;
}


/**
 * Reads the packages installed under `installPath` (dbt's `packages-install-path`, default
 * `dbt_packages`): each sub-folder with a dbt_project.yml, its macros (under their package's
 * name) and its vars. A package whose dbt_project.yml is broken is an error naming that file.
 */
export async function loadInstalledPackages(root: string, installPath: string): Promise<{ packages: InstalledPackage[]; errors: ProjectError[] }> {
  const errors: ProjectError[] = [];
  const packages: InstalledPackage[] = [];
  let entries: string[];
  try {
    entries = (await readdir(path.resolve(root, installPath), { withFileTypes: true })).filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => e.name).sort();
  } catch {
    return { packages, errors };
  }
  for (const entry of entries) {
    const folder = path.relative(root, path.resolve(root, installPath, entry));
    const parsed = await readYamlFile(root, `${folder}/dbt_project.yml`, projectConfigSchema).catch(() => null);
    if (!parsed) continue;
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const config = parsed.yaml.value;
    const macroFolders = (config['macro-paths'] ?? ['macros']).map((p) => `${folder}/${p}`);
    const files = await listProjectFiles(root, macroFolders, ['.sql']);
    const macros = await Promise.all(files.map(async (file) => ({ file, text: await readTextFile(path.join(root, file)) })));
    errors.push(...dbtVersionWarning(config['require-dbt-version'], `${folder}/dbt_project.yml`, `package ${config.name}`));
    packages.push({ name: config.name, folder, version: config.version === undefined ? undefined : String(config.version), macros, vars: config.vars ?? {}, project: parsed.yaml });
  }
  return { packages, errors };
}
