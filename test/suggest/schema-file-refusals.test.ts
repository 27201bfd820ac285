import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptSuggestedTests } from '../../electron/core/suggest/accept-suggested-tests.js';
import { SuggestError } from '../../electron/core/suggest/schema-entry.js';
import { suggestTests } from '../../electron/core/suggest/suggest-tests.js';
import { builtShop } from './suggest-project.js';

type Shop = Awaited<ReturnType<typeof builtShop>>;
const accept = async (shop: Shop, model: string, ids: string[]) => acceptSuggestedTests({ compiled: await shop.compiled(), projectRoot: shop.root, env: 'local', model, ids });
const dimWith = (columnTests: string) => ({
  'models/schema.yml': `version: 2\nmodels:\n  - name: dim_customer\n    columns:\n      - name: customer_id\n        tests: [unique, not_null]\n      - name: customer_name\n        tests: ${columnTests}\n`,
});

describe('schema files that cannot take the accepted tests as they are (issue 15)', () => {
  it('grows a one-line list in place', async () => {
    const shop = await builtShop(dimWith('[unique]'));
    const result = await accept(shop, 'dim_customer', ['not_null.customer_name']);
    expect(result.added.map((t) => t.id)).toEqual(['not_null.customer_name']);
    expect(await readFile(path.join(shop.root, 'models/schema.yml'), 'utf8')).toBe(`${dimWith('[unique, not_null]')['models/schema.yml']}`);
  });

  it('refuses, writing nothing, when the line the edit must change is written in a style the YAML library does not print', async () => {
    const shop = await builtShop(dimWith('[ unique ]'));
    const file = path.join(shop.root, 'models/schema.yml');
    const before = await readFile(file, 'utf8');
    await expect(accept(shop, 'dim_customer', ['not_null.customer_name'])).rejects.toThrow('models/schema.yml: line 8 is written differently from how the YAML library prints it, and the edit changes it; nothing was written');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses a model declared twice, naming both places', async () => {
    const shop = await builtShop({ 'models/more.yml': '# again\nmodels:\n  - name: fct_orders\n    description: twice\n' });
    const error = await accept(shop, 'fct_orders', ['not_null.status']).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SuggestError);
    expect((error as Error).message).toBe('fct_orders is declared more than once (models/more.yml:3 and models/schema.yml:7): keep one entry, then accept again');
    // Suggesting still works, and says where accepting would stop.
    const suggested = await suggestTests({ compiled: await shop.compiled(), projectRoot: shop.root, env: 'local', model: 'fct_orders' });
    expect(suggested.target.problem).toContain('fct_orders is declared more than once');
  });

  it('refuses a schema file that no longer parses, naming its line', async () => {
    const shop = await builtShop();
    const compiled = await shop.compiled();
    const file = path.join(shop.root, 'models/schema.yml');
    await writeFile(file, `${await readFile(file, 'utf8')}      - name: status\n        tests: [not_null\n`);
    const broken = await readFile(file, 'utf8');
    await expect(acceptSuggestedTests({ compiled, projectRoot: shop.root, env: 'local', model: 'fct_orders', ids: ['not_null.status'] })).rejects.toThrow(/^models\/schema\.yml:14: this YAML does not parse \(.+\): fix it, then accept again$/);
    expect(await readFile(file, 'utf8')).toBe(broken);
  });
});
