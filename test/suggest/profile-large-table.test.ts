import { describe, expect, it } from 'vitest';
import { PROBE_ROWS } from '../../electron/core/suggest/profile-relation.js';
import { suggestTests } from '../../electron/core/suggest/suggest-tests.js';
import { builtShop } from './suggest-project.js';

const rows = 250_000;

/**
 * Columns whose leading PROBE_ROWS rows say one thing and the whole table another: every proposal
 * must rest on the whole table, while the leading rows only decide what is worth counting.
 */
const wideModel = [
  'select i as id,',
  '  i * 1000000007 as sparse_id,',
  "  date '1000-01-01' + i::int as day,",
  "  'k' || i as code,",
  `  case when i = ${rows - 10} then 5 else i end as late_duplicate,`,
  `  case when i = ${rows - 10} then 'k5' else 'k' || i end as late_text_duplicate,`,
  `  case when i < ${PROBE_ROWS} then i else i % 1000 end as narrow,`,
  `  case when i > ${rows - 100} then 'late' when i % 2 = 0 then 'even' else 'odd' end as parity,`,
  "  'customer ' || (i % 50000) as customer_name",
  `from range(0, ${rows}) t(i)`,
].join('\n');

describe('profiling a table larger than the rows it probes (issue 15)', () => {
  it('counts key candidates and value sets over every row, and leaves uncounted what cannot be a key', async () => {
    const shop = await builtShop({ 'models/wide.sql': wideModel, 'models/schema.yml': 'version: 2\n' });
    const s = await suggestTests({ compiled: await shop.compiled(), projectRoot: shop.root, env: 'local', model: 'wide' });
    const column = (name: string) => s.profile.columns.find((c) => c.name === name);
    expect(s.profile.rows).toBe(rows);
    expect(s.profile.scans).toBe(2);
    // Dense integers and dates by bitmap, sparse integers and text by hash: all exact.
    for (const key of ['id', 'sparse_id', 'day', 'code']) expect(column(key)).toMatchObject({ distinct: rows, distinctExact: true });
    // Distinct in the leading rows, not in the table: counted, found short, not proposed unique.
    expect(column('late_duplicate')).toMatchObject({ distinct: rows - 1, distinctExact: true });
    expect(column('late_text_duplicate')).toMatchObject({ distinct: rows - 1, distinctExact: true });
    // Distinct in the leading rows, but its values span fewer than its rows: never a key, not counted.
    expect(column('narrow')).toMatchObject({ distinct: null, distinctExact: false });
    // Values repeat too much for a key and are too many to list: not counted.
    expect(column('customer_name')).toMatchObject({ distinct: null, distinctExact: false });
    // A value first seen after the leading rows is in the set.
    expect(column('parity')).toMatchObject({ values: ['even', 'late', 'odd'], distinct: 3, distinctExact: true });
    const ids = s.suggestions.map((t) => t.id);
    expect(ids.filter((id) => id.startsWith('unique.'))).toEqual(['unique.id', 'unique.sparse_id', 'unique.day', 'unique.code']);
    expect(ids).toContain('accepted_values.parity');
  });
});
