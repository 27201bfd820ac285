import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Writes a project made of `files` (path → content) into a fresh temp folder. */
export async function writeTempProject(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'assay-test-'));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

/** A fresh copy of one of the bundled fixtures, without any `.assay/` state. */
export async function copyFixture(name: string): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), `assay-${name}-`));
  await cp(path.join(fixturesDir, name), root, { recursive: true, filter: (src) => !src.includes(`${path.sep}.assay`) });
  return root;
}

export const minimalProject = {
  'dbt_project.yml': 'name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\n',
};
