import { toHost, toHostArgument, toRuntime } from './host-values.js';
import { splitArguments } from './python-call.js';
import { ArrayValue, FunctionValue, NullValue, ObjectValue, StringValue, type RuntimeValue } from './runtime-values.js';
import { pythonFormat } from './python-format.js';

/**
 * Python's methods on lists, dicts and strings that dbt templates call and the engine lacks
 * (`cols.append(c)`, `d.update(x)`, `'{}_{}'.format(a, b)`, `s.strip('"')`). Lists and dicts are
 * changed in place, as in Python: `{% do cols.append(c) %}` is how dbt macros build lists.
 */
type Method = (self: RuntimeValue, args: unknown[], raw: RuntimeValue[]) => unknown;

const listMethods: Record<string, Method> = {
  append: (self, _args, [item]) => void items(self).push(item ?? new NullValue()),
  extend: (self, _args, [more]) => void items(self).push(...((more?.value as RuntimeValue[] | undefined) ?? [])),
  insert: (self, [index], [, item]) => void items(self).splice(Number(index), 0, item ?? new NullValue()),
  pop: (self, [index]) => {
    const list = items(self);
    if (list.length === 0) throw new Error('pop from empty list');
    return list.splice(index === undefined ? -1 : Number(index), 1)[0];
  },
  remove: (self, [item]) => {
    const list = items(self);
    const at = list.findIndex((x) => equalHost(toHost(x), item));
    if (at < 0) throw new Error('list.remove(x): x not in list');
    list.splice(at, 1);
  },
  index: (self, [item]) => {
    const at = items(self).findIndex((x) => equalHost(toHost(x), item));
    if (at < 0) throw new Error(`${JSON.stringify(item)} is not in list`);
    return at;
  },
  count: (self, [item]) => items(self).filter((x) => equalHost(toHost(x), item)).length,
  reverse: (self) => void items(self).reverse(),
  copy: (self) => new ArrayValue([...items(self)]),
  clear: (self) => void items(self).splice(0),
};

const dictMethods: Record<string, Method> = {
  update: (self, args) => {
    const { positional, keywords } = splitArguments(args);
    const map = entries(self);
    for (const source of positional) for (const [k, v] of Object.entries(source as object)) map.set(k, toRuntime(v));
    for (const [k, v] of Object.entries(keywords)) map.set(k, toRuntime(v));
  },
  setdefault: (self, [key, fallback]) => {
    const map = entries(self);
    if (!map.has(String(key))) map.set(String(key), toRuntime(fallback ?? null));
    return map.get(String(key));
  },
  pop: (self, [key, fallback]) => {
    const map = entries(self);
    const value = map.get(String(key));
    if (value === undefined) {
      if (fallback === undefined) throw new Error(`KeyError: '${String(key)}'`);
      return fallback;
    }
    map.delete(String(key));
    return value;
  },
  copy: (self) => new ObjectValue(new Map(entries(self))),
  has_key: (self, [key]) => entries(self).has(String(key)),
  clear: (self) => void entries(self).clear(),
};

const stripSet = (chars: unknown) => (chars === undefined || chars === null ? /\s/ : null);
function strip(text: string, chars: unknown, start: boolean, end: boolean): string {
  const ws = stripSet(chars);
  const drop = (c: string) => (ws ? ws.test(c) : String(chars).includes(c));
  let from = 0;
  let to = text.length;
  while (start && from < to && drop(text[from] as string)) from++;
  while (end && to > from && drop(text[to - 1] as string)) to--;
  return text.slice(from, to);
}

const stringMethods: Record<string, Method> = {
  format: (self, args) => pythonFormat(String(self.value), args),
  join: (self, [list]) => (list as unknown[]).map((x) => (typeof x === 'string' ? x : String(x))).join(String(self.value)),
  strip: (self, [chars]) => strip(String(self.value), chars, true, true),
  lstrip: (self, [chars]) => strip(String(self.value), chars, true, false),
  rstrip: (self, [chars]) => strip(String(self.value), chars, false, true),
  find: (self, [sub]) => String(self.value).indexOf(String(sub)),
  rfind: (self, [sub]) => String(self.value).lastIndexOf(String(sub)),
  index: (self, [sub]) => {
    const at = String(self.value).indexOf(String(sub));
    if (at < 0) throw new Error('substring not found');
    return at;
  },
  count: (self, [sub]) => String(self.value).split(String(sub)).length - 1,
  isdigit: (self) => /^\d+$/.test(String(self.value)),
  isnumeric: (self) => /^\d+$/.test(String(self.value)),
  isdecimal: (self) => /^\d+$/.test(String(self.value)),
  isalpha: (self) => /^[\p{L}]+$/u.test(String(self.value)),
  isalnum: (self) => /^[\p{L}\d]+$/u.test(String(self.value)),
  isupper: (self) => /\p{Lu}/u.test(String(self.value)) && String(self.value) === String(self.value).toUpperCase(),
  islower: (self) => /\p{Ll}/u.test(String(self.value)) && String(self.value) === String(self.value).toLowerCase(),
  isspace: (self) => /^\s+$/.test(String(self.value)),
  zfill: (self, [width]) => String(self.value).padStart(Number(width), '0'),
  ljust: (self, [width, fill]) => String(self.value).padEnd(Number(width), String(fill ?? ' ')),
  rjust: (self, [width, fill]) => String(self.value).padStart(Number(width), String(fill ?? ' ')),
  center: (self, [width]) => {
    const text = String(self.value);
    const total = Math.max(0, Number(width) - text.length);
    return ' '.repeat(Math.floor(total / 2)) + text + ' '.repeat(Math.ceil(total / 2));
  },
  splitlines: (self) => String(self.value).split(/\r?\n/),
  casefold: (self) => String(self.value).toLowerCase(),
  swapcase: (self) => [...String(self.value)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  partition: (self, [sep]) => {
    const text = String(self.value);
    const at = text.indexOf(String(sep));
    return at < 0 ? [text, '', ''] : [text.slice(0, at), String(sep), text.slice(at + String(sep).length)];
  },
  rsplit: (self, [sep, maxsplit]) => {
    const parts = String(self.value).split(sep === undefined || sep === null ? /\s+/ : String(sep));
    const max = maxsplit === undefined ? -1 : Number(maxsplit);
    if (max < 0 || parts.length <= max + 1) return parts;
    return [parts.slice(0, parts.length - max).join(String(sep)), ...parts.slice(parts.length - max)];
  },
  encode: (self) => String(self.value),
  decode: (self) => String(self.value),
};

function items(self: RuntimeValue): RuntimeValue[] {
  return self.value as RuntimeValue[];
}
function entries(self: RuntimeValue): Map<string, RuntimeValue> {
  return self.value as Map<string, RuntimeValue>;
}
function equalHost(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** The Python method `name` of `self`, bound, or undefined when Assay adds none (the engine's own are used then). */
export function pythonMethod(self: RuntimeValue, name: string): RuntimeValue | undefined {
  const table = self instanceof ArrayValue ? listMethods : self instanceof ObjectValue ? dictMethods : self instanceof StringValue ? stringMethods : undefined;
  const method = table && Object.hasOwn(table, name) ? table[name] : undefined;
  if (!method) return undefined;
  return new FunctionValue((args: RuntimeValue[]) => {
    const result = method(self, args.map(toHostArgument), args);
    return result === undefined ? new NullValue() : toRuntime(result);
  });
}
