import { toHost, toRuntime } from './host-values.js';
import { splitArguments } from './python-call.js';
import { display, percentFormat } from './python-format.js';
import { ArrayValue, ObjectValue, StringValue, UndefinedValue, type RuntimeValue } from './runtime-values.js';

/**
 * Jinja2 filters (and dbt's `as_*` filters) the engine lacks or applies to fewer types than Jinja2
 * does. A filter here takes precedence over the engine's own of the same name.
 */
export type ExtraFilter = (operand: RuntimeValue, args: unknown[], applyTest: (name: string, value: RuntimeValue, args: unknown[]) => boolean) => unknown;

const hostOf = (operand: RuntimeValue) => toHost(operand);
const listOf = (operand: RuntimeValue): unknown[] => {
  // Item by item: a host sequence (an agate table) is a list of its rows, not of its properties.
  if (operand instanceof ArrayValue) return (operand.value as RuntimeValue[]).map(toHost);
  const host = hostOf(operand);
  if (Array.isArray(host)) return host;
  if (typeof host === 'string') return [...host];
  if (host && typeof host === 'object') return Object.keys(host);
  return [];
};
const attribute = (item: unknown, path: string) => path.split('.').reduce<unknown>(attributeOf, item);

/** Jinja's `x.key`: the attribute, else the item (an agate row's `row.city` is `row['city']`). */
function attributeOf(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  const own = (value as Record<string, unknown>)[key];
  const getitem = (value as { __getitem__?: (k: unknown) => unknown }).__getitem__;
  if (own !== undefined || typeof getitem !== 'function') return own;
  try {
    return getitem.call(value, /^-?\d+$/.test(key) ? Number(key) : key);
  } catch {
    return undefined;
  }
}

function asBool(value: unknown): boolean {
  if (typeof value === 'string') return ['true', '1', 'yes', 'on'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

function asNative(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?\d*\.\d+(e-?\d+)?$/i.test(text)) return Number(text);
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (text === 'None') return null;
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text.replace(/'/g, '"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null'));
    } catch {
      return value;
    }
  }
  return value;
}

