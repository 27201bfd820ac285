import { AsOfError, parseAsOf, type AsOf } from '../core/project/delivery-date.js';
import { UsageError } from './exit-codes.js';

/** `--as-of DATE`, refused (exit 2) with how to write a date when it is not one. */
export function asOfOption(text: string): AsOf {
  try {
    return parseAsOf(text);
  } catch (err) {
    throw err instanceof AsOfError ? new UsageError(err.message) : err;
  }
}

/** `--as-of` runs on DuckDB only for now: on a warehouse target it is refused rather than left out. */
export function refuseAsOfOnWarehouse(used: boolean, command: string): void {
  if (used) throw new UsageError(`${command} --as-of is not available on PostgreSQL targets yet; run it on DuckDB (the default target)`);
}

/** The ref `assay diff` names an as-of environment by: `as-of~DATE`, or `BRANCH^as-of~DATE`. */
export function asOfRef(branch: string | undefined, asOf: AsOf): string {
  return `${branch === undefined ? '' : `${branch}^`}as-of~${asOf.text}`;
}
