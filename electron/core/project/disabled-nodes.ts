import type { ProjectError, TestDeclaration } from '../../../shared/project-types.js';
import type { ProjectNode } from './project.js';

/**
 * dbt leaves nodes with `enabled: false` (from folder config, YAML or `config()`) out of the
 * project, and their tests with them. Assay does the same and says so: one warning per node,
 * naming how many tests went with it, so that nothing declared disappears without a word.
 */
export function dropDisabledNodes(nodes: Map<string, ProjectNode>, tests: TestDeclaration[], errors: ProjectError[]): TestDeclaration[] {
  const disabled = new Set<string>();
  for (const node of nodes.values()) {
    if (node.kind !== 'source' && node.config.enabled === false) disabled.add(node.id);
  }
  if (disabled.size === 0) return tests;
  for (const id of disabled) {
    const node = nodes.get(id) as ProjectNode;
    const count = tests.filter((t) => t.node === id).length;
    errors.push({ ...node.location, severity: 'warning', node: id, message: `${node.kind} '${node.name}' is disabled (enabled: false): it is not built${count > 0 ? `, and its ${count} test(s) are not run` : ''}` });
    nodes.delete(id);
  }
  return tests.filter((t) => !disabled.has(t.node));
}
