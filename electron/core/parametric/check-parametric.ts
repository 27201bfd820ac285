import type { CompiledNode } from '../compile/compiled-project.js';
import { placeholders } from '../dashboards/sql-parameters.js';
import { parameterSpec } from './parameter-spec.js';
import { contractEnforced } from '../contracts/contract-state.js';

/**
 * A parametric model's declaration and its use agree: one well-formed parameter, a table, and its
 * SQL binds that parameter (through `param()`) and no other placeholder. Otherwise the model fails,
 * naming its file and what is wrong; the rest of the project compiles on.
 */
export function checkParametricModels(nodes: Iterable<CompiledNode>): void {
  for (const node of nodes) {
    if (node.kind !== 'model' || node.error) continue;
    const outcome = parameterSpec(node.config);
    if (!outcome) continue;
    const fail = (message: string, line?: number) => {
      node.error = { ...node.source.location, ...(line ? { line } : {}), severity: 'error', node: node.id, message: `${node.name}: ${message}` };
    };
    if (!outcome.ok) {
      fail(outcome.problem);
      continue;
    }
    const name = outcome.spec.name;
    if (contractEnforced(node.config)) {
      fail(`an enforced contract on a parametric model is not supported yet (its columns are the parameter's and its SQL's, which holds a placeholder): remove contract: {enforced: true}`);
      continue;
    }
    const used = placeholders(node.sql ?? '');
    const other = used.find((use) => use.name !== name);
    // The line in the model's file when the placeholder is written there, not made by a macro.
    const written = other && node.source.kind === 'model' ? placeholders(node.source.rawSql).find((use) => use.name === other.name) : undefined;
    if (other) fail(`its SQL holds the placeholder $${other.name}, which is not its parameter '${name}' (only param('${name}') is bound)`, written?.line);
    else if (used.length === 0) fail(`it declares the parameter '${name}' but its SQL never uses {{ param('${name}') }}: every value would give the same rows`);
  }
}
