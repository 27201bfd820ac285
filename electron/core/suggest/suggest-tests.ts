import type { SuggestedTest, SuggestionTarget, TestSuggestions } from '../../../shared/suggest-types.js';
import type { CompiledNode, CompiledProject } from '../compile/compiled-project.js';
import { describeRelation, EnvironmentNotBuiltError, nodeRelation, withEnvironment } from '../env/environment-reader.js';
import { declaredTestsOf } from './declared-tests.js';
import { profileRelation } from './profile-relation.js';
import { proposeColumnTests } from './propose-column-tests.js';
import { proposeRelationships } from './propose-relationships.js';
import { proposeRowCountTest } from './propose-row-count-test.js';
import { findSchemaEntry, SuggestError } from './schema-entry.js';

export interface SuggestOptions {
  compiled: CompiledProject;
  projectRoot: string;
  /** The environment the model is read from (the branch's). */
  env: string;
  model: string;
}

/**
 * Profiles a built model and proposes the tests its data supports today, each with its evidence,
 * leaving out the tests it already declares. An empty table proposes nothing: no evidence rests
 * on zero rows.
 */
export async function suggestTests(options: SuggestOptions): Promise<TestSuggestions> {
  const node = modelNode(options.compiled, options.model);
  const declared = declaredTestsOf(options.compiled.project.tests, node);
  const result = await withEnvironment(options.projectRoot, options.env, async ({ conn, entries }) => {
    const relation = nodeRelation(node, entries);
    if (!relation) throw new SuggestError(`${node.name} is not built in environment '${options.env}': build it first (tests are suggested from its data)`);
    const profile = await profileRelation(conn, relation, await describeRelation(conn, relation), periodColumnOf(options.compiled, node.id));
    if (profile.rows === 0) return { profile, suggestions: [], notes: [`${node.name} is empty (0 rows) in '${options.env}': no test is suggested, as none would rest on any evidence`] };
    const related = await proposeRelationships({ compiled: options.compiled, conn, entries, node, relation, profile, declared });
    const rowCount = proposeRowCountTest(profile, declared);
    const suggestions = inColumnOrder([...proposeColumnTests(profile, declared), ...related.suggestions, ...rowCount.suggestions], profile.columns.map((c) => c.name));
    return { profile, suggestions, notes: [...related.notes, ...rowCount.notes] };
  }).catch((err: unknown) => {
    throw err instanceof EnvironmentNotBuiltError ? new SuggestError(`${err.message} (tests are suggested from the built data)`) : err;
  });
  return { node: node.id, env: options.env, ...result, target: await targetOf(options.compiled, node) };
}

export function modelNode(compiled: CompiledProject, model: string): CompiledNode {
  const node = compiled.nodes.get(model);
  if (!node || node.kind !== 'model') throw new SuggestError(`'${model}' is not a model of this project`);
  if (node.source.package) throw new SuggestError(`${model} belongs to the installed package ${node.source.package}: its YAML is not the project's to edit`);
  return node;
}

/** The period column of the model's own variation tests: row counts are proposed on the same one. */
function periodColumnOf(compiled: CompiledProject, node: string): string | undefined {
  for (const test of compiled.project.tests) {
    const period = test.node === node && test.kind === 'variation' ? (test.args.period as { column?: unknown } | undefined) : undefined;
    if (typeof period?.column === 'string') return period.column;
  }
  return undefined;
}

const kindOrder = ['not_null', 'unique', 'accepted_values', 'range', 'relationships', 'variation'];

function inColumnOrder(tests: SuggestedTest[], columns: string[]): SuggestedTest[] {
  const place = (t: SuggestedTest) => (t.column === undefined ? columns.length : columns.indexOf(t.column));
  return tests.sort((a, b) => place(a) - place(b) || kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
}

async function targetOf(compiled: CompiledProject, node: CompiledNode): Promise<SuggestionTarget> {
  try {
    const entry = await findSchemaEntry(compiled.project.root, compiled.project.paths.models, node.name, node.source.location.file);
    return { file: entry.file, declared: entry.index !== null, exists: entry.exists };
  } catch (err) {
    if (!(err instanceof SuggestError)) throw err;
    return { file: '', declared: false, exists: false, problem: err.message };
  }
}
