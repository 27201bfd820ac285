import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { commitAll } from '../helpers/git-repo.js';
import { project, rows, server, started } from './shop-on-postgres.js';

describe.skipIf(!started.ok)('sources that are tables of the warehouse', () => {
  it('reads a source without files where it is on the warehouse, and names it when the table is not there', async () => {
    const db = await server.createDatabase();
    await rows(db, 'CREATE SCHEMA raw; CREATE TABLE raw.returns (order_id int, amount numeric(10, 2)); INSERT INTO raw.returns VALUES (1, 2.5), (2, 4)');
    const root = await project(db, {
      'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: returns\n',
      'models/returned.sql': "select sum(amount) as returned from {{ source('raw', 'returns') }}\n",
    });
    const built = await buildOnWarehouse({ projectRoot: root });
    expect(built.summary.errors.filter((e) => e.severity === 'error')).toEqual([]);
    expect(built.summary.nodes.find((n) => n.node === 'returned')?.status).toBe('built');
    expect(await rows(db, 'SELECT returned::float AS returned FROM analytics__main.returned')).toEqual([{ returned: 6.5 }]);

    await writeFile(path.join(root, 'models/sources.yml'), 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: refunds\n');
    await writeFile(path.join(root, 'models/returned.sql'), "select count(*) as refunds from {{ source('raw', 'refunds') }}\n");
    await commitAll(root, 'read refunds');
    const missing = await buildOnWarehouse({ projectRoot: root });
    expect(missing.summary.status).toBe('failed');
    expect(missing.summary.nodes.find((n) => n.node.includes('refunds'))?.error).toMatch(/source table "raw"\."refunds" does not exist on target 'pg'/);
  });
});
