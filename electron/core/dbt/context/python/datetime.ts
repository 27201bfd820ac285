import { bindArguments } from '../../jinja/python-call.js';
import { checkDate, checkYearInRange, civilFromDays, daysFromCivil, floorDivide, isoCalendar, MICROSECONDS_PER_DAY, ORDINAL_OF_EPOCH, weekdayOf } from './calendar.js';
import { PyDate } from './date.js';
import { PythonTypeError, PythonValueError } from './errors.js';
import { strftime } from './strftime.js';
import { PyTimedelta, unorderable, unsupportedOperand } from './timedelta.js';
import { formatUtcOffset, localTimezone, PyTzinfo } from './timezones.js';
import { padNumber, pythonTypeName, requireInt, requireString } from './values.js';

export interface ClockFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

export const clockFieldNames = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'] as const;

/** The clock fields of a call's bound arguments, each required to be an integer. */
export function clockFieldsOf(bound: Record<string, unknown>): ClockFields {
  return Object.fromEntries(clockFieldNames.map((field) => [field, requireInt(bound[field], field)])) as unknown as ClockFields;
}

const clockLimits: [keyof ClockFields, number][] = [
  ['hour', 23],
  ['minute', 59],
  ['second', 59],
  ['microsecond', 999_999],
];

export function requireTzinfo(value: unknown): PyTzinfo | null {
  if (value === null || value === undefined || value instanceof PyTzinfo) return value ?? null;
  throw new PythonTypeError(`tzinfo argument must be None or of a tzinfo subclass, not type '${pythonTypeName(value)}'`);
}

/**
 * Python's `datetime.datetime`. It keeps the wall-clock fields and its zone; arithmetic with a
 * timedelta moves the wall clock (as Python does), while differences and comparisons of aware
 * datetimes are between instants.
 */
