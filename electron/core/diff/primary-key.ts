import type { CompiledProject } from '../compile/compiled-project.js';

/** The key a model's rows are matched by: `--primary-key`, else a `unique` test, else `unique_key`, else a `unique_combination` test. */
export function primaryKeyOf(compiled: CompiledProject | null, model: string, override?: string[]): string[] | null {
  if (override?.length) return override;
  if (!compiled) return null;
  const tests = compiled.project.tests.filter((t) => t.node === model);
  const unique = tests.find((t) => t.kind === 'unique' && t.column && !t.where);
  if (unique?.column) return [unique.column];
  const key = compiled.nodes.get(model)?.config.unique_key;
  if (key) return Array.isArray(key) ? key : key.split(',').map((k) => k.trim());
  const combination = tests.find((t) => t.kind === 'unique_combination' && Array.isArray(t.args.columns));
  return combination ? (combination.args.columns as unknown[]).map(String) : null;
}
