import { bindArguments, pyFunction } from '../../jinja/python-call.js';
import { checkDate, checkYearInRange, civilFromDays, daysFromCivil, isoCalendar, ORDINAL_OF_EPOCH, weekdayOf } from './calendar.js';
import { PythonValueError } from './errors.js';
import { strftime } from './strftime.js';
import { PyTimedelta, unorderable, unsupportedOperand } from './timedelta.js';
import { padNumber, pythonStringRepr, requireInt, requireNumber, requireString } from './values.js';

/** Python's `datetime.date`. */
export class PyDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;

  constructor(year: number, month: number, day: number) {
    checkDate(year, month, day);
    this.year = year;
    this.month = month;
    this.day = day;
  }

  static fromEpochDays(days: number): PyDate {
    const { year, month, day } = civilFromDays(days);
    checkYearInRange(year);
    return new PyDate(year, month, day);
  }

  get pythonType(): string {
    return 'datetime.date';
  }

  get epochDays(): number {
    return daysFromCivil(this);
  }

  strftime(...args: unknown[]): string {
    const { format } = bindArguments({ name: 'strftime', params: ['format'] }, args);
    const midnight = { hour: 0, minute: 0, second: 0, microsecond: 0, utcOffsetSeconds: null, timezoneName: null };
    return strftime(requireString(format, 'strftime() format'), { ...this, ...midnight });
  }

  isoformat(): string {
    return `${padNumber(this.year, 4)}-${padNumber(this.month, 2)}-${padNumber(this.day, 2)}`;
  }

  weekday(): number {
    return weekdayOf(this.epochDays);
  }

  isoweekday(): number {
    return this.weekday() + 1;
  }

  isocalendar(): [number, number, number] {
    return isoCalendar(this);
  }

  toordinal(): number {
    return this.epochDays + ORDINAL_OF_EPOCH;
  }

  replace(...args: unknown[]): PyDate {
    const changes = bindArguments(
      { name: 'replace', params: ['year', 'month', 'day'], defaults: { year: this.year, month: this.month, day: this.day } },
      args,
    );
    return new PyDate(requireInt(changes.year, 'year'), requireInt(changes.month, 'month'), requireInt(changes.day, 'day'));
  }

  /** Python adds only whole days of a timedelta to a date. */
  __add__(other: unknown): PyDate {
    if (other instanceof PyTimedelta) return PyDate.fromEpochDays(this.epochDays + other.days);
    throw unsupportedOperand('+', this, other);
  }

  __radd__(other: unknown): PyDate {
    return this.__add__(other);
  }

  __sub__(other: unknown): PyDate | PyTimedelta {
    if (other instanceof PyTimedelta) return PyDate.fromEpochDays(this.epochDays - other.days);
    if (other instanceof PyDate) return new PyTimedelta(BigInt(this.epochDays - other.epochDays) * 86_400_000_000n);
    throw unsupportedOperand('-', this, other);
  }

  __eq__(other: unknown): boolean {
    return other instanceof PyDate && this.epochDays === other.epochDays;
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

  __str__(): string {
    return this.isoformat();
  }

  toString(): string {
    return this.__str__();
  }

  #compare(other: unknown, operator: string): number {
    if (!(other instanceof PyDate)) throw unorderable(operator, this, other);
    return Math.sign(this.epochDays - other.epochDays);
  }
}

/** `YYYY-MM-DD` or `YYYYMMDD`, as Python 3.11's `date.fromisoformat` reads. */
export function parseIsoDate(text: string): PyDate {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (!match) throw new PythonValueError(`Invalid isoformat string: ${pythonStringRepr(text)}`);
  return new PyDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The callable `datetime.date` class: `date(2024, 1, 31)` and its alternate constructors. */
export const dateClass = Object.assign(
  pyFunction({ name: 'date', params: ['year', 'month', 'day'] }, (a) => new PyDate(requireInt(a.year, 'year'), requireInt(a.month, 'month'), requireInt(a.day, 'day'))),
  {
    today: pyFunction({ name: 'today', params: [] }, () => {
      const now = new Date();
      return new PyDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
    }),
    fromisoformat: pyFunction({ name: 'fromisoformat', params: ['date_string'] }, (a) => parseIsoDate(requireString(a.date_string, 'fromisoformat()'))),
    fromordinal: pyFunction({ name: 'fromordinal', params: ['ordinal'] }, (a) => PyDate.fromEpochDays(requireInt(a.ordinal, 'fromordinal()') - ORDINAL_OF_EPOCH)),
    fromtimestamp: pyFunction({ name: 'fromtimestamp', params: ['timestamp'] }, (a) => {
      const local = new Date(requireNumber(a.timestamp, 'fromtimestamp()') * 1000);
      return new PyDate(local.getFullYear(), local.getMonth() + 1, local.getDate());
    }),
  },
);
