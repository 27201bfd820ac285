import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../electron/cli/commands/refresh-command.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { lockEnvironment } from '../../electron/core/env/env-lock.js';
import { RefreshLog } from '../../electron/core/refresh/refresh-log.js';
import { runRefresh } from '../../electron/core/refresh/run-refresh.js';
import { isolateFromMachineConfig } from '../git/git-fixture.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { deliver, shopFiles, shopWithRemote, statuses } from './refresh-fixture.js';

beforeAll(isolateFromMachineConfig);


describe('assay refresh: packages, a build already running, nothing to watch (issue 17)', () => {
  it('installs the packages the project declares, and leaves them alone the next time', async () => {
    const shop = Object.fromEntries(Object.entries(shopFiles).map(([file, text]) => [`shop/${file}`, text]));
    const dir = await writeTempProject({
      ...shop,
      'shop/.gitignore': 'lake/\ndbt_packages/\n',
      'shop/packages.yml': 'packages:\n  - local: ../shared_macros\n',
      'shop/models/orders.sql': "select id, {{ shared_macros.doubled('amount') }} as amount from {{ source('lake', 'orders') }}\n",
      'shared_macros/dbt_project.yml': 'name: shared_macros\n',
      'shared_macros/macros/doubled.sql': '{% macro doubled(column) %}({{ column }} * 2){% endmacro %}\n',
    });
    const root = path.join(dir, 'shop');
    await initCommittedRepo(root);
    await deliver(root, '2024-01', [[1, 10]]);
    const first = await runRefresh({ projectRoot: root });
    expect(statuses(first)).toEqual({ pull: 'skipped', deps: 'ok', build: 'ok', test: 'ok', publish: 'skipped' });
    expect(first.steps[1]).toMatchObject({ counts: { packages: 1 }, message: expect.stringMatching(/^installed shared_macros local into dbt_packages\//) });
    expect((await lstat(path.join(root, 'dbt_packages/shared_macros'))).isSymbolicLink()).toBe(true);
    const second = await runRefresh({ projectRoot: root });
    expect(statuses(second)).toMatchObject({ deps: 'unchanged', build: 'unchanged' });
  });

  it('a build of the environment already running makes the refresh busy (exit 5), logged', async () => {
    const repo = await shopWithRemote();
    const release = await lockEnvironment(assayPaths(repo.root).lockFile('main'), 'main');
    try {
      const record = await runRefresh({ projectRoot: repo.root });
      expect(record.verdict).toBe('busy');
      expect(exitCodeOf(record.verdict)).toBe(5);
      expect(statuses(record)).toMatchObject({ pull: 'unchanged', build: 'failed', test: 'not-run' });
      expect(record.steps[2]?.message).toContain(`environment 'main' is locked by another build (pid ${process.pid}`);
      expect((await new RefreshLog(repo.root).read()).refreshes[0]?.id).toBe(record.id);
    } finally {
      await release();
    }
  });

  it('assay watch refuses (exit 2) a project whose sources read no local file, saying which and why', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: remote_only\n',
      'models/sources.yml': "sources:\n  - name: s3\n    tables:\n      - name: orders\n        meta: {external_location: \"read_parquet('s3://bucket/orders/*.parquet')\"}\n",
    });
    const out = await assay(['watch', '--project', root, '--no-initial']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(`nothing to watch: no source of ${root} reads local files (s3.orders: s3://bucket/orders/*.parquet is not on this machine; schedule assay refresh for it instead)`);
  });

  it('--quiet prints nothing when a refresh (here of a new delivery) succeeds', async () => {
    const repo = await shopWithRemote();
    await deliver(repo.root, '2024-02', [[3, 30]]);
    const out = await assay(['refresh', '--project', repo.root, '--quiet']);
    expect(out).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});
