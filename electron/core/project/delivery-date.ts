/**
 * Dates as the lake writes them in folder names (`2024-08`, `2024-08-15`, `20240815`), and the
 * `--as-of` date a build reads the lake up to. A month stands for its first day as a delivery and
 * for the whole month as an as-of date: `--as-of 2024-08` sees every delivery made in August.
 */

export const DELIVERY_DATE_FORMATS = 'YYYY-MM, YYYY-MM-DD or YYYYMMDD';

/** The ISO date a delivery folder names, or null when the text is not one of the formats. */
export function deliveryDate(text: string): string | null {
  return parsed(text)?.start ?? null;
}

export interface AsOf {
  /** As the user wrote it (and as the environment is named): `2024-08`. */
  text: string;
  /** The first ISO date the as-of date no longer covers: deliveries before it are read. */
  until: string;
}

export class AsOfError extends Error {}

export function parseAsOf(text: string): AsOf {
  const date = parsed(text.trim());
  if (!date) throw new AsOfError(`--as-of '${text}' is not a date: write it as ${DELIVERY_DATE_FORMATS} (e.g. 2024-08)`);
  return { text: text.trim(), until: date.until };
}

/** Whether a delivery (an ISO date) is one an environment as of `asOf` reads. */
export function deliveredBy(delivery: string, asOf: AsOf): boolean {
  return delivery < asOf.until;
}

function parsed(text: string): { start: string; until: string } | null {
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) {
    const [year, m] = [Number(month[1]), Number(month[2])];
    if (m < 1 || m > 12) return null;
    return { start: iso(year, m, 1), until: m === 12 ? iso(year + 1, 1, 1) : iso(year, m + 1, 1) };
  }
  const day = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  if (!day || (text.includes('-') && text.length !== 10)) return null;
  const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
  if (date.getUTCMonth() !== Number(day[2]) - 1 || date.getUTCDate() !== Number(day[3])) return null;
  const next = new Date(date.getTime() + 86_400_000);
  return { start: date.toISOString().slice(0, 10), until: next.toISOString().slice(0, 10) };
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
