import { Column } from '../dbt/context/adapter.js';
import { AgateTable } from '../dbt/context/agate-table.js';
import type { Introspection } from '../dbt/context/introspection.js';
import { Relation, type RelationParts } from '../dbt/context/relation.js';
import type { RenderOutcome } from '../dbt/dbt-runtime.js';
import { CompilerError } from '../dbt/jinja/render-error.js';
import type { EngineConnection } from '../engine/engine.js';
import { sqlString } from '../sql/sql-text.js';

/** How many times a template may ask for something new before Assay calls it a loop. */
const MAX_ROUNDS = 10;

type Answer<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The database's answers to one node's render while the build runs, fetched from the environment
 * being built (where every upstream node already exists). Each render records what it could not
 * know yet; the build fetches it and renders again, until nothing new is asked.
 */
class BuildAnswers implements Introspection {
  private readonly relations = new Map<string, Answer<Relation | null>>();
  private readonly columnLists = new Map<string, Answer<Column[]>>();
  private readonly tables = new Map<string, Answer<AgateTable>>();
  private pending: (() => Promise<void>)[] = [];

  constructor(
    private readonly conn: EngineConnection,
    private readonly print: (text: string) => void,
  ) {}

  relation(parts: RelationParts): Relation | null | undefined {
    const schema = parts.schema ?? 'main';
    const key = `${schema}.${parts.identifier ?? ''}`.toLowerCase();
    return this.answer(this.relations, key, async () => {
      const rows = await this.run(`SELECT table_type FROM information_schema.tables WHERE lower(table_schema) = lower(${sqlString(schema)}) AND lower(table_name) = lower(${sqlString(parts.identifier ?? '')})`);
      const type = rows[0] ? (String(rows[0].table_type).toUpperCase() === 'VIEW' ? 'view' : 'table') : null;
      return type ? new Relation({ ...parts, schema, type }) : null;
    });
  }

  columns(relation: Relation): Column[] | undefined {
    const text = relation.render();
    return this.answer(this.columnLists, text, async () => {
      const rows = await this.run(`DESCRIBE SELECT * FROM ${text}`);
      return rows.map((r) => new Column(String(r.column_name), String(r.column_type)));
    });
  }

  query(sql: string): AgateTable | undefined {
    return this.answer(this.tables, sql, async () => {
      const rows = await this.run(sql);
      const names = rows[0] ? Object.keys(rows[0]) : await this.run(`DESCRIBE ${sql}`).then((d) => d.map((r) => String(r.column_name)), () => []);
      return new AgateTable(names, rows.map((r) => names.map((n) => r[n])), this.print);
    });
  }

  hasPending(): boolean {
    return this.pending.length > 0;
  }

  async fetchPending(): Promise<void> {
    const work = this.pending;
    this.pending = [];
    for (const fetch of work) await fetch();
  }

  private answer<T>(cache: Map<string, Answer<T>>, key: string, fetch: () => Promise<T>): T | undefined {
    const known = cache.get(key);
    if (known?.ok) return known.value;
    if (known) throw new CompilerError(`the database refused: ${known.error}`);
    this.pending.push(async () => {
      if (cache.has(key)) return;
      cache.set(key, await fetch().then((value): Answer<T> => ({ ok: true, value }), (err: Error): Answer<T> => ({ ok: false, error: err.message })));
    });
    return undefined;
  }

  private async run(sql: string): Promise<Record<string, unknown>[]> {
    const result = await this.conn.query(sql);
    if (!result.ok) throw new Error(`${result.error.split('\n')[0]} (in: ${sql.trim().slice(0, 200)})`);
    return result.rows;
  }
}

/**
 * Renders a node with `execute` true, answering its questions to the database from `conn`. A
 * render that fails while answers are still pending is tried again once they are in: templates
 * often index into a result (`run_query(...).columns[0]`) that is empty until it is known.
 */
export async function renderExecuting(render: (introspection: Introspection) => RenderOutcome, conn: EngineConnection, print: (text: string) => void = () => {}): Promise<RenderOutcome> {
  const answers = new BuildAnswers(conn, print);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const outcome = render(answers);
    if (!answers.hasPending()) return outcome;
    await answers.fetchPending();
  }
  const outcome = render(answers);
  if (answers.hasPending() && outcome.ok) {
    return { ok: false, capture: outcome.capture, error: { file: '', severity: 'error', message: `the template kept asking the database new questions after ${MAX_ROUNDS} rounds` } };
  }
  return outcome;
}
