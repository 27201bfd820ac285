import { ArgumentError, pyFunction } from '../../jinja/python-call.js';

/** A cross-database macro: called the way Jinja calls host functions, it returns the SQL it renders to. */
export type CrossDatabaseMacro = (...args: unknown[]) => string;

/** The bound arguments of one macro call, read as the SQL text dbt would interpolate with `{{ }}`. */
export class SqlArguments {
  constructor(
    private readonly macro: string,
    private readonly bound: Record<string, unknown>,
  ) {}

  value(param: string): unknown {
    return this.bound[param];
  }

  text(param: string): string {
    return sqlText(this.bound[param], `${this.macro}() argument '${param}'`);
  }

  /** A date part such as `day` or `quarter`: it is spliced into SQL unquoted, so only a bare word is accepted. */
  datepart(param: string): string {
    const datepart = this.text(param).trim().toLowerCase();
    if (!/^[a-z_]+$/.test(datepart)) throw new ArgumentError(`${this.macro}(): '${datepart}' is not a date part`);
    return datepart;
  }

  list(param: string): unknown[] {
    const value = this.bound[param];
    if (!Array.isArray(value)) throw new ArgumentError(`${this.macro}() argument '${param}' must be a list`);
    return value;
  }

  /** Python truthiness, which is how dbt's macros test optional arguments (`{% if limit_num %}`). */
  given(param: string): boolean {
    const value = this.bound[param];
    if (Array.isArray(value)) return value.length > 0;
    return value !== null && value !== undefined && value !== false && value !== 0 && value !== '';
  }
}

export function sqlMacro(
  name: string,
  params: readonly string[],
  render: (args: SqlArguments) => string,
  defaults?: Readonly<Record<string, unknown>>,
): CrossDatabaseMacro {
  return pyFunction({ name, params, defaults }, (bound) => render(new SqlArguments(name, bound)));
}

/** How a value prints into SQL: strings are SQL already, numbers print as numbers, host objects through `__str__`. */
export function sqlText(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) throw new ArgumentError(`${what} is None; expected SQL text`);
  const printable = value as { __str__?: () => string };
  if (typeof printable.__str__ === 'function') return printable.__str__();
  if (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype) {
    throw new ArgumentError(`${what} must be SQL text, not a ${Array.isArray(value) ? 'list' : 'dict'}`);
  }
  return String(value);
}
