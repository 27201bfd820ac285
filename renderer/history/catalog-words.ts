import type { KeptCatalog } from '../../shared/env-history-types.js';
import { assertNever } from '../util/assert-never.js';

/** `build ok · 3 built, 9 reused`, or where a clone or an import came from. */
export function catalogBuild(catalog: KeptCatalog): string {
  const { origin } = catalog;
  switch (origin.kind) {
    case 'build': {
      const { built, reused, failed } = catalog.build.counts;
      return `build ${catalog.build.status} · ${built} built, ${reused} reused${failed ? `, ${failed} failed` : ''}`;
    }
    case 'clone': return `clone of ${origin.from}`;
    case 'import': return `import of ${origin.from}`;
    default: return assertNever(origin);
  }
}

/** The test status known for the catalog, in one or two words. */
export function catalogTests(catalog: KeptCatalog): string {
  if (!catalog.tests) return 'not tested';
  return catalog.tests.scope ? `${catalog.tests.outcome} (partial)` : catalog.tests.outcome;
}

export function catalogTestsTone(catalog: KeptCatalog): string {
  const outcome = catalog.tests?.outcome;
  switch (outcome) {
    case undefined: return 'var(--test-skipped)';
    case 'passed': return 'var(--test-pass)';
    case 'warned': return 'var(--test-warn)';
    case 'failed': return 'var(--test-fail)';
    default: return assertNever(outcome);
  }
}
