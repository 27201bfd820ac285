import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../shared/test-types.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const byId = (tests: TestResult[]) => Object.fromEntries(tests.map((t) => [t.id, t]));

/** A model with `counts[i]` rows in month i of 2024 (and later), each row's month in `month`. */
function monthlyRows(counts: number[], extra = ''): string {
  const values = counts.map((n, i) => `(${i}, ${n})`).join(', ');
  return `select (date '2024-01-01' + to_months(m.i))::date as month, r.range as n${extra} from (values ${values}) m(i, c), range(m.c) r`;
}

async function project(model: string, tests: string[], column?: string) {
  const declared = column
    ? ['    columns:', `      - name: ${column}`, '        tests:', ...tests.map((t) => `          - ${t}`)]
    : ['    tests:', ...tests.map((t) => `      - ${t}`)];
  return writeTempProject({
    ...minimalProject,
    'models/events.sql': model,
    'models/schema.yml': ['models:', '  - name: events', ...declared].join('\n'),
  });
}

const monthly = 'timestamp_column: month, time_bucket: {period: month, count: 1}';

describe('anomaly tests per period', () => {
  it('flags the month whose volume falls out of the band of the months before it, and words it with the band', async () => {
    const root = await project(monthlyRows([600, 640, 610, 650, 630, 620, 660, 640, 412, 630]), [
      `volume_anomalies: {${monthly}, detection_period: {period: month, count: 3}}`,
    ]);
    const result = (await runTestPipeline({ projectRoot: root })).tests[0] as TestResult;
    expect(result).toMatchObject({ id: 'volume_anomalies.events', status: 'fail', observed: 412, stage: 'business-logic' });
    expect(result.message).toMatch(/^2024-09: 412 rows, expected \d+(\.\d+)?–\d+(\.\d+)?$/);
    const detection = result.anomaly?.points.filter((p) => p.role === 'detection');
    expect(detection?.map((p) => [p.bucket, p.status])).toEqual([['2024-08', 'pass'], ['2024-09', 'fail'], ['2024-10', 'pass']]);
    const september = detection?.[1];
    expect(september?.training_points).toBe(8);
    // The median of the eight months before it, and a band that holds every one of them.
    expect(september?.expected).toBe(635);
    // MAD 15 (deviations 5 5 5 15 15 25 25 35), so 635 ± 3 × 1.4826 × 15.
    expect(september?.lower).toBeCloseTo(635 - 3 * 1.4826 * 15, 6);
    expect(september?.upper).toBeCloseTo(635 + 3 * 1.4826 * 15, 6);
    // The month after the hole learns from it but keeps its band (median 630, MAD 20): a mean ± 3 SD
    // band of the same nine months would reach down to about 390 and let a second 412 through.
    expect(detection?.[2]?.lower).toBeCloseTo(630 - 3 * 1.4826 * 20, 6);
  });

  it('accepts the elementary. prefix and Elementary parameter names, and warns instead of failing with severity warn', async () => {
    const root = await project(monthlyRows([100, 100, 100, 100, 100, 40]), [
      `elementary.volume_anomalies: {${monthly}, anomaly_sensitivity: 3, anomaly_direction: drop, min_training_set_size: 5, config: {severity: warn}}`,
    ]);
    const result = (await runTestPipeline({ projectRoot: root })).tests[0] as TestResult;
    expect(result).toMatchObject({ kind: 'volume_anomalies', severity: 'warn', status: 'warn', message: '2024-06: 40 rows, expected 97–103' });
    expect(result.anomaly?.settings).toMatchObject({ sensitivity: 3, direction: 'drop', min_training_points: 5 });
  });

  it('only flags the watched direction', async () => {
    const root = await project(monthlyRows([100, 102, 98, 101, 99, 300]), [
      `volume_anomalies: {${monthly}, direction: drop, min_training_points: 5}`,
      `volume_anomalies: {${monthly}, direction: spike, min_training_points: 5}`,
    ]);
    const r = byId((await runTestPipeline({ projectRoot: root })).tests);
    expect(r['volume_anomalies.events']?.status).toBe('pass');
    expect(r['volume_anomalies.events.2']?.status).toBe('fail');
  });

  it('is skipped with the reason when there is too little history, never failed', async () => {
    const root = await project(monthlyRows([100, 100, 100, 5]), [`volume_anomalies: {${monthly}}`]);
    const result = (await runTestPipeline({ projectRoot: root })).tests[0] as TestResult;
    expect(result).toMatchObject({ status: 'skipped', message: 'skipped: too little history: 3 training points (earlier buckets with a value in the training period), needs 7' });
  });

  it('counts a month with no rows as 0 for volume, and flags it', async () => {
    const root = await project(monthlyRows([100, 104, 98, 101, 99, 0, 100]), [`volume_anomalies: {${monthly}, min_training_points: 5, detection_period: {period: month, count: 2}}`]);
    const result = (await runTestPipeline({ projectRoot: root })).tests[0] as TestResult;
    const detection = result.anomaly?.points.filter((p) => p.role === 'detection');
    expect(detection?.map((p) => [p.bucket, p.value, p.status])).toEqual([['2024-06', 0, 'fail'], ['2024-07', 100, 'pass']]);
  });

  it('gives all-equal training values a narrow band instead of dividing by zero', async () => {
    const root = await project(monthlyRows([120, 120, 120, 120, 120, 120, 119, 80]), [
      `column_anomalies: {column_anomalies: [distinct_count], ${monthly}, min_training_points: 5, detection_period: {period: month, count: 2}}`,
    ], 'n');
    const result = (await runTestPipeline({ projectRoot: root })).tests[0] as TestResult;
    const [july, august] = result.anomaly?.points.filter((p) => p.role === 'detection') ?? [];
    // Six months of exactly 120: 1% of it is the scale, so 119 is within 116.4–123.6, and 80 is not.
    expect(july).toMatchObject({ bucket: '2024-07', value: 119, expected: 120, status: 'pass' });
    expect(july?.lower).toBeCloseTo(116.4, 6);
    expect(july?.upper).toBeCloseTo(123.6, 6);
    expect(august).toMatchObject({ bucket: '2024-08', value: 80, status: 'fail' });
    expect(Number.isFinite(august?.score)).toBe(true);
  });

  it('leaves rows with a NULL timestamp out of every bucket and says how many', async () => {
    const model = `${monthlyRows([100, 101, 99, 100, 102, 98, 100, 101])} union all select null, 0 from range(25)`;
    const root = await project(model, [`volume_anomalies: {${monthly}}`]);
    const result = (await runTestPipeline({ projectRoot: root })).tests[0] as TestResult;
    expect(result.status).toBe('pass');
    expect(result.anomaly?.null_timestamps).toBe(25);
    expect(result.message).toMatch(/; 25 rows with a NULL month are in no bucket$/);
  });

  it('scores a weekday against the same weekday with day_of_week seasonality', async () => {
    // Weekends carry a tenth of a weekday's rows: without seasonality every Saturday would be a drop.
    const days = Array.from({ length: 63 }, (_, i) => ([5, 6].includes(i % 7) ? 10 : 95 + ((i * 7) % 11)));
    const model = `select (date '2024-01-01' + m.i)::date as day from (values ${days.map((n, i) => `(${i}, ${n})`).join(', ')}) m(i, c), range(m.c) r`;
    const root = await project(model, [
      'volume_anomalies: {timestamp_column: day, time_bucket: {period: day, count: 1}, seasonality: day_of_week, training_period: {period: day, count: 7}, detection_period: {period: day, count: 7}, min_training_points: 5}',
      'volume_anomalies: {timestamp_column: day, time_bucket: {period: day, count: 1}, training_period: {period: day, count: 14}, detection_period: {period: day, count: 7}}',
    ]);
    const r = byId((await runTestPipeline({ projectRoot: root })).tests);
    expect(r['volume_anomalies.events']?.status).toBe('pass');
    expect(r['volume_anomalies.events']?.anomaly?.points.find((p) => p.role === 'detection')?.training_points).toBe(7);
    expect(r['volume_anomalies.events.2']?.status).toBe('fail');
  });

  it('scores freshness as the longest wait between arrivals', async () => {
    // Daily data with one four-day silence in the last week.
    const days = Array.from({ length: 40 }, (_, i) => i).filter((i) => ![35, 36, 37].includes(i));
    const model = `select (date '2024-01-01' + d)::timestamp as loaded_at from (values ${days.map((d) => `(${d})`).join(', ')}) t(d)`;
    const root = await project(model, ['freshness_anomalies: {timestamp_column: loaded_at, time_bucket: {period: day, count: 1}, detection_period: {period: day, count: 7}}']);
    const result = (await runTestPipeline({ projectRoot: root })).tests[0] as TestResult;
    expect(result).toMatchObject({ status: 'fail', message: '2024-02-08: 96 hours without new loaded_at, expected 23.28–24.72' });
  });
});

