import { describe, expect, it } from 'vitest';
import { fuzzyMatch, highlightRuns, rankByQuery, type Rankable } from '../../renderer/palette/fuzzy-rank.js';
import { formatKey, screenOfSequence } from '../../renderer/palette/shortcuts.js';

// The example project's nodes, then the app's actions and screens, in the order the palette lists them.
const entry = (title: string, keywords = ''): Rankable => ({ title, keywords });
const nodes = [
  'customers_per_month', 'dim_customer', 'dim_date', 'dim_product', 'fact_prescriptions', 'qa_lake_deliveries',
  'qa_prescriptions_flagged', 'stg_customers', 'stg_prescriptions', 'stg_products', 'regions', 'customers', 'prescriptions', 'launch',
].map((name) => entry(name, `open model ${name}`));
const actions = [
  entry('Build this branch', 'run materialize environment'),
  entry('Run all tests', 'test check'),
  entry('Run the input tests', 'test stage'),
  entry('Compare this branch with main', 'diff review changes'),
  entry('Publish the dashboards', 'release dashboards export'),
  entry('Go to Dashboards', 'screen open show dashboards'),
  entry('Go to Tests', 'screen open show tests'),
  entry('Switch to feature/launch-fix', 'branch checkout git'),
];
const all = [...actions, ...nodes];
const titles = (query: string): string[] => rankByQuery(all, query).map((ranked) => ranked.item.title);

describe('fuzzy matching', () => {
  it('matches the query as a subsequence, case-insensitive, and nothing else', () => {
    expect(fuzzyMatch('cpm', 'customers_per_month')?.positions).toEqual([0, 10, 14]);
    expect(fuzzyMatch('FACT', 'fact_prescriptions')?.positions).toEqual([0, 1, 2, 3]);
    expect(fuzzyMatch('mpc', 'customers_per_month')).toBeNull();
    expect(fuzzyMatch('customers_', 'customers')).toBeNull();
    expect(fuzzyMatch('', 'anything')).toEqual({ score: 0, positions: [] });
  });

  it('prefers word starts and runs of characters to scattered letters', () => {
    // "dp" is the initials of dim_product, and only letters inside words of qa_deliveries_map.
    expect(fuzzyMatch('dp', 'dim_product')!.score).toBeGreaterThan(fuzzyMatch('dp', 'qa_deliveries_map')!.score);
    // The run "cust" at a word start beats the same letters spread out.
    expect(fuzzyMatch('cust', 'stg_customers')!.score).toBeGreaterThan(fuzzyMatch('cust', 'fact_cumulus_stats')!.score);
    // The aligned positions are the best ones, not the first ones found.
    expect(fuzzyMatch('prod', 'stg_prescriptions_products')?.positions).toEqual([18, 19, 20, 21]);
  });
});

describe('ranking the palette', () => {
  it('keeps the given order when nothing is typed', () => {
    expect(titles('')).toEqual(all.map((item) => item.title));
    expect(titles('   ')).toEqual(all.map((item) => item.title));
  });

  it('puts the exact name first, then names that start with it, then names with it at a word start', () => {
    expect(titles('customers').slice(0, 3)).toEqual(['customers', 'customers_per_month', 'stg_customers']);
    expect(titles('cust')).toEqual(['customers', 'customers_per_month', 'dim_customer', 'stg_customers']);
  });

  it('finds a model by its initials', () => {
    expect(titles('cpm')[0]).toBe('customers_per_month');
    expect(titles('fp')[0]).toBe('fact_prescriptions');
  });

  it('drops what does not match and needs every word to match', () => {
    expect(titles('zzz')).toEqual([]);
    expect(titles('run tests')).toEqual(['Run all tests', 'Run the input tests']);
    expect(titles('run input')).toEqual(['Run the input tests']);
  });

  it('matches keywords too, below the titles that match', () => {
    // "diff" is only a keyword of the comparison; "dashboards" is in two titles and a keyword of one.
    expect(titles('diff')).toEqual(['Compare this branch with main']);
    expect(titles('dashboards').slice(0, 2)).toEqual(['Go to Dashboards', 'Publish the dashboards']);
    expect(titles('checkout')).toEqual(['Switch to feature/launch-fix']);
  });

  it('ranks an action above the nodes whose names merely contain the letters', () => {
    expect(titles('build')[0]).toBe('Build this branch');
    expect(titles('publish')[0]).toBe('Publish the dashboards');
  });

  it('reports which title characters matched, for the highlight', () => {
    const [best] = rankByQuery(all, 'dim prod');
    expect(best!.item.title).toBe('dim_product');
    expect(highlightRuns(best!.item.title, best!.positions)).toEqual([
      { text: 'dim', match: true }, { text: '_', match: false }, { text: 'prod', match: true }, { text: 'uct', match: false },
    ]);
  });
});

describe('shortcut keys as the platform writes them', () => {
  it('says Ctrl on Linux and Windows, ⌘ on a Mac, and spells out sequences', () => {
    expect(formatKey('Mod+K', false)).toBe('Ctrl+K');
    expect(formatKey('Mod+K', true)).toBe('⌘K');
    expect(formatKey('Mod+Shift+Z', true)).toBe('⌘⇧Z');
    expect(formatKey('?', true)).toBe('?');
    expect(formatKey('G T', false)).toBe('G then T');
    expect(screenOfSequence('t')?.screen).toBe('tests');
    expect(screenOfSequence('x')).toBeUndefined();
  });
});
