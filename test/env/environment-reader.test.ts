import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { closeEnvironmentReaders, withEnvironment } from '../../electron/core/env/environment-reader.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

import type { EngineConnection } from '../../electron/core/engine/engine.js';

async function rowsOf(conn: EngineConnection, sql: string) {
  const result = await conn.query(sql);
  if (!result.ok) throw new Error(result.error);
  return result.rows;
}

const answer = (root: string) => withEnvironment(root, 'main', ({ conn }) => rowsOf(conn, 'select answer from answer'));

/** Environments are kept open between requests; each build's new catalog must be what the next request reads. */
describe('reading an environment', () => {
  it('reads every newly published build, while requests on the previous one finish on it', async () => {
    const root = await writeTempProject({ 'dbt_project.yml': 'name: shop\n', 'models/answer.sql': 'select 1 as answer' });
    await initCommittedRepo(root);
    await buildBranch({ projectRoot: root });
    expect(await answer(root)).toEqual([{ answer: 1 }]);

    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // A request that is still running on the first build when the second is published.
    const slow = withEnvironment(root, 'main', async ({ conn }) => {
      await held;
      return rowsOf(conn, 'select answer from answer');
    });
    for (const n of [2, 3]) {
      await writeFile(path.join(root, 'models/answer.sql'), `select ${n} as answer`);
      await buildBranch({ projectRoot: root });
      expect(await answer(root)).toEqual([{ answer: n }]);
      expect(await answer(root)).toEqual([{ answer: n }]);
    }
    release();
    expect(await slow).toEqual([{ answer: 1 }]);
    await closeEnvironmentReaders(root);
    expect(await answer(root)).toEqual([{ answer: 3 }]);
    await closeEnvironmentReaders(root);
  });
});