describe('anomaly tests per run', () => {
  it('learns from earlier runs of the branch, one point per version of the data, and skips until it has enough', async () => {
    const seed = (n: number) => `id\n${Array.from({ length: n }, (_, i) => i).join('\n')}\n`;
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/deliveries.csv': seed(100),
      'models/delivered.sql': "select * from {{ ref('deliveries') }}",
      'models/schema.yml': 'models:\n  - name: delivered\n    tests:\n      - volume_anomalies: {min_training_points: 3}\n',
    });
    const run = async (rows: number) => {
      await writeFile(path.join(root, 'seeds/deliveries.csv'), seed(rows));
      return (await runTestPipeline({ projectRoot: root })).tests[0] as TestResult;
    };
    expect(await run(100)).toMatchObject({ status: 'skipped', message: expect.stringMatching(/0 training points \(earlier runs/) });
    // The same data tested again is not a second point of history.
    expect(await run(100)).toMatchObject({ status: 'skipped', message: expect.stringMatching(/0 training points/) });
    expect(await run(102)).toMatchObject({ status: 'skipped', message: expect.stringMatching(/1 training point \(/) });
    expect(await run(98)).toMatchObject({ status: 'skipped', message: expect.stringMatching(/2 training points/) });
    const fourth = await run(60);
    expect(fourth).toMatchObject({ status: 'fail', observed: 60 });
    expect(fourth.anomaly?.settings.mode).toBe('run');
    expect(fourth.anomaly?.points.map((p) => [p.role, p.value])).toEqual([['training', 100], ['training', 102], ['training', 98], ['detection', 60]]);
    expect(fourth.anomaly?.points.at(-1)).toMatchObject({ expected: 100, training_points: 3 });
  });
});

