import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Every folder made here in this test file, removed once the file's tests are done. */
const made = new Set<string>();

// Under Vitest, the folders of a test file go when its tests are done (a copy of the example holds
// its lake and environments: hundreds of them filled gigabytes). Elsewhere (benchmarks) they stay.
if (process.env.VITEST) {
  const { afterAll } = await import('vitest');
  afterAll(removeTempFolders);
}

/** Removes every temporary folder made so far; called after each test file. */
export async function removeTempFolders(): Promise<void> {
  const dirs = [...made];
  made.clear();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
}

/** A fresh, empty temporary folder, removed with the others after the test file. */
export async function tempDir(prefix = 'assay-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Writes a project made of `files` (path → content) into a fresh temp folder. */
export async function writeTempProject(files: Record<string, string>): Promise<string> {
  const root = await tempDir('assay-test-');
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

/**
 * A fresh copy of one of the bundled fixtures, without any `.assay/` state. What a symlink points to
 * is copied (pharma-launch-portable's `lake` links to the example's), so a test that changes the
 * copy never changes the fixture it came from.
 */
export async function copyFixture(name: string): Promise<string> {
  const root = await tempDir(`assay-${name}-`);
  await cp(path.join(fixturesDir, name), root, { recursive: true, dereference: true, filter: (src) => !src.includes(`${path.sep}.assay`) });
  return root;
}

export const minimalProject = {
  'dbt_project.yml': 'name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\n',
};
