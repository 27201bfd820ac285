import { beforeAll, describe, expect, it } from 'vitest';
import { fileAtCommit } from '../../electron/core/git/file-at-commit.js';
import { fileHistory } from '../../electron/core/git/history.js';
import { commitAll, isolateFromMachineConfig, makeRepo, sh } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

async function repoWithHistory() {
  const repo = await makeRepo({ 'models/orders.sql': 'select 1\n', 'other.sql': 'x\n' });
  const first = await sh(repo.dir, 'rev-parse', 'HEAD');
  await commitAll(repo, { 'other.sql': 'y\n' }, 'unrelated');
  await sh(repo.dir, 'mv', 'models/orders.sql', 'models/fct_orders.sql');
  await sh(repo.dir, 'commit', '-q', '-m', 'rename orders');
  const renamed = await sh(repo.dir, 'rev-parse', 'HEAD');
  const edited = await commitAll(repo, { 'models/fct_orders.sql': 'select 2\n' }, 'orders: select 2');
  return { repo, first, renamed, edited };
}

describe('fileHistory', () => {
  it('lists the commits that touched a file, newest first, across a rename', async () => {
    const { repo, first, renamed, edited } = await repoWithHistory();
    const history = await fileHistory(repo, 'models/fct_orders.sql');
    expect(history.ok && history.commits.map((c) => [c.commit, c.subject, c.path])).toEqual([
      [edited, 'orders: select 2', 'models/fct_orders.sql'],
      [renamed, 'rename orders', 'models/fct_orders.sql'],
      [first, 'initial', 'models/orders.sql'],
    ]);
    expect(history.ok && history.commits[0]).toMatchObject({
      shortCommit: edited.slice(0, 7),
      parents: [renamed],
      author: 'Test Analyst',
      email: 'analyst@example.com',
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/),
    });
  });

  it('stops at the limit and starts from another ref', async () => {
    const { repo, first, renamed } = await repoWithHistory();
    const limited = await fileHistory(repo, 'models/fct_orders.sql', { limit: 1 });
    expect(limited.ok && limited.commits).toHaveLength(1);
    const older = await fileHistory(repo, 'models/fct_orders.sql', { ref: renamed });
    expect(older.ok && older.commits.map((c) => c.commit)).toEqual([renamed, first]);
  });

  it('is empty for a file never committed and in a repository with no commits', async () => {
    const { repo } = await repoWithHistory();
    expect(await fileHistory(repo, 'models/nope.sql')).toEqual({ ok: true, commits: [] });
    expect(await fileHistory(await makeRepo({}), 'a.sql')).toEqual({ ok: true, commits: [] });
  });

  it('refuses a path outside the repository and an unknown ref', async () => {
    const { repo } = await repoWithHistory();
    expect(await fileHistory(repo, '../x.sql')).toMatchObject({ ok: false, code: 'invalid-path' });
    expect(await fileHistory(repo, 'other.sql', { ref: 'nope' })).toMatchObject({ ok: false, code: 'unknown-ref', error: expect.stringContaining("'nope'") });
  });
});

describe('fileAtCommit', () => {
  it('reads a file as it was at a commit', async () => {
    const { repo, first } = await repoWithHistory();
    expect(await fileAtCommit(repo, first, 'models/orders.sql')).toEqual({ ok: true, content: 'select 1\n' });
    expect(await fileAtCommit(repo, 'main', 'models/fct_orders.sql')).toEqual({ ok: true, content: 'select 2\n' });
  });

  it('says when the file did not exist at that commit', async () => {
    const { repo, first } = await repoWithHistory();
    expect(await fileAtCommit(repo, first, 'models/fct_orders.sql')).toMatchObject({ ok: false, code: 'invalid-path', error: `models/fct_orders.sql does not exist at ${first.slice(0, 8)}` });
    expect(await fileAtCommit(repo, 'main', 'gone.sql')).toMatchObject({ ok: false, error: expect.stringMatching(/^gone\.sql does not exist at main \([0-9a-f]{8}\)$/) });
  });
});
