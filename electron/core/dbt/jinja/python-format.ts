import { splitArguments } from './python-call.js';

/** `str.format` as Python does it for the fields dbt templates use: `{}`, `{0}`, `{name}`, `{:>10}`, `{{`. */
export function pythonFormat(template: string, args: unknown[]): string {
  const { positional, keywords } = splitArguments(args);
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}:!]*)(?:![rsa])?(?::([^{}]*))?\}/g, (match, field: string | undefined, spec: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const key = field ?? '';
    const value = key === '' ? positional[auto++] : /^\d+$/.test(key) ? positional[Number(key)] : lookup(keywords, key);
    return applySpec(value, spec);
  });
}

function lookup(keywords: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], keywords);
}

function applySpec(value: unknown, spec: string | undefined): string {
  if (!spec) return display(value);
  const m = /^(?:(.)?([<>^]))?(0)?(\d+)?(?:\.(\d+))?([sdf%])?$/.exec(spec);
  if (!m) return display(value);
  const [, fill = ' ', align, zero, width, precision, type] = m;
  let text = type === 'f' ? Number(value).toFixed(Number(precision ?? 6)) : type === '%' ? `${(Number(value) * 100).toFixed(Number(precision ?? 6))}%` : precision && type !== 'd' && typeof value === 'number' ? value.toFixed(Number(precision)) : display(value);
  const w = Number(width ?? 0);
  if (text.length >= w) return text;
  const pad = zero ? '0' : fill;
  const direction = align ?? (typeof value === 'number' ? '>' : '<');
  if (direction === '<') text = text.padEnd(w, pad);
  else if (direction === '>') text = text.padStart(w, pad);
  else text = text.padStart(text.length + Math.floor((w - text.length) / 2), pad).padEnd(w, pad);
  return text;
}

/** How Python's str() shows a value: `None`, `True`, lists as `['a', 'b']`. */
export function display(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return `{${Object.entries(value).map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(', ')}}`;
  }
  return String(value);
}

function repr(value: unknown): string {
  return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : display(value);
}

/** Python's `'%s and %d' % (a, b)`. */
export function percentFormat(template: string, values: unknown): string {
  const list = Array.isArray(values) ? values : [values];
  let next = 0;
  return template.replace(/%(\([^)]*\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdirfgx%])/g, (match, name: string | undefined, _flags, width: string | undefined, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    const value = name ? (values as Record<string, unknown>)[name.slice(1, -1)] : list[next++];
    let text = type === 'd' || type === 'i' ? String(Math.trunc(Number(value))) : type === 'f' ? Number(value).toFixed(Number(precision ?? 6)) : type === 'r' ? repr(value) : display(value);
    if (width) text = text.padStart(Number(width));
    return text;
  });
}
