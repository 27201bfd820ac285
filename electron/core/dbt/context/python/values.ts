import { PythonTypeError } from './errors.js';

/** The Python type name of a value as templates see it, for error messages. Host classes name themselves with `pythonType`. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'function') return 'function';
  const named = (value as { pythonType?: unknown }).pythonType;
  return typeof named === 'string' ? named : 'dict';
}

export function requireInt(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw new PythonTypeError(`${what}: integer argument expected, got ${pythonTypeName(value)}`);
}

export function requireNumber(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  throw new PythonTypeError(`${what}: number expected, got ${pythonTypeName(value)}`);
}

export function requireString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  throw new PythonTypeError(`${what}: str expected, got ${pythonTypeName(value)}`);
}

/** Python's `repr` of a string: quoted, with escapes for what would not print. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let body = '';
  for (const char of text) {
    if (char === '\\' || char === quote) body += `\\${char}`;
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (char === '\t') body += '\\t';
    else if (char < ' ' || char === '\x7f') body += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
    else body += char;
  }
  return quote + body + quote;
}

/** What Python's `str()` prints for a value handed back by a template callback. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  const printable = value as { __str__?: () => string };
  if (typeof printable.__str__ === 'function') return printable.__str__();
  return String(value);
}

export function padNumber(value: number, width: number): string {
  return String(Math.abs(value)).padStart(width, '0');
}
