import type { ProjectError } from '../../../shared/project-types.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import { contractSetting, whyNotEnforced } from './contract-state.js';
import { describeConstraint, placeOf } from './declare-contract.js';

/**
 * What can be said of a model's contract before anything runs, once its final config is known:
 * an error that fails the node (a malformed constraint or contract, a contracted column without a
 * data_type) and a warning for each declared constraint the build will not check.
 */
export function contractDiagnostics(node: CompiledNode): { error?: ProjectError; warnings: ProjectError[] } {
  const model = node.source;
  if (model.kind !== 'model') return { warnings: [] };
  const declared = model.contract;
  const setting = contractSetting(node.config);
  const problems: ProjectError[] = [...(declared?.problems ?? [])];
  if ('problem' in setting) problems.push({ ...model.location, severity: 'error', node: node.id, message: `model '${model.name}': ${setting.problem}` });
  const enforced = 'enforced' in setting && setting.enforced;

  if (enforced && node.materialization === 'snapshot') {
    problems.push({ ...model.location, severity: 'error', node: node.id, message: `snapshot '${model.name}': contracts are not supported on snapshots (dbt enforces them on models)` });
  }
  if (enforced && declared) {
    const untyped = declared.columns.filter((c) => !c.dataType);
    if (untyped.length > 0) {
      const first = untyped[0]?.location ?? model.location;
      problems.push({ ...first, severity: 'error', node: node.id, message: `model '${model.name}': contracted model is missing column data types: ${untyped.map((c) => `${c.name} (${placeOf(c.location)})`).join(', ')}` });
    }
    const names = new Set(declared.columns.map((c) => c.name.toLowerCase()));
    for (const constraint of declared.constraints.filter((c) => c.level === 'model')) {
      const unknown = constraint.columns.filter((c) => !names.has(c.toLowerCase()));
      if (unknown.length > 0) problems.push({ ...constraint.location, severity: 'error', node: node.id, message: `model '${model.name}': the ${constraint.type} constraint names ${unknown.map((c) => `'${c}'`).join(', ')}, not a column of the contract` });
    }
  }

  const warnings: ProjectError[] = [];
  for (const constraint of declared?.constraints ?? []) {
    const why = whyNotEnforced(constraint.type, enforced, { name: model.name, materialization: node.materialization });
    if (why && constraint.warnUnenforced) {
      warnings.push({ ...constraint.location, severity: 'warning', node: node.id, message: `model '${model.name}': ${describeConstraint(constraint)} is not enforced: ${why}` });
    }
  }
  if (problems.length === 0) return { warnings };
  const [first] = problems as [ProjectError, ...ProjectError[]];
  // One error per node, at the first problem's place; each further problem on its own line with its own place.
  const message = [first.message, ...problems.slice(1).map((p) => `${placeOf(p)}: ${p.message}`)].join('\n');
  return { error: { ...first, message }, warnings };
}
