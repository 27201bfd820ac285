/**
 * Decodes DuckDB-Wasm's Arrow record batches into the shared `SqlValue` conversion of values.ts.
 * Fixed-width values are read from the raw buffers rather than through Arrow's `get`, which turns
 * timestamps into fractional milliseconds and loses microseconds.
 */
import {
  DateUnit,
  IntervalUnit,
  Type,
  UnionMode,
  makeVector,
  type Data,
  type DataType,
  type Date_,
  type Decimal,
  type Field,
  type FixedSizeBinary,
  type FixedSizeList,
  type Int,
  type Interval,
  type Time,
  type Timestamp,
  type Union,
} from 'apache-arrow';
import { duckdbExtension } from './arrow-type-names.js';
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
  type TimeUnit,
} from './values.js';

export type ValueReader = (index: number) => SqlValue;

const TIME_UNITS: TimeUnit[] = ['s', 'ms', 'us', 'ns'];
const MS_PER_DAY = 86_400_000n;

/** A reader for the values of one column (or nested child) of one record batch. */
export function columnReader(field: Field, data: Data): ValueReader {
  const read = valueReader(field, data);
  if (data.nullCount === 0) return read;
  return (index) => (data.getValid(index) ? read(index) : null);
}

function valueReader(field: Field, data: Data): ValueReader {
  const type: DataType = field.type;
  const values = data.values as ArrayLike<number | bigint> & { subarray(begin: number, end: number): Uint8Array };
  switch (type.typeId) {
    case Type.Null:
      return () => null;
    case Type.Int:
      if (duckdbExtension(field) === 'bool8') {
        // DuckDB-Wasm labels BOOLEAN as one byte per value (arrow.bool8) but writes the bits packed.
        const bytes = values as unknown as Int8Array;
        return (index) => ((bytes[(data.offset + index) >> 3] ?? 0) >> ((data.offset + index) & 7) & 1) === 1;
      }
      return (type as Int).bitWidth === 64
        ? (index) => integerValue(values[index] as bigint)
        : (index) => Number(values[index]);
    case Type.Float:
      return (index) => Number(values[index]);
    case Type.Decimal: {
      const words = values as unknown as Uint32Array;
      const stride = (type as Decimal).bitWidth / 32;
      const { scale } = type as Decimal;
      return (index) => decimalValue(littleEndianWords(words, index * stride, stride), scale);
    }
    case Type.Date:
      return (type as Date_).unit === DateUnit.DAY
        ? (index) => dateValue(Number(values[index]))
        : (index) => dateValue(Number(BigInt(values[index] ?? 0) / MS_PER_DAY));
    case Type.Time: {
      const unit = TIME_UNITS[(type as Time).unit] ?? 'us';
      return (index) => timeValue(BigInt(values[index] ?? 0), unit);
    }
    case Type.Timestamp: {
      const { unit, timezone } = type as Timestamp;
      return (index) => timestampValue(values[index] as bigint, TIME_UNITS[unit] ?? 'us', Boolean(timezone));
    }
    case Type.Interval:
      return intervalReader(type as Interval, values as unknown as Int32Array);
    case Type.FixedSizeBinary: {
      const width = (type as FixedSizeBinary).byteWidth;
      const decode = fixedBinaryDecoder(duckdbExtension(field));
      return (index) => decode(values.subarray(index * width, (index + 1) * width));
    }
    case Type.Binary:
    case Type.LargeBinary: {
      const vector = makeVector(data);
      const decode = binaryDecoder(duckdbExtension(field));
      return (index) => decode(vector.get(index) as Uint8Array);
    }
    case Type.List:
    case Type.Map: {
      const offsets = data.valueOffsets as ArrayLike<number | bigint>;
      const child = type.typeId === Type.Map ? mapEntryReader(type, data) : columnReader(type.children[0] as Field, data.children[0] as Data);
      return (index) => range(Number(offsets[index]), Number(offsets[index + 1])).map(child);
    }
    case Type.FixedSizeList: {
      const size = (type as FixedSizeList).listSize;
      const child = columnReader(type.children[0] as Field, data.children[0] as Data);
      return (index) => range(index * size, (index + 1) * size).map(child);
    }
    case Type.Struct: {
      const members = (type.children as Field[]).map((member, i) => [member.name, columnReader(member, data.children[i] as Data)] as const);
      return (index) => Object.fromEntries(members.map(([name, read]) => [name, read(index)]));
    }
    case Type.Union:
      return unionReader(type as Union, data);
    default: {
      // Bool, Utf8 and dictionary-encoded ENUMs: Arrow's own decoding is exact.
      const vector = makeVector(data);
      return (index) => {
        const value: unknown = vector.get(index);
        return value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string' ? value : String(value);
      };
    }
  }
}

