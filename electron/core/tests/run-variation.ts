import type { TestDeclaration } from '../../../shared/project-types.js';
import type { TestResult, VariationPoint, VariationSettings } from '../../../shared/test-types.js';
import type { Evaluated } from './evaluate-check.js';
import type { AdapterType } from '../dbt/adapter-type.js';
import { compareVariation, worstStatus, type VariationDirection, type VariationThresholds } from '../../../shared/variation.js';
import type { EngineConnection } from '../engine/engine.js';
import { quoteIdentifier as quoteIdent } from '../sql/sql-text.js';
import type { RunHistory } from './run-history.js';
import { TestPlanError } from './plan-checks.js';

export interface VariationContext {
  conn: EngineConnection;
  relation: string;
  /** The same node in the baseline environment, when `compare_to: baseline_branch`. */
  baselineRelation?: () => Promise<string>;
  history: Pick<RunHistory, 'lastSuccessful'>;
  env: string;
}

export interface VariationRun {
  points: VariationPoint[];
  headline: VariationPoint | null;
  threshold: string;
  settings: VariationSettings;
}

const grains = new Set(['day', 'week', 'month', 'quarter', 'year']);
type Keyed = Map<string, { period?: string; group?: string; value: number | null }>;

/**
 * A metric compared with a baseline: the previous period of the same data, the same node in the
 * baseline branch's environment, or this environment's last successful run.
 */
export async function runVariation(test: TestDeclaration, ctx: VariationContext): Promise<VariationRun> {
  const args = test.args;
  const metric = typeof args.metric === 'string' ? args.metric : null;
  if (!metric) throw new TestPlanError('variation needs metric: (an aggregate such as count(distinct customer_id))');
  const compareTo = String(args.compare_to ?? 'previous_period');
  const thresholds = readThresholds(test);
  const period = readPeriod(args.period);
  const groups = typeof args.group_by === 'string' ? [args.group_by] : Array.isArray(args.group_by) ? args.group_by.map(String) : [];
  const sql = (relation: string) => metricSql(relation, metric, period, groups, test.where, ctx.conn.dialect);
  const current = await measure(ctx.conn, sql(ctx.relation), metric);

  let pairs: { key: string; current: number | null; baseline: number | null }[];
  switch (compareTo) {
    case 'previous_period': {
      if (!period) throw new TestPlanError('compare_to: previous_period needs period: {column, grain}');
      pairs = previousPeriodPairs(current);
      break;
    }
    case 'baseline_branch': {
      if (!ctx.baselineRelation) throw new TestPlanError('compare_to: baseline_branch needs a baseline environment');
      const baseline = await measure(ctx.conn, sql(await ctx.baselineRelation()), metric);
      pairs = joinPairs(current, baseline);
      break;
    }
    case 'previous_run': {
      const last = await ctx.history.lastSuccessful(ctx.env, test.id);
      const baseline: Keyed = new Map((last?.points ?? []).map((p) => [keyOf(p.period, p.group), { period: p.period, group: p.group, value: p.current }]));
      pairs = joinPairs(current, baseline);
      break;
    }
    default:
      throw new TestPlanError(`compare_to must be previous_period, baseline_branch or previous_run, not '${compareTo}'`);
  }
  const points = pairs.map(({ key, current: value, baseline }) => {
    const [p, g] = splitKey(key);
    const outcome = compareVariation(value, baseline, thresholds);
    const status = test.severity === 'warn' && outcome.status === 'fail' ? 'warn' : outcome.status;
    return { period: p, group: g, current: value, baseline, delta: outcome.delta, deltaPct: outcome.deltaPct, status } satisfies VariationPoint;
  });
  const settings: VariationSettings = {
    compare_to: compareTo,
    direction: thresholds.direction,
    warn_pct: thresholds.warnPct ?? null,
    error_pct: thresholds.errorPct ?? null,
    min_baseline: thresholds.minBaseline ?? null,
  };
  return { points, headline: headlineOf(points), threshold: describeThresholds(thresholds, compareTo), settings };
}

/** A variation run as a test's outcome: its worst point is the headline, every point goes in the report. */
export function variationOutcome(run: VariationRun): Evaluated & { extra: Partial<TestResult> } {
  const h = run.headline;
  return {
    status: h?.status ?? 'skipped',
    observed: h?.current ?? null,
    threshold: run.threshold,
    failing_rows: null,
    message: h ? `${h.period ?? ''}${h.group ? ` ${h.group}` : ''}: ${h.current} against ${h.baseline}`.trim() : 'nothing to compare',
    extra: { baseline: h?.baseline ?? null, delta: h?.delta ?? null, delta_pct: h?.deltaPct ?? null, points: run.points, variation: run.settings },
  };
}

function readThresholds(test: TestDeclaration): VariationThresholds {
  const num = (name: string) => {
    const v = test.args[name];
    if (v === undefined || v === null) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new TestPlanError(`variation: ${name} must be a number, not '${String(v)}'`);
    return n;
  };
  const direction = String(test.args.direction ?? 'both') as VariationDirection;
  if (!['drop', 'rise', 'both'].includes(direction)) throw new TestPlanError(`variation: direction must be drop, rise or both, not '${direction}'`);
  const t = { warnPct: num('warn_pct'), errorPct: num('error_pct'), direction, minBaseline: num('min_baseline') };
  if (t.warnPct === undefined && t.errorPct === undefined) throw new TestPlanError('variation needs warn_pct:, error_pct: or both');
  return t;
}

