/**
 * Python's `datetime` module as templates reach it through `modules.datetime`. Its classes are
 * callable functions (`datetime.datetime(2024, 1, 31)`) that also carry the class's alternate
 * constructors (`datetime.datetime.now()`), because templates use a class both ways.
 */
import { pyFunction } from '../../jinja/python-call.js';
import { dateClass, parseIsoDate } from './date.js';
import { clockFieldNames, clockFieldsOf, PyDatetime, requireTzinfo, type ClockFields } from './datetime.js';
import { PythonTypeError, PythonValueError } from './errors.js';
import { parseUtcOffset, strptime } from './strptime.js';
import { PyTimedelta, timedelta } from './timedelta.js';
import { FixedOffsetTimezone, localTimezone, utc, type PyTzinfo } from './timezones.js';
import { pythonStringRepr, requireNumber, requireString } from './values.js';

function nowMicroseconds(): bigint {
  return BigInt(Date.now()) * 1000n;
}

/** The clock in `tz` at an instant; without a zone, the naive local clock, as Python's `now()` and `fromtimestamp()` give. */
function clockAt(utcMicroseconds: bigint, tz: PyTzinfo | null): PyDatetime {
  const moment = PyDatetime.fromInstant(utcMicroseconds, tz ?? localTimezone());
  return tz === null ? naive(moment) : moment;
}

function naive(moment: PyDatetime): PyDatetime {
  return new PyDatetime(moment, null);
}

function timestampMicroseconds(timestamp: unknown): bigint {
  return BigInt(Math.round(requireNumber(timestamp, 'fromtimestamp() timestamp') * 1e6));
}

function offsetTimezone(utcOffsetSeconds: number | null): PyTzinfo | null {
  return utcOffsetSeconds === null ? null : new FixedOffsetTimezone(utcOffsetSeconds);
}

const ISO_DATETIME = /^(\d{4}-?\d{2}-?\d{2})(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,6})\d*)?)?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?)?$/;

/** The ISO 8601 forms Python 3.11's `datetime.fromisoformat` reads, `Z` included. */
function parseIsoDatetime(text: string): PyDatetime {
  const match = ISO_DATETIME.exec(text);
  if (!match) throw new PythonValueError(`Invalid isoformat string: ${pythonStringRepr(text)}`);
  const [, datePart, hour = '0', minute = '0', second = '0', fraction = '', offset] = match;
  const date = parseIsoDate(datePart!);
  const clock: ClockFields = { ...date, hour: Number(hour), minute: Number(minute), second: Number(second), microsecond: Number(fraction.padEnd(6, '0')) };
  return new PyDatetime(clock, offsetTimezone(offset === undefined ? null : parseUtcOffset(offset)));
}

const datetimeClass = Object.assign(
  pyFunction(
    { name: 'datetime', params: [...clockFieldNames, 'tzinfo'], defaults: { hour: 0, minute: 0, second: 0, microsecond: 0, tzinfo: null } },
    (a) => new PyDatetime(clockFieldsOf(a), requireTzinfo(a.tzinfo)),
  ),
  {
    now: pyFunction({ name: 'now', params: ['tz'], defaults: { tz: null } }, ({ tz }) => clockAt(nowMicroseconds(), requireTzinfo(tz))),
    utcnow: pyFunction({ name: 'utcnow', params: [] }, () => naive(clockAt(nowMicroseconds(), utc))),
    today: pyFunction({ name: 'today', params: [] }, () => clockAt(nowMicroseconds(), null)),
    fromtimestamp: pyFunction({ name: 'fromtimestamp', params: ['timestamp', 'tz'], defaults: { tz: null } }, (a) =>
      clockAt(timestampMicroseconds(a.timestamp), requireTzinfo(a.tz)),
    ),
    utcfromtimestamp: pyFunction({ name: 'utcfromtimestamp', params: ['timestamp'] }, (a) => naive(clockAt(timestampMicroseconds(a.timestamp), utc))),
    fromisoformat: pyFunction({ name: 'fromisoformat', params: ['date_string'] }, (a) => parseIsoDatetime(requireString(a.date_string, 'fromisoformat()'))),
    strptime: pyFunction({ name: 'strptime', params: ['date_string', 'format'] }, (a) => {
      const parsed = strptime(requireString(a.date_string, 'strptime() argument 1'), requireString(a.format, 'strptime() argument 2'));
      return new PyDatetime(parsed, offsetTimezone(parsed.utcOffsetSeconds));
    }),
  },
);

const timezoneClass = Object.assign(
  pyFunction({ name: 'timezone', params: ['offset', 'name'], defaults: { name: null } }, ({ offset, name }) => {
    if (!(offset instanceof PyTimedelta)) throw new PythonTypeError('timezone() argument 1 must be datetime.timedelta');
    if (offset.totalMicroseconds % 1_000_000n !== 0n) throw new PythonValueError('timezone offset must be a whole number of seconds');
    return new FixedOffsetTimezone(Number(offset.totalMicroseconds / 1_000_000n), name === null ? undefined : requireString(name, 'timezone() name'));
  }),
  { utc },
);

export const datetimeModule = {
  datetime: datetimeClass,
  date: dateClass,
  timedelta,
  timezone: timezoneClass,
  MINYEAR: 1,
  MAXYEAR: 9999,
};
