/** Python's `datetime.strptime`: a format's directives become one regular expression over the whole text. */
import { civilFromDays, daysFromCivil } from './calendar.js';
import { PythonValueError } from './errors.js';
import { MONTH_NAMES, WEEKDAY_NAMES } from './strftime.js';
import { pythonStringRepr } from './values.js';

export interface ParsedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Set only by `%z`; Python leaves the result naive otherwise, `%Z` included. */
  utcOffsetSeconds: number | null;
}

interface Fields {
  year?: number;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hour?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  microsecond?: number;
  utcOffsetSeconds?: number;
}

interface Directive {
  pattern: string;
  apply?: (fields: Fields, text: string) => void;
}

const monthNames = [...MONTH_NAMES, ...MONTH_NAMES.map((name) => name.slice(0, 3))].join('|');
const weekdayNames = [...WEEKDAY_NAMES, ...WEEKDAY_NAMES.map((name) => name.slice(0, 3))].join('|');
const monthOf = (text: string) => MONTH_NAMES.findIndex((name) => name.slice(0, 3).toLowerCase() === text.slice(0, 3).toLowerCase()) + 1;

const directives: Record<string, Directive> = {
  Y: { pattern: '\\d{4}', apply: (f, t) => (f.year = Number(t)) },
  y: { pattern: '\\d{2}', apply: (f, t) => (f.year = Number(t) + (Number(t) < 69 ? 2000 : 1900)) },
  m: { pattern: '\\d{1,2}', apply: (f, t) => (f.month = Number(t)) },
  b: { pattern: monthNames, apply: (f, t) => (f.month = monthOf(t)) },
  d: { pattern: '\\d{1,2}', apply: (f, t) => (f.day = Number(t)) },
  j: { pattern: '\\d{1,3}', apply: (f, t) => (f.dayOfYear = Number(t)) },
  H: { pattern: '\\d{1,2}', apply: (f, t) => (f.hour = Number(t)) },
  I: { pattern: '\\d{1,2}', apply: (f, t) => (f.hour12 = Number(t)) },
  p: { pattern: 'am|pm', apply: (f, t) => (f.pm = t.toLowerCase() === 'pm') },
  M: { pattern: '\\d{1,2}', apply: (f, t) => (f.minute = Number(t)) },
  S: { pattern: '\\d{1,2}', apply: (f, t) => (f.second = Number(t)) },
  f: { pattern: '\\d{1,6}', apply: (f, t) => (f.microsecond = Number(t.padEnd(6, '0'))) },
  z: { pattern: 'Z|[+-]\\d{2}:?\\d{2}(?::?\\d{2}(?:\\.\\d{1,6})?)?', apply: (f, t) => (f.utcOffsetSeconds = parseUtcOffset(t)) },
  Z: { pattern: '[A-Za-z]{3,5}' },
  a: { pattern: weekdayNames },
  w: { pattern: '\\d' },
  u: { pattern: '\\d' },
  U: { pattern: '\\d{1,2}' },
  W: { pattern: '\\d{1,2}' },
  '%': { pattern: '%' },
};
directives.B = directives.b!;
directives.h = directives.b!;
directives.A = directives.a!;
directives.e = directives.d!;

const compositeDirectives: Record<string, string> = {
  c: '%a %b %d %H:%M:%S %Y',
  x: '%m/%d/%y',
  D: '%m/%d/%y',
  X: '%H:%M:%S',
  T: '%H:%M:%S',
  R: '%H:%M',
  F: '%Y-%m-%d',
};

/** `+05:30`, `-0800`, `Z` as seconds east of UTC. */
export function parseUtcOffset(text: string): number {
  if (text === 'Z') return 0;
  const [, sign, hours, minutes, seconds] = /^([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?/.exec(text) ?? [];
  const magnitude = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds ?? 0);
  return sign === '-' ? -magnitude : magnitude;
}

function compileFormat(format: string): { regex: RegExp; appliers: Directive['apply'][] } {
  const expanded = format.replace(/%([cxDXTRF])/g, (_, letter: string) => compositeDirectives[letter]!);
  const appliers: Directive['apply'][] = [];
  let source = '';
  for (let i = 0; i < expanded.length; i++) {
    const char = expanded[i]!;
    if (char === '%') {
      const letter = expanded[++i];
      const directive = letter === undefined ? undefined : directives[letter];
      if (!directive) throw new PythonValueError(`'${letter ?? ''}' is a bad directive in format '${format}'`);
      source += `(${directive.pattern})`;
      appliers.push(directive.apply);
    } else if (/\s/.test(char)) {
      source += '\\s+';
      while (/\s/.test(expanded[i + 1] ?? '')) i++;
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return { regex: new RegExp(`^${source}`, 'i'), appliers };
}

export function strptime(text: string, format: string): ParsedTime {
  const { regex, appliers } = compileFormat(format);
  const match = regex.exec(text);
  if (!match) throw new PythonValueError(`time data ${pythonStringRepr(text)} does not match format ${pythonStringRepr(format)}`);
  if (match[0].length < text.length) throw new PythonValueError(`unconverted data remains: ${text.slice(match[0].length)}`);
  const fields: Fields = {};
  appliers.forEach((apply, i) => apply?.(fields, match[i + 1]!));
  const year = fields.year ?? 1900;
  let { month = 1, day = 1 } = fields;
  if (fields.dayOfYear !== undefined && fields.month === undefined && fields.day === undefined) {
    ({ month, day } = civilFromDays(daysFromCivil({ year, month: 1, day: 1 }) + fields.dayOfYear - 1));
  }
  const hour = fields.hour12 === undefined ? (fields.hour ?? 0) : (fields.hour12 % 12) + (fields.pm ? 12 : 0);
  return {
    year,
    month,
    day,
    hour,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
    microsecond: fields.microsecond ?? 0,
    utcOffsetSeconds: fields.utcOffsetSeconds ?? null,
  };
}