export const extraFilters: Record<string, ExtraFilter> = {
  d: (operand, [fallback, boolean]) => (operand instanceof UndefinedValue || (boolean === true && !operand.__bool__().value) ? (fallback ?? '') : operand),
  count: (operand) => listOf(operand).length,
  length: (operand) => (operand instanceof StringValue ? String(operand.value).length : listOf(operand).length),
  list: (operand) => listOf(operand),
  string: (operand) => (operand instanceof StringValue ? operand.value : operand instanceof ArrayValue || operand instanceof ObjectValue ? display(hostOf(operand)) : operand.toString()),
  lower: (operand) => String(operand instanceof StringValue ? operand.value : operand.toString()).toLowerCase(),
  upper: (operand) => String(operand instanceof StringValue ? operand.value : operand.toString()).toUpperCase(),
  trim: (operand, [chars]) => {
    const text = String(hostOf(operand) ?? '');
    if (chars === undefined) return text.trim();
    const set = String(chars);
    let from = 0;
    let to = text.length;
    while (from < to && set.includes(text[from] as string)) from++;
    while (to > from && set.includes(text[to - 1] as string)) to--;
    return text.slice(from, to);
  },
  replace: (operand, [old, replacement, count]) => {
    let text = String(hostOf(operand) ?? operand.toString());
    const limit = count === undefined ? Infinity : Number(count);
    let done = 0;
    let at = text.indexOf(String(old));
    while (at >= 0 && done < limit && String(old) !== '') {
      text = text.slice(0, at) + String(replacement) + text.slice(at + String(old).length);
      at = text.indexOf(String(old), at + String(replacement).length);
      done += 1;
    }
    return text;
  },
  join: (operand, args) => {
    const { positional, keywords } = splitArguments(args);
    const separator = String(positional[0] ?? keywords.d ?? '');
    const attr = (positional[1] ?? keywords.attribute) as string | undefined;
    return listOf(operand).map((item) => (attr ? attribute(item, attr) : item)).map((x) => (typeof x === 'string' ? x : display(x))).join(separator);
  },
  map: (operand, args, applyTest) => {
    const { positional, keywords } = splitArguments(args);
    const list = listOf(operand);
    if (keywords.attribute !== undefined) return list.map((item) => attribute(item, String(keywords.attribute)) ?? keywords.default);
    const [name, ...rest] = positional;
    return list.map((item) => applyFilterByName(String(name), item, rest, applyTest));
  },
  select: (operand, [test, ...rest], applyTest) => listOf(operand).filter((item) => (test === undefined ? Boolean(item) : applyTest(String(test), toRuntime(item), rest))),
  reject: (operand, [test, ...rest], applyTest) => listOf(operand).filter((item) => !(test === undefined ? Boolean(item) : applyTest(String(test), toRuntime(item), rest))),
  selectattr: (operand, [attr, test, ...rest], applyTest) =>
    listOf(operand).filter((item) => (test === undefined ? Boolean(attribute(item, String(attr))) : applyTest(String(test), toRuntime(attribute(item, String(attr))), rest))),
  rejectattr: (operand, [attr, test, ...rest], applyTest) =>
    listOf(operand).filter((item) => !(test === undefined ? Boolean(attribute(item, String(attr))) : applyTest(String(test), toRuntime(attribute(item, String(attr))), rest))),
  sum: (operand, args) => {
    const { keywords } = splitArguments(args);
    return listOf(operand).reduce<number>((total, item) => total + Number(keywords.attribute ? attribute(item, String(keywords.attribute)) : item), Number(keywords.start ?? 0));
  },
  min: (operand) => listOf(operand).reduce((a, b) => ((a as number) <= (b as number) ? a : b)),
  max: (operand) => listOf(operand).reduce((a, b) => ((a as number) >= (b as number) ? a : b)),
  round: (operand, [precision, method]) => {
    const factor = 10 ** Number(precision ?? 0);
    const value = Number(hostOf(operand)) * factor;
    const rounded = method === 'floor' ? Math.floor(value) : method === 'ceil' ? Math.ceil(value) : Math.round(value);
    return precision === undefined ? rounded / factor + 0.0 : rounded / factor;
  },
  abs: (operand) => Math.abs(Number(hostOf(operand))),
  format: (operand, args) => {
    const { positional, keywords } = splitArguments(args);
    return percentFormat(String(hostOf(operand)), Object.keys(keywords).length > 0 ? keywords : positional);
  },
  batch: (operand, [size, fill]) => {
    const out: unknown[][] = [];
    for (const item of listOf(operand)) {
      if (out.length === 0 || (out.at(-1) as unknown[]).length >= Number(size)) out.push([]);
      (out.at(-1) as unknown[]).push(item);
    }
    const last = out.at(-1);
    if (last && fill !== undefined) while (last.length < Number(size)) last.push(fill);
    return out;
  },
  wordcount: (operand) => String(hostOf(operand)).split(/\s+/).filter(Boolean).length,
  as_bool: (operand) => asBool(hostOf(operand)),
  as_number: (operand) => Number(hostOf(operand)),
  as_text: (operand) => (operand instanceof StringValue ? operand.value : display(hostOf(operand))),
  as_native: (operand) => asNative(hostOf(operand)),
  e: (operand) => operand,
  escape: (operand) => operand,
};

function applyFilterByName(name: string, item: unknown, args: unknown[], applyTest: Parameters<ExtraFilter>[2]): unknown {
  const filter = extraFilters[name];
  if (filter) return filter(toRuntime(item), args, applyTest);
  if (typeof item === 'string') {
    if (name === 'title') return item.replace(/\w\S*/g, (w) => w[0]?.toUpperCase() + w.slice(1).toLowerCase());
    if (name === 'capitalize') return item.charAt(0).toUpperCase() + item.slice(1).toLowerCase();
  }
  if (name === 'int') return Math.trunc(Number(item));
  if (name === 'float') return Number(item);
  throw new Error(`map('${name}'): Assay does not support the filter '${name}' here`);
}
