/**
 * The `modules` object dbt hands templates (`modules.datetime`, `modules.pytz`, `modules.re`,
 * `modules.itertools`), as plain JavaScript values and classes that follow Jinja's calling
 * convention (see ../jinja/python-call.ts), and the `run_started_at` datetime.
 */
import { datetimeModule } from './python/datetime-module.js';
import { PyDatetime } from './python/datetime.js';
import { itertoolsModule } from './python/itertools-module.js';
import { pytzModule } from './python/pytz-module.js';
import { reModule } from './python/re-module.js';
import { utc } from './python/timezones.js';

export const pythonModules = {
  datetime: datetimeModule,
  pytz: pytzModule,
  re: reModule,
  itertools: itertoolsModule,
};

/** dbt's `run_started_at`: the moment the run began, as a UTC-aware datetime. */
export function runStartedAt(now: Date): PyDatetime {
  return PyDatetime.fromInstant(BigInt(now.getTime()) * 1000n, utc);
}

export { PyDate } from './python/date.js';
export { PyDatetime } from './python/datetime.js';
export { PyMatch } from './python/regex-match.js';
export { PyPattern } from './python/re-module.js';
export { PyTimedelta } from './python/timedelta.js';
export { FixedOffsetTimezone, IanaTimezone, PyTzinfo } from './python/timezones.js';
export { PythonError } from './python/errors.js';
