import type { DiffReport, ModelDiff } from '../../../../shared/diff-types.js';
import type { WarehouseModelDiff } from '../../../../shared/warehouse-types.js';
import type { CompiledProject } from '../../compile/compiled-project.js';
import { primaryKeyOf } from '../../diff/primary-key.js';
import { readWarehouseEnvironment, type WarehouseEntry } from './pg-catalog.js';
import type { PgWarehouse } from './pg-connection.js';
import { catalogsToCompare, storedObject } from './pg-diff.js';
import { diffStoreObjects } from './pg-key-diff.js';

export interface WarehouseReportOptions {
  /** The refs as asked (`main`, `feature/x`): the report names them. */
  baseRef: string;
  compareRef: string;
  /** `--primary-key`: the key of every model; otherwise each model's own (a unique test, unique_key), as locally. */
  primaryKey?: string[];
  tolerance?: number;
  sampleSize?: number;
  /** Only these nodes. */
  models?: string[];
  /** The project as compiled, for each model's own key; none: only `primaryKey`. */
  compiled?: CompiledProject | null;
}

/**
 * The local diff's report (`assay diff --json`, and what the HTML and Markdown writers take) for two
 * environments of one warehouse: every node with a view in either, rows matched by key on the
 * server (pg-key-diff.ts). A node whose two views read one store object is unchanged without a row
 * read. Every node is listed (unchanged ones too): `differing` keeps what a report shows by default.
 */
export async function diffReportOnWarehouse(warehouse: PgWarehouse, baseEnv: string, compareEnv: string, options: WarehouseReportOptions): Promise<DiffReport> {
  const [base, compare] = await catalogsToCompare(warehouse, baseEnv, compareEnv);
  const [baseRow, compareRow] = await Promise.all([readWarehouseEnvironment(warehouse, baseEnv), readWarehouseEnvironment(warehouse, compareEnv)]);
  const ids = [...new Set([...base.keys(), ...compare.keys()])]
    .filter((id) => storedObject(base.get(id)) || storedObject(compare.get(id)))
    .filter((id) => !options.models?.length || options.models.includes(id))
    .sort();
  const models = await Promise.all(ids.map((id) => diffNode(warehouse, id, { env: baseEnv, entry: base.get(id) }, { env: compareEnv, entry: compare.get(id) }, options)));
  return {
    base: { ref: options.baseRef, commit: baseRow?.commit ?? null, env: baseEnv },
    compare: { ref: options.compareRef, commit: compareRow?.commit ?? null, env: compareEnv },
    tolerance: options.tolerance ?? 0,
    generated_at: new Date().toISOString(),
    models,
  };
}

/** What a report shows unless every model is asked for: the models that differ. */
export function differing(report: DiffReport): DiffReport {
  return { ...report, models: report.models.filter((m) => m.status !== 'unchanged') };
}

/** A model of the report in the shape of the warehouse diff (onlyBase/onlyCompare: whole rows, so null where rows were matched by key). */
export function warehouseSummaryOf(model: ModelDiff): WarehouseModelDiff {
  const byKey = model.primary_key !== null;
  return {
    node: model.name, status: model.status, change: model.change, rowsBase: model.rows.base, rowsCompare: model.rows.compare,
    onlyBase: byKey ? null : model.rows.removed, onlyCompare: byKey ? null : model.rows.added,
    columnsAdded: model.schema.added.map((c) => c.name), columnsRemoved: model.schema.removed.map((c) => c.name),
  };
}

async function diffNode(warehouse: PgWarehouse, node: string, base: { env: string; entry?: WarehouseEntry }, compare: { env: string; entry?: WarehouseEntry }, options: WarehouseReportOptions): Promise<ModelDiff> {
  const baseObject = storedObject(base.entry);
  const compareObject = storedObject(compare.entry);
  const status: ModelDiff['status'] = !baseObject ? 'added' : !compareObject ? 'removed' : baseObject === compareObject ? 'unchanged' : 'modified';
  const empty: ModelDiff = {
    name: node, status, change: status === 'unchanged' ? null : status !== 'modified' || base.entry?.definition !== compare.entry?.definition ? 'direct' : 'indirect',
    primary_key: null, key_note: null, schema: { added: [], removed: [], retyped: [] },
    rows: { base: base.entry?.rows ?? null, compare: compare.entry?.rows ?? null, added: null, removed: null, changed: null, unchanged: null },
    columns: {}, profile: {}, samples: { changed: [], added: [], removed: [] }, tests_changed: [], error: null,
  };
  if (status !== 'modified') return status === 'unchanged' ? { ...empty, rows: { ...empty.rows, compare: empty.rows.compare ?? empty.rows.base, added: 0, removed: 0, changed: 0 } } : empty;
  try {
    const diff = await diffStoreObjects(warehouse, node, { object: baseObject as string, env: base.env }, { object: compareObject as string, env: compare.env }, {
      key: primaryKeyOf(options.compiled ?? null, node, options.primaryKey),
      tolerance: options.tolerance ?? 0,
      sampleSize: options.sampleSize ?? 10,
    });
    const same = diff.rows.added === 0 && diff.rows.removed === 0 && !diff.rows.changed && diff.schema.added.length + diff.schema.removed.length + diff.schema.retyped.length === 0;
    return { ...empty, ...diff, ...(same ? { status: 'unchanged' as const, change: null } : {}) };
  } catch (err) {
    return { ...empty, error: err instanceof Error ? err.message : String(err) };
  }
}