function readPeriod(raw: unknown): { column: string; grain: string } | null {
  if (raw === undefined || raw === null) return null;
  const period = typeof raw === 'string' ? { column: raw, grain: 'month' } : (raw as { column?: unknown; grain?: unknown });
  const column = String(period.column ?? '');
  const grain = String(period.grain ?? 'month');
  if (!column) throw new TestPlanError('variation: period needs a column');
  if (!grains.has(grain)) throw new TestPlanError(`variation: period grain must be day, week, month, quarter or year, not '${grain}'`);
  return { column, grain };
}

function metricSql(relation: string, metric: string, period: { column: string; grain: string } | null, groups: string[], where?: string, dialect?: AdapterType): string {
  const keys: string[] = [];
  const truncated = `date_trunc('${period?.grain}', ${quoteIdent(period?.column ?? '')})`;
  if (period) keys.push(`${dialect === 'postgres' ? `to_char(${truncated}, 'YYYY-MM-DD')` : `strftime(${truncated}, '%Y-%m-%d')`} AS __period`);
  if (groups.length) keys.push(`concat_ws(' / ', ${groups.map((g) => `coalesce(${quoteIdent(g)}::VARCHAR, '∅')`).join(', ')}) AS __group`);
  const groupBy = keys.length ? `GROUP BY ${keys.map((_, i) => i + 1).join(', ')}` : '';
  // count(*) beside the metric makes a non-aggregate metric an error even without GROUP BY.
  const double = dialect === 'postgres' ? 'double precision' : 'DOUBLE';
  const orderBy = keys.length ? `ORDER BY ${keys.map((_, i) => i + 1).join(', ')}` : '';
  return `SELECT ${[...keys, `(${metric})::${double} AS __value`, 'count(*) AS __rows'].join(', ')} FROM ${relation} ${where ? `WHERE ${where}` : ''} ${groupBy} ${orderBy}`;
}

async function measure(conn: EngineConnection, sql: string, metric: string): Promise<Keyed> {
  const result = await conn.query(sql);
  if (!result.ok) {
    if (/GROUP BY|aggregate/i.test(result.error)) throw new TestPlanError(`metric '${metric}' is not an aggregate (write e.g. count(distinct customer_id) or sum(amount)): ${result.error}`);
    throw new Error(result.error);
  }
  const keyed: Keyed = new Map();
  for (const row of result.rows) {
    const period = row.__period === undefined || row.__period === null ? undefined : String(row.__period);
    const group = row.__group === undefined ? undefined : String(row.__group);
    keyed.set(keyOf(period, group), { period, group, value: row.__value === null ? null : Number(row.__value) });
  }
  return keyed;
}

function previousPeriodPairs(current: Keyed) {
  const byGroup = new Map<string, { period?: string; value: number | null }[]>();
  for (const v of current.values()) {
    const list = byGroup.get(v.group ?? '') ?? [];
    list.push(v);
    byGroup.set(v.group ?? '', list);
  }
  const pairs: { key: string; current: number | null; baseline: number | null }[] = [];
  for (const [group, list] of byGroup) {
    list.sort((a, b) => String(a.period).localeCompare(String(b.period)));
    for (let i = 1; i < list.length; i++) {
      pairs.push({ key: keyOf(list[i]?.period, group || undefined), current: list[i]?.value ?? null, baseline: list[i - 1]?.value ?? null });
    }
  }
  return pairs.sort((a, b) => a.key.localeCompare(b.key));
}

function joinPairs(current: Keyed, baseline: Keyed) {
  const keys = [...new Set([...current.keys(), ...baseline.keys()])].sort();
  return keys.map((key) => ({ key, current: current.get(key)?.value ?? null, baseline: baseline.get(key)?.value ?? null }));
}

function headlineOf(points: VariationPoint[]): VariationPoint | null {
  const worst = worstStatus(points.map((p) => p.status));
  const candidates = points.filter((p) => p.status === worst);
  return candidates.sort((a, b) => Math.abs(b.deltaPct ?? 0) - Math.abs(a.deltaPct ?? 0))[0] ?? null;
}

function describeThresholds(t: VariationThresholds, compareTo: string): string {
  const dir = t.direction === 'both' ? 'change' : t.direction;
  const parts = [t.errorPct !== undefined ? `error if ${dir} > ${t.errorPct}%` : null, t.warnPct !== undefined ? `warn if ${dir} > ${t.warnPct}%` : null];
  return `${parts.filter(Boolean).join(', ')} vs ${compareTo}${t.minBaseline !== undefined ? ` (baseline ≥ ${t.minBaseline})` : ''}`;
}

const SEP = '\u0001';
function keyOf(period?: string, group?: string): string {
  return `${period ?? ''}${SEP}${group ?? ''}`;
}
function splitKey(key: string): [string | undefined, string | undefined] {
  const [p, g] = key.split(SEP);
  return [p || undefined, g || undefined];
}
