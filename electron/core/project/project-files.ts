import { glob } from 'tinyglobby';

/** Folders that are never part of the project: Assay's own state, dbt's output, installed packages. */
const ignored = ['**/.assay/**', '**/target/**', '**/node_modules/**', '**/.git/**'];

/**
 * Files under `folders` (relative to root) whose names end with one of `extensions`, sorted.
 * Installed packages beneath a folder are skipped (a `models/` folder never lists `dbt_packages/`);
 * a folder inside an installed package lists that package's own files.
 */
export async function listProjectFiles(root: string, folders: string[], extensions: string[]): Promise<string[]> {
  const patterns = folders.flatMap((folder) => extensions.map((ext) => beneath(folder, `**/*${ext}`)));
  const packagesBeneath = folders.map((folder) => beneath(folder, '**/dbt_packages/**'));
  const files = await glob(patterns, { cwd: root, ignore: [...ignored, ...packagesBeneath], onlyFiles: true, dot: false });
  return files.sort();
}

function beneath(folder: string, pattern: string): string {
  const trimmed = folder.replace(/^\.\//, '').replace(/\/+$/, '');
  return trimmed === '' || trimmed === '.' ? pattern : `${trimmed}/${pattern}`;
}
