/**
 * How Jinja calls a JavaScript function, in Python's terms. A host function (one written in
 * TypeScript and handed to templates: `ref`, `adapter.dispatch`, `modules.re.sub`, a cross-database
 * macro) receives its positional arguments as plain JavaScript values and, when the call had
 * keyword arguments, one last `Kwargs` holding them. `bindArguments` maps both onto parameter
 * names as Python does, so that `dateadd('day', 1, 'd')` and `dateadd(datepart='day', interval=1,
 * from_date_or_timestamp='d')` reach the same code.
 *
 * Host objects may define `__add__`, `__sub__`, `__eq__`, `__lt__`, `__le__`, `__gt__`, `__ge__`
 * (and `__radd__`, `__rsub__`) to take part in Jinja's operators, and `__str__` for how they print;
 * without `__str__`, `toString()` is used.
 */
export class Kwargs {
  constructor(readonly values: Record<string, unknown>) {}
}

export interface SplitArguments {
  positional: unknown[];
  keywords: Record<string, unknown>;
}

export function splitArguments(args: readonly unknown[]): SplitArguments {
  const last = args[args.length - 1];
  if (last instanceof Kwargs) return { positional: args.slice(0, -1), keywords: { ...last.values } };
  return { positional: [...args], keywords: {} };
}

/** A parameter list as Python writes it: names, `name=default` via `defaults`, and `*args`/`**kwargs` catch-alls. */
export interface Signature {
  name: string;
  params: readonly string[];
  defaults?: Readonly<Record<string, unknown>>;
  /** Collect extra positional arguments under this name (Python's `*args`). */
  varargs?: string;
  /** Collect unknown keyword arguments under this name (Python's `**kwargs`). */
  kwargs?: string;
}

export class ArgumentError extends Error {}

/** Binds a call's arguments to `signature`'s parameters; missing ones without a default are an error naming the function. */
export function bindArguments(signature: Signature, args: readonly unknown[]): Record<string, unknown> {
  const { positional, keywords } = splitArguments(args);
  const bound: Record<string, unknown> = {};
  const { params } = signature;
  if (positional.length > params.length && !signature.varargs) {
    throw new ArgumentError(`${signature.name}() takes ${params.length} positional argument(s) but ${positional.length} were given`);
  }
  params.forEach((param, i) => {
    if (i < positional.length) bound[param] = positional[i];
  });
  if (signature.varargs) bound[signature.varargs] = positional.slice(params.length);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(keywords)) {
    if (params.includes(key)) {
      if (Object.hasOwn(bound, key)) throw new ArgumentError(`${signature.name}() got multiple values for argument '${key}'`);
      bound[key] = value;
    } else if (signature.kwargs) {
      extra[key] = value;
    } else {
      throw new ArgumentError(`${signature.name}() got an unexpected keyword argument '${key}'`);
    }
  }
  if (signature.kwargs) bound[signature.kwargs] = extra;
  for (const param of params) {
    if (Object.hasOwn(bound, param)) continue;
    if (signature.defaults && Object.hasOwn(signature.defaults, param)) bound[param] = signature.defaults[param];
    else throw new ArgumentError(`${signature.name}() missing required argument '${param}'`);
  }
  return bound;
}

/** A host function with a Python signature: `pyFunction({name: 'dateadd', params: [...]}, ({datepart}) => ...)`. */
export function pyFunction<T>(signature: Signature, body: (args: Record<string, unknown>) => T): (...args: unknown[]) => T {
  const fn = (...args: unknown[]) => body(bindArguments(signature, args));
  Object.defineProperty(fn, 'name', { value: signature.name });
  return fn;
}
