import type { Materialized, MaterializeInput } from '../build/materialize.js';
import { parquetRows, pointViewAt, reusable, run, storeFile, writeStoreFile } from '../build/store-files.js';
import { replacePlaceholders } from '../dashboards/sql-parameters.js';
import { sha256 } from '../env/fingerprint.js';
import type { ModelNode } from '../project/project.js';
import { quoteIdentifier, sqlString } from '../sql/sql-text.js';
import { computeValues, removeParts } from './compute-values.js';
import type { ParametricBuild } from './parametric-build.js';
import { readParametricRecord, recordMetadata } from './parametric-record.js';
import { parameterSpec, type ParameterSpec } from './parameter-spec.js';
import { parameterValues } from './parameter-values.js';

/**
 * A parametric model: its SQL rendered once with `$name` where `param('name')` stood, run once per
 * value of the parameter with the value bound, the results concatenated with the value as a column.
 * Like an incremental model keyed by the parameter: while the lineage (the SQL and config of the
 * model and of everything upstream) is unchanged, values computed before are kept, new ones are
 * computed and appended, and values the parameter no longer returns are dropped; a changed lineage,
 * a branch's first build or `--full-refresh` computes every value. Each result is a new store file.
 */
export async function materializeParametric(input: MaterializeInput, build: ParametricBuild): Promise<Materialized> {
  const { node, previous, conn } = input;
  // The build names the file before the message.
  const where = node.name;
  const previousUsable = previous?.physical && !input.fullRefresh ? await reusable(input, previous.physical) : false;
  if (previous?.physical && previousUsable && previous.fingerprint === input.fingerprint) {
    await pointViewAt(input, previous.physical);
    return { status: 'reused', physical: previous.physical, rows: previous.rows };
  }
  const { spec, sql } = renderForBuild(input);
  const found = await parameterValues(conn, spec, where);
  if (found.nulls > 0) build.warn(`parameter '${spec.name}': ${found.nulls} row(s) of its query are NULL and were left out (a NULL is not a value to compute the model for)`);
  if (found.values.length === 0) build.warn(`parameter '${spec.name}' has no values: the model is empty`);

  const record = previous?.physical && previousUsable && input.canAppend ? await readParametricRecord(conn, previous.physical) : null;
  const sameLineage = record !== null && record.lineage === build.lineage && record.parameter === spec.name && record.type === found.type;
  const before = new Set(sameLineage ? record.values : []);
  const now = new Set(found.values);
  const toCompute = found.values.filter((v) => !before.has(v));
  const kept = found.values.filter((v) => before.has(v));
  const dropped = [...before].filter((v) => !now.has(v));
  const grownFrom = sameLineage && kept.length > 0 ? (previous?.physical as string) : null;
  if (grownFrom && toCompute.length === 0 && dropped.length === 0) {
    build.progress({ parameter: spec.name, computed: 0, toCompute: 0, reused: kept.length, dropped: 0 });
    await pointViewAt(input, grownFrom);
    return { status: 'reused', physical: grownFrom, rows: previous?.rows ?? null };
  }
  const physical = storeFile(input.storeDir, sha256(`${input.fingerprint}:${grownFrom ?? ''}:${sha256(found.values.join('\n'))}`));
  if (!input.fullRefresh && (await reusable(input, physical))) {
    await pointViewAt(input, physical);
    return { status: 'reused', physical, rows: await parquetRows(conn, physical) };
  }
  build.progress({ parameter: spec.name, computed: 0, toCompute: toCompute.length, reused: kept.length, dropped: dropped.length });

  const value = `CAST($1 AS ${found.type})`;
  const column = quoteIdentifier(spec.name);
  const shapeSql = replacePlaceholders(sql, () => `CAST(NULL AS ${found.type})`);
  // A model that already selects a column named after its parameter gets the bound value there instead.
  const shape = await run(conn, `DESCRIBE (SELECT * FROM (\n${shapeSql}\n))`).catch((err: Error) => {
    throw new Error(`${where}: ${err.message}`);
  });
  const ownColumn = shape.some((r) => String(r.column_name).toLowerCase() === spec.name.toLowerCase());
  const selectList = `${value} AS ${column}, *${ownColumn ? ` EXCLUDE (${column})` : ''}`;
  const select = `SELECT ${selectList} FROM (\n${replacePlaceholders(sql, () => value)}\n) AS assay_value`;

  const partBase = `${physical}.${process.pid}.${Math.random().toString(36).slice(2)}p`;
  try {
    const parts = await computeValues(conn, build, { select, values: toCompute, parameter: spec.name, partBase, where, reused: kept.length, dropped: dropped.length });
    const pieces: string[] = [];
    const params: string[] = [];
    if (grownFrom) {
      params.push(...dropped);
      const without = dropped.length > 0 ? ` WHERE CAST(${column} AS VARCHAR) NOT IN (${dropped.map((_, i) => `$${i + 1}`).join(', ')})` : '';
      pieces.push(`SELECT * FROM read_parquet(${sqlString(grownFrom)})${without}`);
    }
    if (parts.length > 0) pieces.push(`SELECT * FROM read_parquet([${parts.map(sqlString).join(', ')}])`);
    // No values at all: the model's columns with no rows.
    if (pieces.length === 0) pieces.push(`SELECT ${selectList.replace(value, `CAST(NULL AS ${found.type})`)} FROM (\n${shapeSql}\n) AS assay_value LIMIT 0`);
    const metadata = recordMetadata({ lineage: build.lineage, parameter: spec.name, type: found.type, values: found.values });
    const rows = await writeStoreFile(conn, pieces.join('\nUNION ALL BY NAME\n'), physical, { check: input.checkResult, params, metadata });
    await pointViewAt(input, physical);
    return { status: 'built', physical, rows };
  } finally {
    await removeParts(toCompute.map((_, i) => `${partBase}${i}.tmp`));
  }
}

/** The model rendered as the build runs it (sources as their snapshots), and its parameter from that render. */
function renderForBuild(input: MaterializeInput): { spec: ParameterSpec; sql: string } {
  const { node } = input;
  const model = node.source as ModelNode;
  const rendered = input.renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, absolute: true });
  if (!rendered.ok) throw new Error(`${rendered.error.line ? `line ${rendered.error.line}: ` : ''}${rendered.error.message}`);
  const config = { ...node.config, extra: { ...node.config.extra, ...rendered.capture.config } };
  const outcome = parameterSpec(config);
  if (!outcome?.ok) throw new Error(outcome ? outcome.problem : `${node.name} declares no parameter`);
  return { spec: outcome.spec, sql: rendered.sql.trim().replace(/;\s*$/, '') };
}
