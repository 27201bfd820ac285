/** Python's `strftime` directives (the C library's, in the C locale), including glibc's `%-d` for no padding. */
import { dayOfYear, daysFromCivil, isoCalendar, weekdayOf } from './calendar.js';
import { formatUtcOffset } from './timezones.js';
import { padNumber } from './values.js';

export interface StrftimeMoment {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** null for a naive time, which prints `%z` and `%Z` as nothing. */
  utcOffsetSeconds: number | null;
  timezoneName: string | null;
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A directive's text and, for numbers, the width it is zero-padded to (which `%-` drops). */
type Directive = (moment: StrftimeMoment) => string | [number, number];

const weekday = (m: StrftimeMoment) => weekdayOf(daysFromCivil(m));
const sundayBasedWeekday = (m: StrftimeMoment) => (weekday(m) + 1) % 7;
const hour12 = (m: StrftimeMoment) => (m.hour % 12 === 0 ? 12 : m.hour % 12);

const directives: Record<string, Directive> = {
  a: (m) => WEEKDAY_NAMES[weekday(m)]!.slice(0, 3),
  A: (m) => WEEKDAY_NAMES[weekday(m)]!,
  w: (m) => [sundayBasedWeekday(m), 1],
  u: (m) => [weekday(m) + 1, 1],
  d: (m) => [m.day, 2],
  e: (m) => String(m.day).padStart(2, ' '),
  b: (m) => MONTH_NAMES[m.month - 1]!.slice(0, 3),
  h: (m) => MONTH_NAMES[m.month - 1]!.slice(0, 3),
  B: (m) => MONTH_NAMES[m.month - 1]!,
  m: (m) => [m.month, 2],
  y: (m) => [m.year % 100, 2],
  Y: (m) => [m.year, 4],
  C: (m) => [Math.floor(m.year / 100), 2],
  G: (m) => [isoCalendar(m)[0], 4],
  V: (m) => [isoCalendar(m)[1], 2],
  H: (m) => [m.hour, 2],
  I: (m) => [hour12(m), 2],
  p: (m) => (m.hour < 12 ? 'AM' : 'PM'),
  M: (m) => [m.minute, 2],
  S: (m) => [m.second, 2],
  f: (m) => [m.microsecond, 6],
  j: (m) => [dayOfYear(m), 3],
  U: (m) => [Math.floor((dayOfYear(m) - 1 + 7 - sundayBasedWeekday(m)) / 7), 2],
  W: (m) => [Math.floor((dayOfYear(m) - 1 + 7 - weekday(m)) / 7), 2],
  z: (m) => (m.utcOffsetSeconds === null ? '' : formatUtcOffset(m.utcOffsetSeconds, '')),
  Z: (m) => m.timezoneName ?? '',
  c: (m) => strftime('%a %b %e %H:%M:%S %Y', m),
  x: (m) => strftime('%m/%d/%y', m),
  D: (m) => strftime('%m/%d/%y', m),
  X: (m) => strftime('%H:%M:%S', m),
  T: (m) => strftime('%H:%M:%S', m),
  R: (m) => strftime('%H:%M', m),
  F: (m) => strftime('%Y-%m-%d', m),
  n: () => '\n',
  t: () => '\t',
  '%': () => '%',
};

export function strftime(format: string, moment: StrftimeMoment): string {
  return format.replace(/%(-?)([\s\S])/g, (whole, unpadded: string, letter: string) => {
    const directive = directives[letter];
    if (!directive) return whole;
    const value = directive(moment);
    if (typeof value === 'string') return value;
    const [number, width] = value;
    return unpadded ? String(number) : (number < 0 ? '-' : '') + padNumber(number, width);
  });
}
