import type { ProjectError, TestDeclaration } from '../../../shared/project-types.js';
import type { DbtRuntime } from '../dbt/dbt-runtime.js';
import type { MacroDefinition } from '../dbt/macro-namespaces.js';
import type { Project } from '../project/project.js';

/**
 * Tests whose kind is a generic test written in Jinja (`{% test name(model, column_name) %}`), in
 * the project (`positive_amount`) or a package (`dbt_utils.expression_is_true`). Each becomes a
 * query test: its SQL calls the test macro with the node, the column and the test's arguments,
 * and every row it returns is a failing row, as in dbt. A kind that names no test macro keeps its
 * declaration problem, and so runs as an error.
 */
export function resolveGenericTests(project: Project, runtime: DbtRuntime, errors: ProjectError[]): void {
  for (const test of project.tests) {
    if (!test.problem?.startsWith('unknown test kind')) continue;
    const macro = findTestMacro(runtime, test.kind);
    if (!macro) continue;
    const stale = test.problem;
    delete test.problem;
    test.sql = genericTestTemplate(test, macro);
    // Out of the project's own list too: the test is now resolved, and a second compile of this project must not find it unknown again.
    for (const list of [errors, project.errors]) {
      const at = list.findIndex((e) => e.message === stale && e.file === test.location.file && e.line === test.location.line);
      if (at >= 0) list.splice(at, 1);
    }
  }
}

function findTestMacro(runtime: DbtRuntime, kind: string): MacroDefinition | undefined {
  const dot = kind.lastIndexOf('.');
  if (dot > 0) return runtime.macros.find(`test_${kind.slice(dot + 1)}`, kind.slice(0, dot));
  const name = `test_${kind}`;
  return runtime.macros.find(name) ?? runtime.macros.namespaces().map((ns) => runtime.macros.find(name, ns)).find(Boolean);
}

/** `{{ pkg.test_x(model=ref('orders'), column_name='id', **fromjson('{...}')) }}`, with `where` as dbt applies it. */
function genericTestTemplate(test: TestDeclaration, macro: MacroDefinition): string {
  const source = /^source:([^.]+)\.(.+)$/.exec(test.node);
  const relation = source ? `source(${jinjaString(source[1] as string)}, ${jinjaString(source[2] as string)})` : `ref(${jinjaString(test.node)})`;
  const model = test.where ? `"(select * from " ~ ${relation} ~ " where " ~ ${jinjaString(test.where)} ~ ") dbt_subquery"` : relation;
  const args = { ...test.args };
  delete args.name;
  if (test.column !== undefined) args.column_name = test.column;
  const callee = macro.namespace === undefined ? macro.name : `${macro.namespace}.${macro.name}`;
  // dbt reads an argument written as a call of ref() or source() (`compare_model: ref('x')`) as that call.
  const calls = Object.entries(args).filter(([, v]) => typeof v === 'string' && /^\s*(ref|source)\(.*\)\s*$/s.test(v));
  for (const [key] of calls) delete args[key];
  const callArgs = calls.map(([key, v]) => `${key}=${String(v).trim()}, `).join('');
  return `{{ ${callee}(model=${model}, ${callArgs}**fromjson(${jinjaString(JSON.stringify(args))})) }}`;
}

function jinjaString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}
