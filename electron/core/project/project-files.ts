import { glob } from 'tinyglobby';

/** Folders that are never part of the project: Assay's own state, dbt's output, installed packages. */
const ignored = ['**/.assay/**', '**/target/**', '**/node_modules/**', '**/.git/**'];
const packages = '**/dbt_packages/**';

/**
 * Files under `folders` (relative to root) whose names end with one of `extensions`, sorted.
 * Installed packages are skipped unless `includePackages` (the package loader reads inside them).
 */
export async function listProjectFiles(root: string, folders: string[], extensions: string[], options: { includePackages?: boolean } = {}): Promise<string[]> {
  const patterns = folders.flatMap((folder) => extensions.map((ext) => `${trimSlash(folder)}/**/*${ext}`));
  const files = await glob(patterns, { cwd: root, ignore: options.includePackages ? ignored : [...ignored, packages], onlyFiles: true, dot: false });
  return files.sort();
}

function trimSlash(folder: string): string {
  return folder.replace(/^\.\//, '').replace(/\/+$/, '');
}
