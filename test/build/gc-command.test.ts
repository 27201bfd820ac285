import { access, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import { lockEnvironment } from '../../electron/core/env/env-lock.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';
import { assay } from '../helpers/run-cli.js';

const exists = (file: string) => access(file).then(() => true, () => false);
/** No history besides the current catalog, so that the replaced result is garbage at once. */
const project = { ...minimalProject, 'dbt_project.yml': `${minimalProject['dbt_project.yml']}assay:\n  env_history: 0\n` };

/** A project whose first result of `b` no environment reads any more, written an hour ago. */
async function projectWithOldGarbage(): Promise<{ root: string; garbage: string }> {
  const root = await writeTempProject({ ...project, 'models/b.sql': 'select 1 as id' });
  await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
  const catalog = await readCatalog(assayPaths(root).envFile('local'));
  const garbage = catalog.state === 'ok' ? catalog.entries.get('b')?.physical : null;
  if (!garbage) throw new Error('b has no stored result');
  await writeFile(path.join(root, 'models/b.sql'), 'select 2 as id');
  await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await utimes(garbage, anHourAgo, anHourAgo);
  return { root, garbage };
}

describe('assay gc', () => {
  it('lists on a dry run, removes with --json, and refuses (exit 2) outside a project or while a build holds a lock', async () => {
    const { root, garbage } = await projectWithOldGarbage();
    const relative = path.relative(root, garbage);

    const dry = await assay(['gc', '--project', root, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^would remove ${relative.replaceAll('.', '\\.')} \\(\\d+(\\.\\d)? (B|KB)\\)$`, 'm'));
    expect(dry.stdout).toMatch(/would remove 1 store file\(s\), would free .*; kept 1 \(read by environments: local/);
    expect(await exists(garbage)).toBe(true);

    const release = await lockEnvironment(assayPaths(root).lockFile('local'), 'local');
    const locked = await assay(['gc', '--project', root]);
    await release();
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/not collecting garbage while a build runs: environment 'local' is locked by another build/);
    expect(await exists(garbage)).toBe(true);

    const removed = await assay(['gc', '--project', root, '--json']);
    expect(removed.code).toBe(0);
    const json = JSON.parse(removed.stdout) as { dryRun: boolean; removed: { file: string; bytes: number }[]; bytesFreed: number; envsRead: string[] };
    expect(json).toMatchObject({ dryRun: false, removed: [{ file: garbage }], envsRead: ['local'] });
    expect(json.bytesFreed).toBe(json.removed[0]?.bytes);
    expect(await exists(garbage)).toBe(false);

    const notAProject = await assay(['gc', '--project', path.join(root, 'models')]);
    expect(notAProject.code).toBe(2);
    expect(notAProject.stderr).toMatch(/is not a dbt project: it has no dbt_project\.yml/);
  });
});
