import { RunHistory } from '../tests/run-history.js';

/** Tests whose last recorded status differs between the two environments, per node. */
export async function changedTestStatuses(historyDir: string, baseEnv: string, compareEnv: string): Promise<Map<string, { id: string; base: string | null; compare: string | null }[]>> {
  const history = new RunHistory(historyDir);
  const latest = async (env: string) => {
    const runs = await history.runs(env);
    const statuses = new Map<string, string>();
    for (const run of runs) for (const t of run.tests) statuses.set(t.id, t.status);
    return statuses;
  };
  const [base, compare] = [await latest(baseEnv), await latest(compareEnv)];
  const byNode = new Map<string, { id: string; base: string | null; compare: string | null }[]>();
  // Only tests run on both sides: a side never tested says nothing about what changed.
  for (const id of base.keys()) {
    const b = base.get(id) ?? null;
    const c = compare.get(id) ?? null;
    if (c === null || b === c) continue;
    // Test ids are `<kind>.<node>[.<column>]`: the node is the second part.
    const node = id.split('.')[1] ?? '';
    byNode.set(node, [...(byNode.get(node) ?? []), { id, base: b, compare: c }]);
  }
  return byNode;
}
