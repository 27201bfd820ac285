import { diffArrays } from 'diff';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../electron/core/project/load-project.js';
import { acceptSuggestedTests } from '../../electron/core/suggest/accept-suggested-tests.js';
import { builtShop, shopFiles } from './suggest-project.js';

type Shop = Awaited<ReturnType<typeof builtShop>>;
const accept = async (shop: Shop, ids: string[] | 'all', model = 'fct_orders') => acceptSuggestedTests({ compiled: await shop.compiled(), projectRoot: shop.root, env: 'local', model, ids });

/** The lines `after` has that `before` has not; throws if any line of `before` changed or went. */
function insertedLines(before: string, after: string): string[] {
  const parts = diffArrays(before.split('\n'), after.split('\n'));
  const removed = parts.filter((p) => p.removed).flatMap((p) => p.value);
  expect(removed).toEqual([]);
  return parts.filter((p) => p.added).flatMap((p) => p.value);
}

/** Comments everywhere, an anchor and its alias, odd spacing, a folded description, quoted strings, a flow list. */
const commented = [
  '# Shop models: keep this header',
  'version: 2',
  '',
  'x-defaults: &warn_only   # shared test config',
  '  severity: warn',
  '',
  'models:',
  '  - name: dim_customer   # the dimension',
  '    description: >',
  '      Customers, one row each, folded over',
  '      two lines.',
  '    columns:',
  '      - name: customer_id',
  "        tests: [unique, not_null]",
  '',
  '  # The fact table.',
  '  - name: fct_orders',
  '    description: "Orders, one per line"',
  '    columns:',
  '      - name: order_id',
  '        tests:',
  '          - not_null:',
  '              config: *warn_only',
  '      - name: status    # open, shipped, returned',
  '        description: \'Where the order is\'',
  '    # trailing comment of fct_orders',
  '',
].join('\n');

describe('accepting suggested tests into the model\'s YAML (issue 15)', () => {
  it('adds only the accepted tests\' lines: comments, anchors, quoting and layout stay as they were', async () => {
    const shop = await builtShop({ 'models/schema.yml': commented });
    const file = path.join(shop.root, 'models/schema.yml');
    const result = await accept(shop, ['accepted_values.status', 'not_null.customer_id', 'variation.row_count.order_date', 'not_null.Order Note']);
    expect(result).toMatchObject({ node: 'fct_orders', file: 'models/schema.yml', created: false, alreadyDeclared: [] });
    expect(result.added.map((t) => t.id)).toEqual(['not_null.customer_id', 'accepted_values.status', 'not_null.Order Note', 'variation.row_count.order_date']);
    const after = await readFile(file, 'utf8');
    // Every line of the file is still there, in order; the added ones are these, where they belong.
    expect(insertedLines(commented, after)).toHaveLength(20);
    expect(after).toBe(commented.replace("        description: 'Where the order is'\n", [
      "        description: 'Where the order is'",
      '        tests:',
      '          - accepted_values:',
      '              values: [open, returned, shipped]',
      '      - name: customer_id',
      '        tests:',
      '          - not_null',
      '      - name: Order Note',
      '        tests:',
      '          - not_null',
      '    tests:',
      '      - variation:',
      '          metric: count(*)',
      '          period:',
      '            column: order_date',
      '            grain: month',
      '          compare_to: previous_period',
      '          error_pct: 20',
      '          warn_pct: 10',
      '          direction: drop',
      '          min_baseline: 10',
      '',
    ].join('\n')));
    // The project reads the new tests, on the columns named.
    const loaded = await loadProject(shop.root);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const ids = loaded.project.tests.filter((t) => t.node === 'fct_orders').map((t) => `${t.kind}:${t.column ?? ''}`);
    expect(ids).toEqual(expect.arrayContaining(['not_null:customer_id', 'accepted_values:status', 'not_null:Order Note', 'variation:']));
    // Accepted once, they are no longer suggested.
    await expect(accept(shop, ['not_null.customer_id'])).rejects.toThrow('not (or no longer) suggested for fct_orders: not_null.customer_id');
  });

  it('refuses an id that is not suggested, naming what is, and writes nothing', async () => {
    const shop = await builtShop();
    const file = path.join(shop.root, 'models/schema.yml');
    const before = await readFile(file, 'utf8');
    await expect(accept(shop, ['not_null.status', 'unique.status'])).rejects.toThrow(/^not \(or no longer\) suggested for fct_orders: unique\.status \(suggested now: unique\.order_id, .*\); nothing was written$/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('reads the schema file again at accept: edits made since the suggestions are kept, a test declared meanwhile is not added twice', async () => {
    const shop = await builtShop();
    const compiled = await shop.compiled();
    const file = path.join(shop.root, 'models/schema.yml');
    // Between suggesting and accepting, someone adds a comment and the status column with a not_null.
    const edited = `${(await readFile(file, 'utf8')).trimEnd()}\n      # added by hand\n      - name: status\n        tests:\n          - not_null\n`;
    await writeFile(file, edited);
    const result = await acceptSuggestedTests({ compiled, projectRoot: shop.root, env: 'local', model: 'fct_orders', ids: ['not_null.status', 'accepted_values.status'] });
    expect(result.alreadyDeclared).toEqual(['not_null.status']);
    expect(result.added.map((t) => t.id)).toEqual(['accepted_values.status']);
    expect(insertedLines(edited, await readFile(file, 'utf8'))).toEqual(['          - accepted_values:', '              values: [open, returned, shipped]']);
  });

  it('adds an entry to schema.yml beside the model when no YAML declares it, making the file when there is none', async () => {
    const { 'models/fct_orders.sql': fact, 'models/schema.yml': _declared, ...rest } = shopFiles;
    const shop = await builtShop({ ...rest, 'models/marts/fct_orders.sql': fact as string }, { replace: true });
    const made = await accept(shop, ['not_null.status']);
    expect(made).toMatchObject({ file: 'models/marts/schema.yml', created: true });
    expect(await readFile(path.join(shop.root, 'models/marts/schema.yml'), 'utf8')).toBe('version: 2\nmodels:\n  - name: fct_orders\n    columns:\n      - name: status\n        tests:\n          - not_null\n');

    const commentOnly = await builtShop({ 'models/schema.yml': '# nothing declared here yet\n' });
    const extended = await accept(commentOnly, ['not_null.status']);
    expect(extended).toMatchObject({ file: 'models/schema.yml', created: false });
    expect(await readFile(path.join(commentOnly.root, 'models/schema.yml'), 'utf8')).toBe('# nothing declared here yet\nversion: 2\nmodels:\n  - name: fct_orders\n    columns:\n      - name: status\n        tests:\n          - not_null\n');
  });
});
