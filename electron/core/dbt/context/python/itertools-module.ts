/** The combinatoric part of Python's `itertools`, returning lists (arrays) where Python returns iterators. */
import { bindArguments, Kwargs, pyFunction } from '../../jinja/python-call.js';
import { PythonTypeError, PythonValueError } from './errors.js';
import { pythonTypeName, requireInt } from './values.js';

/** What Python would iterate: a list, the characters of a string, the keys of a dict. */
function items(value: unknown): unknown[] {
  if (Array.isArray(value)) return [...value];
  if (typeof value === 'string') return [...value];
  if (value instanceof Map) return [...value.keys()];
  if (value !== null && typeof value === 'object') {
    if (Symbol.iterator in value) return [...(value as Iterable<unknown>)];
    if (Object.getPrototypeOf(value) === Object.prototype) return Object.keys(value);
  }
  throw new PythonTypeError(`'${pythonTypeName(value)}' object is not iterable`);
}

function combinationsOf(pool: unknown[], size: number, start = 0): unknown[][] {
  if (size === 0) return [[]];
  const result: unknown[][] = [];
  for (let i = start; i <= pool.length - size; i++) {
    for (const rest of combinationsOf(pool, size - 1, i + 1)) result.push([pool[i], ...rest]);
  }
  return result;
}

function permutationsOf(pool: unknown[], size: number): unknown[][] {
  if (size === 0) return [[]];
  return pool.flatMap((item, i) => permutationsOf([...pool.slice(0, i), ...pool.slice(i + 1)], size - 1).map((rest) => [item, ...rest]));
}

function nonNegative(value: unknown, what: string): number {
  const size = requireInt(value, what);
  if (size < 0) throw new PythonValueError(`${what} must be non-negative`);
  return size;
}

export const itertoolsModule = {
  product: pyFunction({ name: 'product', params: [], varargs: 'iterables', kwargs: 'options' }, ({ iterables, options }) => {
    // `repeat` is keyword-only, which a Signature cannot say: bind the keywords on their own.
    const { repeat } = bindArguments({ name: 'product', params: ['repeat'], defaults: { repeat: 1 } }, [new Kwargs(options as Record<string, unknown>)]);
    const pools = (iterables as unknown[]).map(items);
    const repeated = Array.from({ length: nonNegative(repeat, 'repeat') }, () => pools).flat();
    return repeated.reduce<unknown[][]>((tuples, pool) => tuples.flatMap((tuple) => pool.map((item) => [...tuple, item])), [[]]);
  }),
  chain: Object.assign(
    pyFunction({ name: 'chain', params: [], varargs: 'iterables' }, ({ iterables }) => (iterables as unknown[]).flatMap(items)),
    { from_iterable: pyFunction({ name: 'from_iterable', params: ['iterable'] }, ({ iterable }) => items(iterable).flatMap(items)) },
  ),
  combinations: pyFunction({ name: 'combinations', params: ['iterable', 'r'] }, ({ iterable, r }) => combinationsOf(items(iterable), nonNegative(r, 'r'))),
  permutations: pyFunction({ name: 'permutations', params: ['iterable', 'r'], defaults: { r: null } }, ({ iterable, r }) => {
    const pool = items(iterable);
    const size = r === null ? pool.length : nonNegative(r, 'r');
    return size > pool.length ? [] : permutationsOf(pool, size);
  }),
  /** Runs of consecutive items with equal keys, as `[key, items]` pairs. */
  groupby: pyFunction({ name: 'groupby', params: ['iterable', 'key'], defaults: { key: null } }, ({ iterable, key }) => {
    if (key !== null && typeof key !== 'function') throw new PythonTypeError(`'${pythonTypeName(key)}' object is not callable`);
    const keyOf = (item: unknown) => (key === null ? item : (key as (item: unknown) => unknown)(item));
    const groups: [unknown, unknown[]][] = [];
    for (const item of items(iterable)) {
      const itemKey = keyOf(item);
      const last = groups.at(-1);
      if (last && samePythonValue(last[0], itemKey)) last[1].push(item);
      else groups.push([itemKey, [item]]);
    }
    return groups;
  }),
};

function samePythonValue(left: unknown, right: unknown): boolean {
  const equals = (left as { __eq__?: (other: unknown) => boolean } | null)?.__eq__;
  return typeof equals === 'function' ? equals.call(left, right) : left === right;
}