function intervalReader(type: Interval, words: Int32Array): ValueReader {
  switch (type.unit) {
    case IntervalUnit.YEAR_MONTH:
      return (index) => intervalValue(words[index] ?? 0, 0, 0n);
    case IntervalUnit.DAY_TIME:
      return (index) => intervalValue(0, words[2 * index] ?? 0, BigInt(words[2 * index + 1] ?? 0) * 1000n);
    default: {
      const nanos = (index: number) => BigInt.asIntN(64, littleEndianWords(words, 4 * index + 2, 2));
      return (index) => intervalValue(words[4 * index] ?? 0, words[4 * index + 1] ?? 0, nanos(index) / 1000n);
    }
  }
}

function mapEntryReader(type: DataType, data: Data): ValueReader {
  const entries = type.children[0] as Field;
  const entriesData = data.children[0] as Data;
  const key = columnReader(entries.type.children[0] as Field, entriesData.children[0] as Data);
  const value = columnReader(entries.type.children[1] as Field, entriesData.children[1] as Data);
  return (index) => ({ key: key(index), value: value(index) });
}

function unionReader(type: Union, data: Data): ValueReader {
  const members = (type.children as Field[]).map((member, i) => columnReader(member, data.children[i] as Data));
  const typeIds = data.typeIds as Int8Array;
  const offsets = data.valueOffsets as Int32Array | undefined;
  return (index) => {
    const member = type.typeIdToChildIndex[typeIds[index] ?? 0] ?? 0;
    const at = type.mode === UnionMode.Dense && offsets ? (offsets[index] ?? 0) : index;
    return { tag: (type.children[member] as Field).name, value: members[member]?.(at) ?? null };
  };
}

function fixedBinaryDecoder(extension: string | undefined): (bytes: Uint8Array) => SqlValue {
  switch (extension) {
    case 'uuid':
      return uuidText;
    case 'hugeint':
      return (bytes) => integerValue(BigInt.asIntN(128, littleEndianBytes(bytes)));
    case 'uhugeint':
      return (bytes) => integerValue(littleEndianBytes(bytes));
    case 'time_tz':
      return timeTz;
    default:
      return blobValue;
  }
}

function binaryDecoder(extension: string | undefined): (bytes: Uint8Array) => SqlValue {
  if (extension === 'bit') return bitText;
  if (extension === 'bignum' || extension === 'varint') return bignum;
  return blobValue;
}

/** DuckDB packs TIME WITH TIME ZONE as micros << 24 | (MAX_OFFSET - offset seconds). */
function timeTz(bytes: Uint8Array): string {
  const bits = littleEndianBytes(bytes);
  const maxOffset = 16 * 60 * 60 - 1;
  return timeTzValue(bits >> 24n, maxOffset - Number(bits & 0xff_ffffn));
}

function uuidText(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** DuckDB's BIT layout: the first byte counts the padding bits that open the second byte. */
function bitText(bytes: Uint8Array): string {
  const bits = Array.from(bytes.subarray(1), (byte) => byte.toString(2).padStart(8, '0')).join('');
  return bits.slice(bytes[0] ?? 0);
}

/**
 * DuckDB's BIGNUM layout: a 3-byte big-endian header whose top bit is set for non-negative numbers,
 * then the magnitude big-endian; negative numbers store header and magnitude bit-inverted.
 */
function bignum(bytes: Uint8Array): number | string {
  const negative = ((bytes[0] ?? 0) & 0x80) === 0;
  let magnitude = 0n;
  for (const byte of bytes.subarray(3)) magnitude = (magnitude << 8n) | BigInt(negative ? ~byte & 0xff : byte);
  return integerValue(negative ? -magnitude : magnitude);
}

function littleEndianWords(words: ArrayLike<number>, start: number, count: number): bigint {
  let value = 0n;
  for (let i = count - 1; i >= 0; i--) value = (value << 32n) | BigInt((words[start + i] ?? 0) >>> 0);
  return count === 0 ? 0n : BigInt.asIntN(32 * count, value);
}

function littleEndianBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] ?? 0);
  return value;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: Math.max(0, end - start) }, (_, i) => start + i);
}
