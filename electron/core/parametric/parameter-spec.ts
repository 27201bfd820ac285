import type { NodeConfig } from '../project/node-config.js';

/** How many values a parametric model may have unless its config says otherwise (`max_parameter_values`). */
export const DEFAULT_MAX_PARAMETER_VALUES = 1000;

/** A parameter name is also its column's name and its placeholder (`$as_of_month`). */
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type ParameterValuesSource =
  /** A query whose one column gives the values (run against the environment being built). */
  | { kind: 'query'; sql: string }
  /** Values written in the config: a literal list or a `var()`. */
  | { kind: 'list'; values: (string | number | boolean | null)[] };

/** A parametric model's `config(parameters={'name': <SQL or list>}, max_parameter_values=N)`. */
export interface ParameterSpec {
  name: string;
  values: ParameterValuesSource;
  maxValues: number;
}

export type ParameterSpecOutcome = { ok: true; spec: ParameterSpec } | { ok: false; problem: string };

/** The model's parameter, when its config declares one (`null` when it declares none). */
export function parameterSpec(config: NodeConfig): ParameterSpecOutcome | null {
  const declared = config.extra.parameters;
  if (declared === undefined || declared === null) return null;
  if (typeof declared !== 'object' || Array.isArray(declared)) {
    return { ok: false, problem: `parameters must map a parameter's name to a SQL query or a list of values, as in parameters={'as_of_month': "select ..."}` };
  }
  const entries = Object.entries(declared as Record<string, unknown>);
  if (entries.length !== 1) {
    return { ok: false, problem: `a parametric model takes exactly one parameter (this one declares ${entries.length}: ${entries.map(([n]) => n).join(', ') || 'none'})` };
  }
  const [name, source] = entries[0] as [string, unknown];
  if (!PARAMETER_NAME.test(name)) return { ok: false, problem: `parameter name '${name}' must be a plain identifier (letters, digits, underscores)` };
  const maxValues = config.extra.max_parameter_values ?? DEFAULT_MAX_PARAMETER_VALUES;
  if (typeof maxValues !== 'number' || !Number.isInteger(maxValues) || maxValues < 1) {
    return { ok: false, problem: `max_parameter_values must be a whole number of at least 1 (it is ${JSON.stringify(maxValues)})` };
  }
  if (config.materialized !== 'table') {
    return { ok: false, problem: `a parametric model is stored as a table of every value's rows: materialize it as 'table' (it is '${config.materialized}')` };
  }
  const values = valuesSource(name, source);
  return 'problem' in values ? { ok: false, problem: values.problem } : { ok: true, spec: { name, values, maxValues } };
}

function valuesSource(name: string, source: unknown): ParameterValuesSource | { problem: string } {
  if (typeof source === 'string') {
    if (source.trim() === '') return { problem: `parameter '${name}': its query is empty` };
    // Jinja inside the string is never rendered (as in dbt's config()): ref() must be outside it to be a dependency.
    if (/\{\{|\{%/.test(source)) {
      return { problem: `parameter '${name}': its query holds Jinja, which a config string does not render; build it outside the string, as in 'select month from ' ~ ref('months')` };
    }
    return { kind: 'query', sql: source.trim().replace(/;\s*$/, '') };
  }
  if (Array.isArray(source)) {
    const bad = source.find((v) => v !== null && !['string', 'number', 'boolean'].includes(typeof v));
    if (bad !== undefined) return { problem: `parameter '${name}': its list holds ${JSON.stringify(bad)}; values must be strings, numbers, booleans or null` };
    return { kind: 'list', values: source as (string | number | boolean | null)[] };
  }
  return { problem: `parameter '${name}' must be a SQL query (a string) or a list of values, not ${JSON.stringify(source)}` };
}

/** One line saying where a parametric model's values come from (what `assay compile` prints above its SQL). */
export function describeParameter(config: NodeConfig): string | null {
  const outcome = parameterSpec(config);
  if (!outcome?.ok) return null;
  const { name, values, maxValues } = outcome.spec;
  const from = values.kind === 'query' ? `the query: ${values.sql.replaceAll(/\s+/g, ' ')}` : `the list ${JSON.stringify(values.values)}`;
  return `parametric: run once per value of $${name} (bound, at most ${maxValues}) from ${from}`;
}
