import { glob } from 'tinyglobby';

/** Folders that are never part of the project: Assay's own state, dbt's output, installed packages. */
const ignored = ['**/.assay/**', '**/target/**', '**/dbt_packages/**', '**/node_modules/**', '**/.git/**'];

/** Files under `folders` (relative to root) whose names end with one of `extensions`, sorted. */
export async function listProjectFiles(root: string, folders: string[], extensions: string[]): Promise<string[]> {
  const patterns = folders.flatMap((folder) => extensions.map((ext) => `${trimSlash(folder)}/**/*${ext}`));
  const files = await glob(patterns, { cwd: root, ignore: ignored, onlyFiles: true, dot: false });
  return files.sort();
}

function trimSlash(folder: string): string {
  return folder.replace(/^\.\//, '').replace(/\/+$/, '');
}
