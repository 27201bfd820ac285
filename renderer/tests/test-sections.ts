import type { TestStage } from '../../shared/project-types.js';
import type { TestResult, TestStatus } from '../../shared/test-types.js';
import { stageTitle, testStages } from './test-status.js';

/**
 * A block of the tests list. What needs attention comes first, whatever its stage: the failing and
 * erroring tests, then the warnings; then the rest of each stage, in pipeline order.
 */
export interface TestSection {
  key: 'failing' | 'warnings' | TestStage;
  title: string;
  /** True for the blocks gathered across stages, whose rows name their stage. */
  attention: boolean;
  tests: TestResult[];
}

const failing: ReadonlySet<TestStatus> = new Set(['fail', 'error']);

export function sectionTests(tests: readonly TestResult[]): TestSection[] {
  const byStage = (list: TestResult[]) => testStages.flatMap((stage) => list.filter((test) => test.stage === stage));
  const sections: TestSection[] = [
    { key: 'failing', title: 'Failing', attention: true, tests: byStage(tests.filter((test) => failing.has(test.status))) },
    { key: 'warnings', title: 'Warnings', attention: true, tests: byStage(tests.filter((test) => test.status === 'warn')) },
    ...testStages.map((stage) => ({
      key: stage,
      title: stageTitle(stage),
      attention: false,
      tests: tests.filter((test) => test.stage === stage && !failing.has(test.status) && test.status !== 'warn'),
    })),
  ];
  return sections.filter((section) => section.tests.length > 0);
}

/** The first test a person should look at: the first failing or erroring one, in list order. */
export function firstFailing(tests: readonly TestResult[]): TestResult | null {
  return sectionTests(tests).find((section) => section.key === 'failing')?.tests[0] ?? null;
}