export class PyDatetime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
  readonly tzinfo: PyTzinfo | null;

  constructor(fields: ClockFields, tzinfo: PyTzinfo | null) {
    checkDate(fields.year, fields.month, fields.day);
    for (const [field, max] of clockLimits) {
      if (fields[field] < 0 || fields[field] > max) throw new PythonValueError(`${field} must be in 0..${max}`);
    }
    ({ year: this.year, month: this.month, day: this.day, hour: this.hour, minute: this.minute, second: this.second, microsecond: this.microsecond } = fields);
    this.tzinfo = tzinfo;
  }

  static fromWallMicroseconds(wall: bigint, tzinfo: PyTzinfo | null): PyDatetime {
    const days = floorDivide(wall, MICROSECONDS_PER_DAY);
    const { year, month, day } = civilFromDays(Number(days));
    checkYearInRange(year);
    const inDay = Number(wall - days * MICROSECONDS_PER_DAY);
    const seconds = Math.floor(inDay / 1e6);
    return new PyDatetime(
      { year, month, day, hour: Math.floor(seconds / 3600), minute: Math.floor(seconds / 60) % 60, second: seconds % 60, microsecond: inDay % 1e6 },
      tzinfo,
    );
  }

  /** The wall clock in `tzinfo` at an instant given in microseconds since the Unix epoch. */
  static fromInstant(utcMicroseconds: bigint, tzinfo: PyTzinfo): PyDatetime {
    const offset = tzinfo.offsetAtInstant(Number(floorDivide(utcMicroseconds, 1000n)));
    return PyDatetime.fromWallMicroseconds(utcMicroseconds + BigInt(offset) * 1_000_000n, tzinfo);
  }

  get pythonType(): string {
    return 'datetime.datetime';
  }

  get wallMicroseconds(): bigint {
    const seconds = daysFromCivil(this) * 86_400 + this.hour * 3600 + this.minute * 60 + this.second;
    return BigInt(seconds) * 1_000_000n + BigInt(this.microsecond);
  }

  get wallMilliseconds(): number {
    return Number(floorDivide(this.wallMicroseconds, 1000n));
  }

  /** Offset from UTC in seconds, or null for a naive datetime. */
  get offsetSeconds(): number | null {
    return this.tzinfo?.offsetAtWallTime(this.wallMilliseconds) ?? null;
  }

  /** The instant this names; a naive datetime is read as local time, as Python's `timestamp()` does. */
  get utcMicroseconds(): bigint {
    const offset = this.offsetSeconds ?? localTimezone().offsetAtWallTime(this.wallMilliseconds);
    return this.wallMicroseconds - BigInt(offset) * 1_000_000n;
  }

  strftime(...args: unknown[]): string {
    const { format } = bindArguments({ name: 'strftime', params: ['format'] }, args);
    const offset = this.offsetSeconds;
    const timezoneName = this.tzinfo === null ? null : this.tzinfo.nameAtInstant(this.wallMilliseconds - (offset ?? 0) * 1000);
    return strftime(requireString(format, 'strftime() format'), { ...this, utcOffsetSeconds: offset, timezoneName });
  }

  isoformat(...args: unknown[]): string {
    const { sep, timespec } = bindArguments({ name: 'isoformat', params: ['sep', 'timespec'], defaults: { sep: 'T', timespec: 'auto' } }, args);
    const offset = this.offsetSeconds;
    const zone = offset === null ? '' : formatUtcOffset(offset, ':');
    return `${this.date().isoformat()}${requireString(sep, 'isoformat() sep')}${this.#isoTime(timespec)}${zone}`;
  }

  date(): PyDate {
    return new PyDate(this.year, this.month, this.day);
  }

  replace(...args: unknown[]): PyDatetime {
    const defaults: Record<string, unknown> = { tzinfo: this.tzinfo };
    for (const field of clockFieldNames) defaults[field] = this[field];
    const changed = bindArguments({ name: 'replace', params: [...clockFieldNames, 'tzinfo'], defaults }, args);
    return new PyDatetime(clockFieldsOf(changed), requireTzinfo(changed.tzinfo));
  }

  /** The same instant on another zone's clock; a naive datetime is first read as local time. */
  astimezone(...args: unknown[]): PyDatetime {
    const { tz } = bindArguments({ name: 'astimezone', params: ['tz'], defaults: { tz: null } }, args);
    return PyDatetime.fromInstant(this.utcMicroseconds, requireTzinfo(tz) ?? localTimezone());
  }

  timestamp(): number {
    return Number(this.utcMicroseconds) / 1e6;
  }

  utcoffset(): PyTimedelta | null {
    const offset = this.offsetSeconds;
    return offset === null ? null : new PyTimedelta(BigInt(offset) * 1_000_000n);
  }

  tzname(): string | null {
    return this.tzinfo === null ? null : this.tzinfo.nameAtInstant(Number(floorDivide(this.utcMicroseconds, 1000n)));
  }

  weekday(): number {
    return weekdayOf(daysFromCivil(this));
  }

  isoweekday(): number {
    return this.weekday() + 1;
  }

  isocalendar(): [number, number, number] {
    return isoCalendar(this);
  }

  toordinal(): number {
    return daysFromCivil(this) + ORDINAL_OF_EPOCH;
  }

  __add__(other: unknown): PyDatetime {
    if (other instanceof PyTimedelta) return PyDatetime.fromWallMicroseconds(this.wallMicroseconds + other.totalMicroseconds, this.tzinfo);
    throw unsupportedOperand('+', this, other);
  }

  __radd__(other: unknown): PyDatetime {
    return this.__add__(other);
  }

  __sub__(other: unknown): PyDatetime | PyTimedelta {
    if (other instanceof PyTimedelta) return PyDatetime.fromWallMicroseconds(this.wallMicroseconds - other.totalMicroseconds, this.tzinfo);
    if (other instanceof PyDatetime) {
      if ((this.tzinfo === null) !== (other.tzinfo === null)) throw new PythonTypeError("can't subtract offset-naive and offset-aware datetimes");
      return new PyTimedelta(this.#comparable() - other.#comparable());
    }
    throw unsupportedOperand('-', this, other);
  }

  __eq__(other: unknown): boolean {
    if (!(other instanceof PyDatetime) || (this.tzinfo === null) !== (other.tzinfo === null)) return false;
    return this.#comparable() === other.#comparable();
  }

  __lt__(other: unknown): boolean {
    return this.#compare(other, '<') < 0;
  }

  __le__(other: unknown): boolean {
    return this.#compare(other, '<=') <= 0;
  }

  __gt__(other: unknown): boolean {
    return this.#compare(other, '>') > 0;
  }

  __ge__(other: unknown): boolean {
    return this.#compare(other, '>=') >= 0;
  }

  /** `2024-01-31 12:00:00+00:00`, as Python's `str()` prints. */
  __str__(): string {
    return this.isoformat(' ');
  }

  toString(): string {
    return this.__str__();
  }

  #isoTime(timespec: unknown): string {
    const hours = padNumber(this.hour, 2);
    const minutes = `${hours}:${padNumber(this.minute, 2)}`;
    const seconds = `${minutes}:${padNumber(this.second, 2)}`;
    switch (timespec) {
      case 'auto':
        return this.microsecond === 0 ? seconds : `${seconds}.${padNumber(this.microsecond, 6)}`;
      case 'hours':
        return hours;
      case 'minutes':
        return minutes;
      case 'seconds':
        return seconds;
      case 'milliseconds':
        return `${seconds}.${padNumber(Math.floor(this.microsecond / 1000), 3)}`;
      case 'microseconds':
        return `${seconds}.${padNumber(this.microsecond, 6)}`;
      default:
        throw new PythonValueError('Unknown timespec value');
    }
  }

  /** Naive datetimes compare by wall clock, aware ones by instant. */
  #comparable(): bigint {
    return this.tzinfo === null ? this.wallMicroseconds : this.utcMicroseconds;
  }

  #compare(other: unknown, operator: string): number {
    if (!(other instanceof PyDatetime)) throw unorderable(operator, this, other);
    if ((this.tzinfo === null) !== (other.tzinfo === null)) throw new PythonTypeError("can't compare offset-naive and offset-aware datetimes");
    const difference = this.#comparable() - other.#comparable();
    return difference < 0n ? -1 : difference > 0n ? 1 : 0;
  }
}
