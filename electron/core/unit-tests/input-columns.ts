import type { CompiledProject } from '../compile/compiled-project.js';
import type { EngineConnection } from '../engine/engine.js';
import { seedSelect } from '../build/materialize.js';
import { sourceId, type SeedNode } from '../project/project.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import { describeRelation, EnvironmentNotBuiltError, nodeRelation, withEnvironment } from '../env/environment-reader.js';
import type { GivenInputName } from './unit-test-spec.js';

/** A column of a unit test's input; `type` null when nothing says it (the given values are sniffed then). */
export interface InputColumn {
  name: string;
  type: string | null;
}

/**
 * The columns of the nodes unit tests feed, so a given can leave columns out (they are NULL, typed
 * as the input has them, as in dbt), without building anything. The branch's environment says when
 * it was built; otherwise each input's shape is worked out in the in-memory database: its upstream
 * as empty tables (a model's SQL run with LIMIT 0, a seed's and a file source's header read), then
 * DESCRIBE. When that fails too, the columns its YAML declares (with their `data_type`).
 */
export class InputColumns {
  private readonly known = new Map<string, InputColumn[] | null>();
  private readonly shapes = new Map<string, Promise<boolean>>();

  private constructor(private readonly compiled: CompiledProject, private readonly conn: EngineConnection) {}

  /** Reads the environment once for every input that needs it. */
  static async open(compiled: CompiledProject, conn: EngineConnection, inputs: GivenInputName[], env: { projectRoot: string; name: string } | null): Promise<InputColumns> {
    const columns = new InputColumns(compiled, conn);
    const ids = [...new Set(inputs.map((input) => columns.nodeIdOf(input)).filter((id): id is string => id !== null))];
    if (env && ids.length > 0) {
      await withEnvironment(env.projectRoot, env.name, async ({ conn: envConn, entries }) => {
        for (const id of ids) {
          const node = compiled.nodes.get(id);
          const relation = node ? nodeRelation(node, entries) : null;
          if (relation) columns.known.set(id, await describeRelation(envConn, relation).catch(() => null));
        }
      }).catch((err: unknown) => {
        if (!(err instanceof EnvironmentNotBuiltError)) throw err;
      });
    }
    return columns;
  }

  nodeIdOf(input: GivenInputName): string | null {
    switch (input.kind) {
      case 'ref':
        return input.name;
      case 'source':
        return sourceId(input.source, input.table);
      case 'this':
        return null;
    }
  }

  /** The input's columns as far as anything knows them; empty when nothing does. */
  async columnsOf(input: GivenInputName, model: string): Promise<InputColumn[]> {
    const id = input.kind === 'this' ? model : this.nodeIdOf(input);
    if (id === null) return [];
    if (!this.known.has(id)) this.known.set(id, await this.describe(id));
    const found = this.known.get(id);
    if (found) return found;
    const declared = this.compiled.nodes.get(id)?.source.columns ?? [];
    return declared.map((c) => ({ name: c.name, type: c.dataType ?? null }));
  }

  private async describe(id: string): Promise<InputColumn[] | null> {
    const node = this.compiled.nodes.get(id);
    if (!node || !(await this.shape(id))) return null;
    const relation = node.kind === 'source' ? node.relation : node.materialization === 'ephemeral' ? `(${node.sql})` : node.relation;
    return describeRelation(this.conn, relation).catch(() => null);
  }

  /** Makes the empty tables a node's SQL reads (and the node's own, for what reads it); false when it cannot. */
  private shape(id: string): Promise<boolean> {
    let made = this.shapes.get(id);
    if (!made) {
      made = this.makeShape(id);
      this.shapes.set(id, made);
    }
    return made;
  }

  private async makeShape(id: string): Promise<boolean> {
    const node = this.compiled.nodes.get(id);
    if (!node || node.error) return false;
    if (node.kind === 'source') return node.source.kind === 'source' && node.source.fileGlobs.length > 0;
    for (const upstream of node.dependsOn) if (!(await this.shape(upstream))) return false;
    if (node.materialization === 'ephemeral') return node.sql !== undefined;
    const select = node.kind === 'seed' ? seedSelect(node.source as SeedNode, this.compiled.project.root) : node.sql;
    if (select === undefined) return false;
    const schema = node.objectSchema && node.objectSchema !== 'main' ? `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(node.objectSchema)}; ` : '';
    const made = await this.conn.query(`${schema}CREATE TABLE ${node.relation} AS SELECT * FROM (${select}) LIMIT 0`);
    return made.ok;
  }
}

/** The type DuckDB's CSV sniffer would give these values: what a source file with them would read as. */
export function sniffType(values: unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'VARCHAR';
  if (present.every((v) => typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v)))) return 'BOOLEAN';
  const numeric = present.map((v) => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : null));
  if (numeric.every((n) => n !== null)) return numeric.every((n) => Number.isInteger(n)) ? 'BIGINT' : 'DOUBLE';
  if (present.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) return 'DATE';
  if (present.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v))) return 'TIMESTAMP';
  return 'VARCHAR';
}
