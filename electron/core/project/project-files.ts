import { stat } from 'node:fs/promises';
import path from 'node:path';
import { glob } from 'tinyglobby';

/** Folders that are never part of the project: Assay's own state, dbt's output, installed packages beneath. */
const ignored = ['**/.assay/**', '**/target/**', '**/node_modules/**', '**/.git/**', '**/dbt_packages/**'];

/**
 * Files under `folders` (relative to root) whose names end with one of `extensions`, sorted, as
 * paths relative to root. Installed packages beneath a folder are skipped (a `models/` folder never
 * lists `dbt_packages/`); a folder inside an installed package lists that package's own files.
 * Each folder is walked from itself: a pattern reaching outside the root (`../packages/x/models`)
 * would make the glob walk from their common ancestor.
 */
export async function listProjectFiles(root: string, folders: string[], extensions: string[]): Promise<string[]> {
  const patterns = extensions.map((ext) => `**/*${ext}`);
  const lists = await Promise.all(folders.map(async (folder) => {
    const dir = path.resolve(root, folder);
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) return [];
    const files = await glob(patterns, { cwd: dir, ignore: ignored, onlyFiles: true, dot: false });
    return files.map((file) => toPosix(path.relative(root, path.join(dir, file))));
  }));
  return [...new Set(lists.flat())].sort();
}

function toPosix(file: string): string {
  return path.sep === '/' ? file : file.split(path.sep).join('/');
}
