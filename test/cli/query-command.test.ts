import { access } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, tempDir, writeTempProject } from '../helpers/temp-project.js';

describe('assay query: the SQL console on the command line (issue 19)', () => {
  let root: string;
  beforeAll(async () => {
    root = await writeTempProject({ ...minimalProject, 'models/sales.sql': "select * from (values (1, 'north', 10.5), (2, 'south', null), (3, 'north', 7)) t(id, region, amount)" });
    await initCommittedRepo(root);
  });

  it('says to build first, then prints the rows as a table or as JSON', async () => {
    const before = await assay(['query', 'select 1', '--project', root]);
    expect([before.code, before.stderr]).toEqual([2, "assay: environment 'main' has not been built yet: run a build first (assay build)\n"]);
    expect((await assay(['build', '--project', root])).code).toBe(0);

    const text = await assay(['query', 'select region, sum(amount) as total from sales group by region order by region', '--project', root]);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe('region  total\n------  -----\nnorth   17.5\nsouth   null\n2 row(s)\n');

    const json = await assay(['query', 'select id from sales order by id', '--project', root, '--json', '--limit', '2']);
    expect(JSON.parse(json.stdout)).toEqual({ columns: [{ name: 'id', type: 'INTEGER' }], rows: [{ id: 1 }, { id: 2 }], limit: 2, truncated: true });
  });

  it('refuses what is not one SELECT, and a bad limit, naming them (exit 2, no stack trace)', async () => {
    const outside = path.join(await tempDir('assay-outside-'), 'stolen.csv');
    const copy = await assay(['query', `copy (select * from sales) to '${outside}'`, '--project', root]);
    expect([copy.code, copy.stderr]).toEqual([2, 'assay: only a single SELECT can be run here (no COPY, ATTACH, SET, CREATE, INSERT, ...)\n']);
    await expect(access(outside)).rejects.toThrow();
    const limit = await assay(['query', 'select 1', '--project', root, '--limit', 'all']);
    expect([limit.code, limit.stderr]).toEqual([2, 'assay: --limit all: give a whole number of rows from 1 to 5000\n']);
    const failing = await assay(['query', 'select nope from sales', '--project', root]);
    expect(failing.code).toBe(2);
    expect(failing.stderr).toMatch(/^assay: the query fails on environment 'main': Binder Error: .*nope/);
    expect(failing.stderr).not.toMatch(/\n\s+at /);
  });
});
