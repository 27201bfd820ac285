/**
 * Time zones for `tzinfo`: fixed offsets (`datetime.timezone`, `pytz.utc`) and named IANA zones
 * (`pytz.timezone('Europe/Berlin')`), whose offsets come from Intl rather than a bundled database.
 */
import { Kwargs, bindArguments } from '../../jinja/python-call.js';
import { daysFromCivil } from './calendar.js';
import type { PyDatetime } from './datetime.js';
import { PythonTypeError, PythonValueError, UnknownTimeZoneError } from './errors.js';
import { PyTimedelta } from './timedelta.js';
import { padNumber } from './values.js';

const MILLISECONDS_PER_DAY = 86_400_000;

/** Recognised by shape: the datetime module imports this one, so this one cannot import it back. */
function asDatetime(value: unknown, method: string): PyDatetime {
  const candidate = value as Partial<PyDatetime> | null;
  if (typeof candidate?.astimezone !== 'function' || candidate.wallMilliseconds === undefined) {
    throw new PythonTypeError(`${method}() argument must be a datetime.datetime`);
  }
  return candidate as PyDatetime;
}

export abstract class PyTzinfo {
  /** Seconds east of UTC in force at the instant `utcMilliseconds`. */
  abstract offsetAtInstant(utcMilliseconds: number): number;

  /** The abbreviation shown by `%Z` at that instant. */
  abstract nameAtInstant(utcMilliseconds: number): string;

  abstract __str__(): string;

  get pythonType(): string {
    return 'datetime.tzinfo';
  }

  /**
   * Seconds east of UTC for a wall-clock time in this zone. A time the clock shows twice takes the
   * earlier reading, and a time skipped by a change takes the offset before it, as Python's `fold=0` does.
   */
  offsetAtWallTime(wallMilliseconds: number): number {
    const before = this.offsetAtInstant(wallMilliseconds - MILLISECONDS_PER_DAY);
    const after = this.offsetAtInstant(wallMilliseconds + MILLISECONDS_PER_DAY);
    if (this.offsetAtInstant(wallMilliseconds - before * 1000) === before) return before;
    if (this.offsetAtInstant(wallMilliseconds - after * 1000) === after) return after;
    return before;
  }

  utcoffset(...args: unknown[]): PyTimedelta | null {
    const { dt } = bindArguments({ name: 'utcoffset', params: ['dt'] }, args);
    if (dt === null || dt === undefined) return null;
    return new PyTimedelta(BigInt(this.offsetAtWallTime(asDatetime(dt, 'utcoffset').wallMilliseconds)) * 1_000_000n);
  }

  tzname(...args: unknown[]): string | null {
    const { dt } = bindArguments({ name: 'tzname', params: ['dt'] }, args);
    if (dt === null || dt === undefined) return null;
    const wall = asDatetime(dt, 'tzname').wallMilliseconds;
    return this.nameAtInstant(wall - this.offsetAtWallTime(wall) * 1000);
  }

  /** pytz's way to attach a zone to a naive datetime. */
  localize(...args: unknown[]): PyDatetime {
    const { dt } = bindArguments({ name: 'localize', params: ['dt', 'is_dst'], defaults: { is_dst: false } }, args);
    const naive = asDatetime(dt, 'localize');
    if (naive.tzinfo !== null) throw new PythonValueError('Not naive datetime (tzinfo is already set)');
    return naive.replace(new Kwargs({ tzinfo: this }));
  }

  /** pytz's correction after arithmetic: the same instant, read with the offset then in force. */
  normalize(...args: unknown[]): PyDatetime {
    const { dt } = bindArguments({ name: 'normalize', params: ['dt'] }, args);
    const aware = asDatetime(dt, 'normalize');
    if (aware.tzinfo === null) throw new PythonValueError('Naive time - no tzinfo set');
    return aware.astimezone(this);
  }

  toString(): string {
    return this.__str__();
  }
}

export class FixedOffsetTimezone extends PyTzinfo {
  readonly #offsetSeconds: number;
  readonly #name: string;

  constructor(offsetSeconds: number, name?: string) {
    super();
    this.#offsetSeconds = offsetSeconds;
    this.#name = name ?? (offsetSeconds === 0 ? 'UTC' : `UTC${formatUtcOffset(offsetSeconds, ':')}`);
  }

  override get pythonType(): string {
    return 'datetime.timezone';
  }

  offsetAtInstant(): number {
    return this.#offsetSeconds;
  }

  override offsetAtWallTime(): number {
    return this.#offsetSeconds;
  }

  nameAtInstant(): string {
    return this.#name;
  }

  override utcoffset(): PyTimedelta {
    return new PyTimedelta(BigInt(this.#offsetSeconds) * 1_000_000n);
  }

  override tzname(): string {
    return this.#name;
  }

  __str__(): string {
    return this.#name;
  }
}

export const utc = new FixedOffsetTimezone(0, 'UTC');

export class IanaTimezone extends PyTzinfo {
  readonly zone: string;
  readonly #clock: Intl.DateTimeFormat;
  readonly #abbreviation: Intl.DateTimeFormat;

  constructor(zone: string) {
    super();
    try {
      this.#clock = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
      this.#abbreviation = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' });
    } catch {
      throw new UnknownTimeZoneError(`'${zone}'`);
    }
    this.zone = zone;
  }

  override get pythonType(): string {
    return 'pytz.timezone';
  }

  offsetAtInstant(utcMilliseconds: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.#clock.formatToParts(new Date(utcMilliseconds))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wallDays = daysFromCivil({ year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1 });
    const wallSeconds = wallDays * 86_400 + (parts.hour ?? 0) * 3600 + (parts.minute ?? 0) * 60 + (parts.second ?? 0);
    return wallSeconds - Math.floor(utcMilliseconds / 1000);
  }

  nameAtInstant(utcMilliseconds: number): string {
    const name = this.#abbreviation.formatToParts(new Date(utcMilliseconds)).find((part) => part.type === 'timeZoneName')?.value;
    return name ?? this.zone;
  }

  __str__(): string {
    return this.zone;
  }
}

const namedZones = new Map<string, IanaTimezone>();

export function namedTimezone(zone: string): PyTzinfo {
  if (zone.toUpperCase() === 'UTC') return utc;
  let found = namedZones.get(zone);
  if (!found) {
    found = new IanaTimezone(zone);
    namedZones.set(zone, found);
  }
  return found;
}

/** The zone of the machine, which Python uses for naive times that must become instants. */
export function localTimezone(): PyTzinfo {
  return namedTimezone(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** `+0530` (or `+05:30` with a colon), with seconds only when there are any, as `%z` and `isoformat` print. */
export function formatUtcOffset(offsetSeconds: number, separator: '' | ':'): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const magnitude = Math.abs(offsetSeconds);
  const seconds = magnitude % 60;
  const hoursAndMinutes = `${padNumber(Math.floor(magnitude / 3600), 2)}${separator}${padNumber(Math.floor(magnitude / 60) % 60, 2)}`;
  return sign + hoursAndMinutes + (seconds === 0 ? '' : `${separator}${padNumber(seconds, 2)}`);
}
