import type { ProjectError } from '../../../shared/project-types.js';
import { Relation } from './context/relation.js';
import { DbtRuntime, type RuntimeOptions } from './dbt-runtime.js';

/** Keys whose Jinja dbt keeps for later (hooks render when they run, with the node's context). */
const renderedLater = new Set(['pre-hook', 'post-hook', 'pre_hook', 'post_hook', '+pre-hook', '+post-hook', '+pre_hook', '+post_hook', 'on-run-start', 'on-run-end']);

export interface YamlRenderInput extends Pick<RuntimeOptions, 'projectName' | 'vars' | 'cliVars' | 'env' | 'target' | 'allowSecrets'> {
  file: string;
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/**
 * Renders the Jinja in a YAML tree as dbt renders dbt_project.yml: every string holding `{{` or
 * `{%` is rendered with dbt's base context (var, env_var, target, ...), and the result is read
 * back as a native value (`"{{ var('on', false) }}"` is the boolean false). Hooks stay as written.
 * A value that fails to render is an error naming the file and line, and is left as written.
 */
export function renderYamlTree<T>(tree: T, path: (string | number)[], input: YamlRenderInput): { value: T; errors: ProjectError[] } {
  const errors: ProjectError[] = [];
  let runtime: DbtRuntime | undefined;
  const render = (text: string, at: (string | number)[]): unknown => {
    runtime ??= new DbtRuntime({ ...input, macros: [] });
    const outcome = runtime.render({
      file: input.file,
      template: text,
      name: '',
      resourceType: 'yaml',
      config: {},
      isIncremental: false,
      resolveRef: () => undefined,
      resolveSource: () => undefined,
      thisRelation: new Relation({}),
    });
    if (outcome.ok) return nativeValue(outcome.sql);
    errors.push({ file: input.file, line: input.lineOf(at), severity: 'error', message: `${at.join('.')}: ${outcome.error.message}` });
    return text;
  };
  const visit = (value: unknown, at: (string | number)[]): unknown => {
    if (typeof value === 'string') return /\{\{|\{%/.test(value) ? render(value, at) : value;
    if (Array.isArray(value)) return value.map((item, i) => visit(item, [...at, i]));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderedLater.has(key) ? item : visit(item, [...at, key])]));
    }
    return value;
  };
  return { value: visit(tree, path) as T, errors };
}

/** How dbt's native rendering reads a rendered string back: booleans, none and numbers become values. */
export function nativeValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'True' || trimmed === 'true') return true;
  if (trimmed === 'False' || trimmed === 'false') return false;
  if (trimmed === 'None' || trimmed === '') return trimmed === '' ? '' : null;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}
