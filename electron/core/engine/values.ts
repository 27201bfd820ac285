/**
 * The one conversion from DuckDB's physical values to `SqlValue`, shared by both engines. Each engine
 * only decodes its own wire format (node-api value objects, Arrow buffers) into the raw parts taken
 * here, so that both produce the same output for the same value:
 *
 * - BIGINT, HUGEINT, UBIGINT, BIGNUM...: a number when within ±Number.MAX_SAFE_INTEGER, else a decimal string.
 * - DECIMAL(p,s): a number; a scale-0 DECIMAL beyond the safe range follows the integer rule instead
 *   (DuckDB-Wasm reports HUGEINT this way in some configurations, and it keeps DECIMAL(38,0) keys exact).
 * - DATE: `YYYY-MM-DD`. TIME: `HH:MM:SS`, with `.fff...` only when there are fractional seconds.
 * - TIMESTAMP (and _S, _MS, _NS): `YYYY-MM-DDTHH:MM:SS[.fff...]`, ISO 8601 with no zone suffix, since the
 *   value has no zone. TIMESTAMP WITH TIME ZONE: the same in UTC with a `Z` suffix. Fractions drop
 *   trailing zeros, so strings of one column still sort chronologically. Years outside 0000-9999 use
 *   ISO 8601's expanded form (`+10000-01-01`, `-0001-01-01`, astronomical numbering: 0000 is 1 BC).
 *   DuckDB's infinite dates and timestamps become `infinity` / `-infinity`.
 * - TIME WITH TIME ZONE: `HH:MM:SS[.ffffff]+HH:MM`.
 * - BLOB: base64. INTERVAL: `{ months, days, micros }`. UUID, BIT: DuckDB's text form.
 * - LIST and ARRAY: arrays. STRUCT: objects. MAP: an array of `{ key, value }` entries (keys need not be
 *   strings). UNION: `{ tag, value }`.
 */
import type { SqlValue } from './engine.js';

export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

const UNITS_PER_SECOND: Record<TimeUnit, bigint> = { s: 1n, ms: 1_000n, us: 1_000_000n, ns: 1_000_000_000n };
const FRACTION_DIGITS: Record<TimeUnit, number> = { s: 0, ms: 3, us: 6, ns: 9 };
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DATE_INFINITY = 2 ** 31 - 1;
const TIMESTAMP_INFINITY = 2n ** 63n - 1n;

export function integerValue(value: bigint): number | string {
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : value.toString();
}

export function decimalValue(unscaled: bigint, scale: number): number | string {
  if (scale === 0) return integerValue(unscaled);
  // Going through the decimal text rounds correctly, where unscaled / 10 ** scale could be off by an ulp.
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return Number(unscaled < 0n ? `-${text}` : text);
}

export function dateValue(days: number): string {
  if (days === DATE_INFINITY) return 'infinity';
  if (days === -DATE_INFINITY) return '-infinity';
  return formatDate(days);
}

export function timestampValue(value: bigint, unit: TimeUnit, utc: boolean): string {
  if (value === TIMESTAMP_INFINITY) return 'infinity';
  if (value === -TIMESTAMP_INFINITY) return '-infinity';
  const perDay = 86_400n * UNITS_PER_SECOND[unit];
  let days = value / perDay;
  let rest = value % perDay;
  if (rest < 0n) {
    days -= 1n;
    rest += perDay;
  }
  return `${formatDate(Number(days))}T${formatTimeOfDay(rest, unit)}${utc ? 'Z' : ''}`;
}

export function timeValue(value: bigint, unit: TimeUnit = 'us'): string {
  return formatTimeOfDay(value, unit);
}

export function timeTzValue(micros: bigint, offsetSeconds: number): string {
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const seconds = abs % 60;
  const offset = `${pad(Math.floor(abs / 3600), 2)}:${pad(Math.floor(abs / 60) % 60, 2)}${seconds ? `:${pad(seconds, 2)}` : ''}`;
  return `${formatTimeOfDay(micros, 'us')}${sign}${offset}`;
}

export function intervalValue(months: number, days: number, micros: bigint): SqlValue {
  return { months, days, micros: integerValue(micros) };
}

export function blobValue(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function formatTimeOfDay(value: bigint, unit: TimeUnit): string {
  const perSecond = UNITS_PER_SECOND[unit];
  const totalSeconds = Number(value / perSecond);
  const fraction = value % perSecond;
  const hms = `${pad(Math.floor(totalSeconds / 3600), 2)}:${pad(Math.floor(totalSeconds / 60) % 60, 2)}:${pad(totalSeconds % 60, 2)}`;
  if (fraction === 0n) return hms;
  return `${hms}.${fraction.toString().padStart(FRACTION_DIGITS[unit], '0').replace(/0+$/, '')}`;
}

/** Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days). */
function formatDate(daysSinceEpoch: number): string {
  const z = daysSinceEpoch + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${formatYear(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function formatYear(year: number): string {
  if (year < 0) return `-${pad(-year, 4)}`;
  return year > 9999 ? `+${year}` : pad(year, 4);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
