import type { TestDeclaration } from '../../shared/project-types.js';
import type { TestResult, TestStatus } from '../../shared/test-types.js';

/** A test declared on a node (or one of its columns) with its status in the latest report, if it ran. */
export interface DeclaredTest {
  id: string;
  kind: string;
  column: string | null;
  /** The test's arguments in a few words: `min 0, max 1000`, `to ref('dim_customer'), field customer_id`. */
  detail: string;
  severity: 'error' | 'warn';
  status: TestStatus | null;
  message: string | null;
}

export function testsOfNode(node: string, declared: readonly TestDeclaration[], results: readonly TestResult[]): DeclaredTest[] {
  const resultById = new Map(results.map((result) => [result.id, result]));
  return declared
    .filter((test) => test.node === node)
    .map((test) => {
      const result = resultById.get(test.id);
      return {
        id: test.id,
        kind: test.kind,
        column: test.column ?? null,
        detail: argumentsInWords(test.args),
        severity: test.severity,
        status: result?.status ?? null,
        message: result?.message ?? test.problem ?? null,
      };
    });
}

function argumentsInWords(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([key]) => key !== 'column_name' && key !== 'model')
    .map(([key, value]) => `${key} ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
