import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { previewDashboard } from '../../electron/core/dashboards/preview-dashboard.js';
import { dashboardOf, TWO_MODEL_BOARD, twoModelProject } from './dashboard-project.js';

const board = `${TWO_MODEL_BOARD}  - name: drawn_at
    query: select month, random() as noise from {{ ref('targets') }}
    spec: {mark: bar, encoding: {x: {field: month, type: ordinal}, y: {field: noise, type: quantitative}}}
`;

async function project(): Promise<string> {
  const root = await twoModelProject(board);
  await buildBranch({ projectRoot: root });
  return root;
}

describe("the app's dashboard previews run again only the elements whose inputs changed", () => {
  it('answers an element from its earlier run until a model it reads is rebuilt, a parameter it reads changes, or its SQL reads the clock', async () => {
    const root = await project();
    const preview = async (params: Record<string, unknown> = {}) => {
      const result = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'two'), params, reuseResults: true });
      return Object.fromEntries(result.elements.map((e) => [e.name, e]));
    };
    const first = await preview();
    expect(Object.values(first).map((e) => [e.name, e.error, e.cached ?? false])).toEqual([['by_month', null, false], ['targets', null, false], ['drawn_at', null, false]]);

    const again = await preview();
    expect([again.by_month?.cached, again.targets?.cached, again.drawn_at?.cached]).toEqual([true, true, undefined]);
    expect(again.targets?.rows).toEqual(first.targets?.rows);

    // A save rebuilds targets: its element reads the new rows; the other model's element is kept.
    await writeFile(path.join(root, 'models/targets.sql'), "select date '2024-01-01' as month, 250 as target\n");
    await buildBranch({ projectRoot: root });
    const rebuilt = await preview();
    expect(rebuilt.targets?.cached).toBeUndefined();
    expect(rebuilt.targets?.rows).toEqual([{ month: '2024-01-01', target: 250 }]);
    expect(rebuilt.by_month?.cached).toBe(true);

    // Another value of the parameter the element reads is another result.
    const south = await preview({ region: 'south' });
    expect(south.by_month?.cached).toBeUndefined();
    expect(south.by_month?.rows.map((r) => r.amount)).not.toEqual(rebuilt.by_month?.rows.map((r) => r.amount));
    expect(south.targets?.cached).toBe(true);
  });

  it('runs every query when not asked to reuse (assay dashboard preview, tests, publish)', async () => {
    const root = await project();
    await appendFile(path.join(root, 'models/targets.sql'), '-- reviewed\n');
    await buildBranch({ projectRoot: root });
    for (let i = 0; i < 2; i++) {
      const result = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'two') });
      expect(result.elements.map((e) => e.cached)).toEqual([undefined, undefined, undefined]);
    }
  });
});
