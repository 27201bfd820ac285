import { computed, type Ref } from 'vue';
import type { ColumnDoc, ContractDoc } from '../../shared/project-types.js';
import { useProjectStore } from '../stores/project-store.js';
import { useTestsStore } from '../stores/tests-store.js';
import { testsOfNode, type DeclaredTest } from './node-tests.js';

export interface NodeDocs {
  description: string | null;
  columns: ColumnDoc[];
  /** Its contract, when it has one or declares constraints (issue 15). */
  contract: ContractDoc | null;
  /** Tests on the node as a whole. */
  nodeTests: DeclaredTest[];
  /** Tests on each column, by column name. */
  columnTests: Map<string, DeclaredTest[]>;
}

/** What schema.yml says about a node, with each of its tests' status in the branch's latest report. */
export function useNodeDocs(nodeId: Ref<string | null>) {
  const project = useProjectStore();
  const tests = useTestsStore();
  return computed<NodeDocs | null>(() => {
    const node = nodeId.value ? project.nodeById.get(nodeId.value) : undefined;
    if (!node) return null;
    const declared = testsOfNode(node.id, project.summary?.tests ?? [], tests.tests);
    const columnTests = new Map<string, DeclaredTest[]>();
    for (const test of declared) {
      if (test.column) columnTests.set(test.column, [...(columnTests.get(test.column) ?? []), test]);
    }
    return { description: node.description ?? null, columns: node.columns, contract: node.contract ?? null, nodeTests: declared.filter((test) => !test.column), columnTests };
  });
}
