import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AggregateCheck } from './check-plan.js';
import type { Evaluated } from './evaluate-check.js';
import { checkStoreFile } from '../env/store-records.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';

export interface CachedOutcome {
  evaluated: Evaluated;
  sample: Record<string, unknown>[];
}

/** Bump when what a check measures or how it is evaluated changes, so that old outcomes are not reused. */
const FORMAT_VERSION = 3;
/** User SQL that reads another relation could change its outcome without this node's data changing. */
const READS_OTHER_RELATIONS = /\b(select|from|join)\b/i;

/**
 * Outcomes of row checks on stored results, one file per store file. A store file never changes
 * once written, so the same check (same SQL, thresholds and sample size) on it has the same
 * outcome: `assay test` after an edit measures again only the nodes the edit rebuilt. Outcomes that
 * can change while the data does not — freshness reads the clock, a `where` or `expression` can
 * read other relations, an error can be transient — are never kept.
 */
export class TestResultCache {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly outcomes: Record<string, CachedOutcome>,
  ) {}

  /**
   * The cache of one store file's content, keyed by the SHA-256 recorded when the file was written;
   * an unreadable cache is an empty one. A store file that is no longer what was written has none:
   * nothing measured on other rows can be reused for it.
   */
  static async open(dir: string, storeFile: string): Promise<TestResultCache | null> {
    const check = await checkStoreFile(storeFile);
    if (!check.intact) return null;
    const file = path.join(dir, `${check.record.sha256}.json`);
    const text = await readFile(file, 'utf8').catch(() => null);
    let outcomes: Record<string, CachedOutcome> = {};
    try {
      if (text !== null) outcomes = JSON.parse(text) as Record<string, CachedOutcome>;
    } catch {
      outcomes = {};
    }
    return new TestResultCache(file, outcomes);
  }

  get(check: AggregateCheck, sampleSize: number): CachedOutcome | undefined {
    const key = cacheKey(check, sampleSize);
    return key ? this.outcomes[key] : undefined;
  }

  put(check: AggregateCheck, sampleSize: number, outcome: CachedOutcome): void {
    const key = cacheKey(check, sampleSize);
    if (!key || outcome.evaluated.status === 'error') return;
    this.outcomes[key] = outcome;
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    await writeFileAtomically(this.file, JSON.stringify(this.outcomes));
    this.dirty = false;
  }
}

function cacheKey(check: AggregateCheck, sampleSize: number): string | null {
  const { test } = check;
  if (check.measures === 'newest') return null;
  const userSql = [test.where, ...Object.values(test.args).filter((v): v is string => typeof v === 'string')];
  if (userSql.some((sql) => sql !== undefined && READS_OTHER_RELATIONS.test(sql))) return null;
  // Every input of the outcome: what is measured, and everything of the test that judges the value
  // (severity, warn_if and error_if decide between pass, warn and fail on the same count).
  const identity = {
    v: FORMAT_VERSION,
    aggregate: check.aggregate,
    failingRows: check.failingRows ?? null,
    measures: check.measures,
    test: { kind: test.kind, column: test.column ?? null, severity: test.severity, where: test.where ?? null, warnIf: test.warnIf ?? null, errorIf: test.errorIf ?? null, args: test.args },
    sampleSize,
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}
