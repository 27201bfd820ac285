import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { queryEnv } from '../helpers/env-reader.js';
import { writeTempProject } from '../helpers/temp-project.js';

const build = (projectRoot: string, options: { fullRefresh?: boolean; select?: string[] } = {}) => buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null, ...options });

describe('dbt node configs the build honours', () => {
  it('full_refresh: false keeps an incremental model growing under --full-refresh; others start over', async () => {
    const model = (keep: boolean) => `{{ config(materialized='incremental'${keep ? ', full_refresh=false' : ''}) }}select batch from {{ source('lake', 'batches') }}{% if is_incremental() %} where batch > (select max(batch) from {{ this }}){% endif %}`;
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\n',
      'models/sources.yml': "sources:\n  - name: lake\n    tables:\n      - name: batches\n        meta: {external_location: 'batches.csv'}\n",
      'batches.csv': 'batch\n1\n',
      'models/kept.sql': model(true),
      'models/restarted.sql': model(false),
    });
    await build(root);
    await writeFile(path.join(root, 'batches.csv'), 'batch\n2\n');
    await build(root);
    await writeFile(path.join(root, 'batches.csv'), 'batch\n3\n');
    expect((await build(root, { fullRefresh: true })).status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select batch from kept order by 1')).toEqual([{ batch: 1 }, { batch: 2 }, { batch: 3 }]);
    expect(await queryEnv(root, 'local', 'select batch from restarted order by 1')).toEqual([{ batch: 3 }]);
  });

  it('selects the nodes of an installed package with package:', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\n',
      'dbt_packages/kit/dbt_project.yml': 'name: kit\n',
      'dbt_packages/kit/models/kit_one.sql': 'select 1 as one',
      'models/own.sql': 'select 2 as two',
    });
    const summary = await build(root, { select: ['package:kit'] });
    expect(Object.fromEntries(summary.nodes.map((n) => [n.node, n.status]))).toEqual({ kit_one: 'built', own: 'skipped' });
  });
});
