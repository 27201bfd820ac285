import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { readProjectSnapshot } from '../../electron/core/workbench/project-session.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const build = (projectRoot: string) => buildEnvironment({ projectRoot, env: 'local', branch: null, commit: null });

function withSchema(schema: string, sql = 'select 1::integer as id, 2::integer as customer_id') {
  return writeTempProject({ ...minimalProject, 'models/orders.sql': sql, 'models/schema.yml': `version: 2\nmodels:\n  - name: orders\n${schema}` });
}

const enforced = '    config:\n      contract: {enforced: true}\n';

describe('declaring contracts and constraints (issue 15)', () => {
  it('fails a model with a malformed constraint, naming each one with its file and line', async () => {
    const root = await withSchema(`${enforced}    columns:
      - name: id
        data_type: integer
        constraints:
          - type: not_nul
          - type: check
      - name: customer_id
        data_type: integer
        constraints:
          - type: foreign_key
          - just a string
    constraints:
      - type: primary_key
`);
    const summary = await build(root);
    const orders = summary.nodes.find((n) => n.node === 'orders');
    expect(orders?.status).toBe('failed');
    expect(orders?.error?.split('\n')).toEqual([
      "models/schema.yml:10: model 'orders': unknown constraint type 'not_nul' (dbt's are not_null, unique, primary_key, check, foreign_key, custom)",
      "models/schema.yml:11: model 'orders': a check constraint needs an 'expression'",
      "models/schema.yml:15: model 'orders': a foreign_key constraint needs 'to' and 'to_columns' (or an 'expression' naming the referenced table and columns)",
      "models/schema.yml:16: model 'orders': a constraint must be a mapping with a 'type' (one of not_null, unique, primary_key, check, foreign_key, custom)",
      "models/schema.yml:18: model 'orders': a model-level primary_key constraint needs 'columns'",
    ]);
    expect(summary.errors.filter((e) => e.severity === 'error').map((e) => [e.file, e.line, e.node])).toEqual([['models/schema.yml', 10, 'orders']]);
  });

  it('fails a malformed contract setting and a model-level constraint on a column the contract does not declare', async () => {
    const bad = await withSchema('    config:\n      contract: {enforced: "yes"}\n');
    expect((await build(bad)).nodes.find((n) => n.node === 'orders')?.error).toBe(`models/orders.sql:1: model 'orders': contract.enforced must be true or false, not "yes"`);
    const unknownColumn = await withSchema(`${enforced}    columns:\n      - name: id\n        data_type: integer\n      - name: customer_id\n        data_type: integer\n    constraints:\n      - type: unique\n        columns: [id, order_date]\n`);
    expect((await build(unknownColumn)).nodes.find((n) => n.node === 'orders')?.error).toBe("models/schema.yml:12: model 'orders': the unique constraint names 'order_date', not a column of the contract");
  });

  it('warns, with file and line, of each constraint the build does not check: no enforced contract, a foreign key; warn_unenforced: false silences one', async () => {
    const unenforced = await withSchema(`    columns:\n      - name: id\n        constraints:\n          - type: not_null\n`);
    const loose = await build(unenforced);
    expect(loose.status).toBe('ok');
    expect(loose.errors.map((e) => `${e.file}:${e.line} ${e.severity} ${e.message}`)).toEqual([
      "models/schema.yml:7 warning model 'orders': constraint not_null on id is not enforced: the model's contract is not enforced (contract: {enforced: true} turns its checks on)",
    ]);
    const foreign = await withSchema(`${enforced}    columns:
      - name: id
        data_type: integer
      - name: customer_id
        data_type: integer
        constraints:
          - type: foreign_key
            to: ref('customers')
            to_columns: [customer_id]
          - type: custom
            expression: "references customers (customer_id)"
            warn_unenforced: false
`);
    const fk = await build(foreign);
    expect(fk.status).toBe('ok');
    expect(fk.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      "models/schema.yml:12 model 'orders': constraint foreign_key on customer_id is not enforced: Assay checks not_null, unique, primary_key and check constraints; a foreign_key constraint is declared only",
    ]);
  });

  it("says a 'contract:' written beside config is not applied", async () => {
    const root = await withSchema('    contract:\n      enforced: true\n    columns:\n      - name: id\n        data_type: bigint\n');
    const summary = await build(root);
    expect(summary.status).toBe('ok');
    expect(summary.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      "models/schema.yml:4 model 'orders': 'contract' is read under 'config:' (config: {contract: {enforced: true}}); this one is not applied",
    ]);
  });

  it('gives the UI each column\'s declared type and constraints, which of them the build checks, and the enforced mark', async () => {
    const root = await withSchema(`${enforced}    columns:
      - name: id
        data_type: int
        constraints:
          - type: primary_key
      - name: customer_id
        data_type: integer
        constraints:
          - type: foreign_key
            to: ref('customers')
            to_columns: [customer_id]
    constraints:
      - type: check
        expression: "id <> customer_id"
`);
    const { summary } = await readProjectSnapshot(root);
    const orders = summary.nodes.find((n) => n.id === 'orders');
    expect(orders?.contract).toEqual({ enforced: true, constraints: [{ type: 'check', columns: [], expression: 'id <> customer_id', enforced: true }] });
    expect(orders?.columns).toEqual([
      { name: 'id', dataType: 'int', constraints: [{ type: 'primary_key', columns: ['id'], enforced: true }] },
      { name: 'customer_id', dataType: 'integer', constraints: [{ type: 'foreign_key', columns: ['customer_id'], to: "ref('customers')", toColumns: ['customer_id'], enforced: false }] },
    ]);
    const plain = await withSchema('    columns:\n      - name: id\n        data_type: int\n');
    expect((await readProjectSnapshot(plain)).summary.nodes.find((n) => n.id === 'orders')?.contract).toBeUndefined();
  });
});