describe('anomaly tests with bad input', () => {
  it('names the file, line and column when timestamp_column does not exist or is not a date', async () => {
    const root = await project(monthlyRows([1, 2], ", 'x' as label"), [
      'volume_anomalies: {timestamp_column: shipped_at}',
      'volume_anomalies: {timestamp_column: label}',
    ]);
    const r = byId((await runTestPipeline({ projectRoot: root })).tests);
    expect(r['volume_anomalies.events']).toMatchObject({ status: 'error', message: "models/schema.yml:4: timestamp_column 'shipped_at' does not exist in events (it has month, n, label)" });
    expect(r['volume_anomalies.events.2']).toMatchObject({ status: 'error', message: "models/schema.yml:5: timestamp_column 'label' of events is VARCHAR, not a date or a timestamp" });
  });

  it('reports an unknown metric, a sensitivity that is not positive and an unknown argument as project errors with file and line', async () => {
    const root = await project(monthlyRows([1, 2]), [
      `column_anomalies: {column_anomalies: [null_count, median_value], ${monthly}}`,
      `column_anomalies: {${monthly}, sensitivity: 0}`,
      `column_anomalies: {${monthly}, anomaly_sensitivity: high}`,
      `column_anomalies: {${monthly}, ignore_small_changes: {spike_failure_percent_threshold: 2}}`,
    ], 'n');
    const report = await runTestPipeline({ projectRoot: root });
    const r = byId(report.tests);
    expect(r['column_anomalies.events.n']).toMatchObject({ status: 'error', message: expect.stringMatching(/^models\/schema\.yml:6: column_anomalies: unknown metric 'median_value' \(one of null_count, /) });
    expect(r['column_anomalies.events.n.2']).toMatchObject({ status: 'error', message: "models/schema.yml:7: column_anomalies: sensitivity must be a positive number, not '0'" });
    expect(r['column_anomalies.events.n.3']).toMatchObject({ status: 'error', message: "models/schema.yml:8: column_anomalies: sensitivity must be a number, not 'high'" });
    expect(r['column_anomalies.events.n.4']).toMatchObject({ status: 'error', message: expect.stringMatching(/^models\/schema\.yml:9: column_anomalies: unknown argument 'ignore_small_changes'/) });
    expect(report.project_errors?.map((e) => [e.file, e.line])).toEqual([['models/schema.yml', 6], ['models/schema.yml', 7], ['models/schema.yml', 8], ['models/schema.yml', 9]]);
  });
});
