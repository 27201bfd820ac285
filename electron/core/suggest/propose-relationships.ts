import type { TestDeclaration } from '../../../shared/project-types.js';
import type { ModelProfile, ProfiledColumn, SuggestedTest } from '../../../shared/suggest-types.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-project.js';
import type { EngineConnection } from '../engine/engine.js';
import type { CatalogEntry } from '../env/catalog.js';
import { quoteIdentifier as q } from '../sql/sql-text.js';
import { describeRelation, nodeRelation } from '../env/environment-reader.js';
import type { AlreadyDeclared } from './declared-tests.js';
import { formatCount, suggestion } from './suggestion.js';

export interface RelationshipInput {
  compiled: CompiledProject;
  conn: EngineConnection;
  entries: Map<string, CatalogEntry>;
  node: CompiledNode;
  relation: string;
  profile: ModelProfile;
  declared: AlreadyDeclared;
}

/**
 * Relationships guessed from key names and confirmed by the data: `customer_id` is looked for in
 * the built models and seeds whose name holds `customer` (dim_ first), where it must be unique
 * (declared so, or counted), and every non-null value of the model's column must be found there.
 * A column unique in the model is its own key, not a reference, and is left alone; so are the
 * model's descendants (a test on them would point downstream).
 */
export async function proposeRelationships(input: RelationshipInput): Promise<{ suggestions: SuggestedTest[]; notes: string[] }> {
  const { profile } = input;
  const suggestions: SuggestedTest[] = [];
  const notes: string[] = [];
  const downstream = descendantsOf(input.compiled, input.node.id);
  for (const column of profile.columns) {
    const stem = keyStem(column.name);
    const nonNull = profile.rows - column.nulls;
    if (!stem || nonNull === 0 || isOwnKey(column, nonNull) || input.declared('relationships', column.name)) continue;
    for (const parent of parentCandidates(input.compiled, input.node.id, stem, downstream)) {
      const parentRelation = nodeRelation(parent, input.entries);
      if (!parentRelation) continue;
      const field = (await describeRelation(input.conn, parentRelation)).find((c) => c.name.toLowerCase() === column.name.toLowerCase())?.name;
      if (!field || !(await isUniqueIn(input, parent, parentRelation, field))) continue;
      const orphans = await orphanCount(input.conn, input.relation, column.name, parentRelation, field);
      if (orphans.rows > 0) {
        notes.push(`${column.name}: ${formatCount(orphans.values)} value${orphans.values === 1 ? '' : 's'} (${formatCount(orphans.rows)} rows) not found in ${parent.name}.${field}, so no relationships test is proposed to it`);
        break;
      }
      const entry = { relationships: { to: `ref('${parent.name}')`, field } };
      suggestions.push(suggestion('relationships', column.name, entry, `all ${formatCount(nonNull)} non-null values found in ${parent.name}.${field} (0 orphans), a unique column`, parent.name));
      break;
    }
  }
  return { suggestions, notes };
}

/** `customer_id` → `customer`; null for a name that does not end like a key. */
export function keyStem(column: string): string | null {
  const match = /^(.+?)_?(id|key|sk)$/i.exec(column);
  const stem = match?.[1]?.replace(/_$/, '');
  return stem && stem.length >= 2 ? stem.toLowerCase() : null;
}

function isOwnKey(column: ProfiledColumn, nonNull: number): boolean {
  return column.distinctExact && column.distinct === nonNull && nonNull > 1;
}

function parentCandidates(compiled: CompiledProject, self: string, stem: string, downstream: Set<string>): CompiledNode[] {
  const named = [...compiled.nodes.values()].filter((n) => (n.kind === 'model' || n.kind === 'seed') && n.id !== self && !downstream.has(n.id) && n.name.toLowerCase().includes(stem));
  const rank = (n: CompiledNode) => (n.name.toLowerCase().startsWith('dim_') ? 0 : 1);
  return named.sort((a, b) => rank(a) - rank(b) || a.name.length - b.name.length || a.name.localeCompare(b.name));
}

async function isUniqueIn(input: RelationshipInput, parent: CompiledNode, relation: string, field: string): Promise<boolean> {
  const tests: TestDeclaration[] = input.compiled.project.tests;
  if (tests.some((t) => t.node === parent.id && t.kind === 'unique' && t.column?.toLowerCase() === field.toLowerCase() && !t.problem)) return true;
  const result = await input.conn.query(`SELECT count(${q(field)}) = count(DISTINCT ${q(field)}) AS is_unique FROM ${relation}`);
  if (!result.ok) throw new Error(`checking that ${parent.name}.${field} is unique: ${result.error}`);
  return result.rows[0]?.is_unique === true;
}

async function orphanCount(conn: EngineConnection, child: string, column: string, parent: string, field: string): Promise<{ rows: number; values: number }> {
  const sql = `SELECT count(*) AS n, count(DISTINCT c.${q(column)}) AS v FROM ${child} AS c WHERE c.${q(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} AS p WHERE p.${q(field)} = c.${q(column)})`;
  const result = await conn.query(sql);
  if (!result.ok) throw new Error(`looking for ${column} values missing from their parent: ${result.error}`);
  return { rows: Number(result.rows[0]?.n ?? 0), values: Number(result.rows[0]?.v ?? 0) };
}

function descendantsOf(compiled: CompiledProject, id: string): Set<string> {
  const found = new Set<string>();
  const walk = (from: string) => {
    for (const node of compiled.nodes.values()) {
      if (node.dependsOn.includes(from) && !found.has(node.id)) {
        found.add(node.id);
        walk(node.id);
      }
    }
  };
  walk(id);
  return found;
}
