/** Proleptic Gregorian calendar arithmetic on day counts since 1970-01-01, as Python's `datetime` uses. */
import { PythonOverflowError, PythonValueError } from './errors.js';

export const MIN_YEAR = 1;
export const MAX_YEAR = 9999;
export const MICROSECONDS_PER_SECOND = 1_000_000n;
export const MICROSECONDS_PER_DAY = 86_400_000_000n;
/** Python's ordinal of 1970-01-01 (0001-01-01 is day 1). */
export const ORDINAL_OF_EPOCH = 719_163;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function checkDate(year: number, month: number, day: number): void {
  if (year < MIN_YEAR || year > MAX_YEAR) throw new PythonValueError(`year ${year} is out of range`);
  if (month < 1 || month > 12) throw new PythonValueError('month must be in 1..12');
  if (day < 1 || day > daysInMonth(year, month)) throw new PythonValueError('day is out of range for month');
}

export function checkYearInRange(year: number): void {
  if (year < MIN_YEAR || year > MAX_YEAR) throw new PythonOverflowError('date value out of range');
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for every year, with no Date quirks for years below 100.
export function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function civilFromDays(days: number): CivilDate {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Monday is 0, as in Python's `weekday()`. */
export function weekdayOf(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

/** 1 for January 1st. */
export function dayOfYear(date: CivilDate): number {
  return daysFromCivil(date) - daysFromCivil({ year: date.year, month: 1, day: 1 }) + 1;
}

/** ISO 8601 year, week and weekday (Monday 1): the week belongs to the year its Thursday falls in. */
export function isoCalendar(date: CivilDate): [number, number, number] {
  const days = daysFromCivil(date);
  const isoWeekday = weekdayOf(days) + 1;
  const thursday = civilFromDays(days + 4 - isoWeekday);
  return [thursday.year, Math.floor((dayOfYear(thursday) - 1) / 7) + 1, isoWeekday];
}

export function floorDivide(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  return value % divisor !== 0n && value < 0n !== divisor < 0n ? quotient - 1n : quotient;
}
