/** Decodes `@duckdb/node-api` values into the shared `SqlValue` conversion of values.ts. */
import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBIntervalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimeNSValue,
  DuckDBTimeTZValue,
  DuckDBTimeValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBUnionValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { SqlValue } from './engine.js';
import {
  blobValue,
  dateValue,
  decimalValue,
  integerValue,
  intervalValue,
  timeTzValue,
  timeValue,
  timestampValue,
} from './values.js';

export function fromNativeValue(value: DuckDBValue): SqlValue {
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'string':
      return value;
    case 'bigint':
      return integerValue(value);
  }
  if (value === null) return null;
  if (value instanceof DuckDBDecimalValue) return decimalValue(value.value, value.scale);
  if (value instanceof DuckDBDateValue) return dateValue(value.days);
  if (value instanceof DuckDBTimestampValue) return timestampValue(value.micros, 'us', false);
  if (value instanceof DuckDBTimestampTZValue) return timestampValue(value.micros, 'us', true);
  if (value instanceof DuckDBTimestampSecondsValue) return timestampValue(value.seconds, 's', false);
  if (value instanceof DuckDBTimestampMillisecondsValue) return timestampValue(value.millis, 'ms', false);
  if (value instanceof DuckDBTimestampNanosecondsValue) return timestampValue(value.nanos, 'ns', false);
  if (value instanceof DuckDBTimeValue) return timeValue(value.micros);
  if (value instanceof DuckDBTimeNSValue) return timeValue(value.nanos, 'ns');
  if (value instanceof DuckDBTimeTZValue) return timeTzValue(value.micros, value.offset);
  if (value instanceof DuckDBIntervalValue) return intervalValue(value.months, value.days, value.micros);
  if (value instanceof DuckDBBlobValue) return blobValue(value.bytes);
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) return value.items.map(fromNativeValue);
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(Object.entries(value.entries).map(([key, item]) => [key, fromNativeValue(item)]));
  }
  if (value instanceof DuckDBMapValue) {
    return value.entries.map((entry) => ({ key: fromNativeValue(entry.key), value: fromNativeValue(entry.value) }));
  }
  if (value instanceof DuckDBUnionValue) return { tag: value.tag, value: fromNativeValue(value.value) };
  // UUID, BIT, GEOMETRY, VARIANT: DuckDB's own text form.
  return value.toString();
}
