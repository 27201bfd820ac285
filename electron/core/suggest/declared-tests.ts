import type { TestDeclaration } from '../../../shared/project-types.js';
import type { SuggestionKind } from '../../../shared/suggest-types.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import { contractEnforced, whyNotEnforced } from '../contracts/contract-state.js';

/** Whether the model already declares a test of this kind on this column (on the model itself when `column` is absent). */
export type AlreadyDeclared = (kind: SuggestionKind, column?: string) => boolean;

const rowCountKinds = new Set(['volume_anomalies', 'elementary.volume_anomalies']);

/**
 * Reads the model's declared tests. A column with a relationships test is not offered a second
 * one to another model; a variation of `count(*)`, or a volume anomaly test, counts as its
 * row-count test; a single-column unique_combination counts as unique; and so do the constraints
 * the build checks (not_null, unique, primary_key under an enforced contract).
 */
export function declaredTestsOf(tests: TestDeclaration[], node: CompiledNode): AlreadyDeclared {
  const mine = tests.filter((t) => t.node === node.id && !t.problem);
  const same = (a?: string, b?: string) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
  const constrained = checkedConstraints(node);
  return (kind, column) => constrained.some((c) => same(c.column, column) && c.kinds.includes(kind)) || mine.some((t) => {
    if (kind === 'variation') return t.column === undefined && ((t.kind === 'variation' && normalMetric(t.args.metric) === 'count(*)') || rowCountKinds.has(t.kind));
    if (kind === 'unique' && t.kind === 'unique_combination') {
      const columns = t.args.columns ?? t.args.combination_of_columns;
      return Array.isArray(columns) && columns.length === 1 && same(String(columns[0]), column);
    }
    return t.kind === kind && same(t.column, column);
  });
}

function checkedConstraints(node: CompiledNode): { column: string; kinds: SuggestionKind[] }[] {
  if (node.source.kind !== 'model' || !node.source.contract) return [];
  const enforced = contractEnforced(node.config);
  return node.source.contract.constraints.flatMap((c) => {
    const [column] = c.columns;
    if (c.columns.length !== 1 || column === undefined || whyNotEnforced(c.type, enforced, { name: node.name, materialization: node.materialization }) !== null) return [];
    const kinds: SuggestionKind[] = c.type === 'not_null' ? ['not_null'] : c.type === 'unique' ? ['unique'] : c.type === 'primary_key' ? ['not_null', 'unique'] : [];
    return kinds.length > 0 ? [{ column, kinds }] : [];
  });
}

function normalMetric(metric: unknown): string {
  return String(metric ?? '').toLowerCase().replace(/\s+/g, '').replace('count(1)', 'count(*)');
}
