/**
 * DuckDB's type name for a column that DuckDB-Wasm handed over as Arrow, spelled as native DuckDB
 * spells it (`INTEGER`, `DECIMAL(18,2)`, `INTEGER[]`, `STRUCT("x" INTEGER)`). Types Arrow cannot express
 * (HUGEINT, UUID, TIME WITH TIME ZONE, BIT, BIGNUM) are recognised by the extension metadata DuckDB
 * writes when `arrowLosslessConversion` is on. JSON, which DuckDB-Wasm cannot load on Node anyway,
 * would read as VARCHAR.
 */
import { quoteIdentifier } from '../sql/sql-text.js';
import {
  DateUnit,
  Precision,
  TimeUnit,
  Type,
  type DataType,
  type Date_,
  type Decimal,
  type Field,
  type FixedSizeList,
  type Float,
  type Int,
  type Time,
  type Timestamp,
} from 'apache-arrow';

/** The DuckDB type behind an Arrow extension type, lower case (`uuid`, `hugeint`, `time_tz`, ...). */
export function duckdbExtension(field: Field): string | undefined {
  const name = field.metadata.get('ARROW:extension:name');
  if (name === 'arrow.uuid') return 'uuid';
  if (name === 'arrow.bool8') return 'bool8';
  if (name !== 'arrow.opaque') return undefined;
  try {
    const metadata: unknown = JSON.parse(field.metadata.get('ARROW:extension:metadata') ?? '');
    const typeName = (metadata as { type_name?: unknown }).type_name;
    return typeof typeName === 'string' ? typeName : undefined;
  } catch {
    return undefined;
  }
}

const EXTENSION_NAMES: Record<string, string> = {
  bool8: 'BOOLEAN',
  uuid: 'UUID',
  hugeint: 'HUGEINT',
  uhugeint: 'UHUGEINT',
  time_tz: 'TIME WITH TIME ZONE',
  bit: 'BIT',
  bignum: 'BIGNUM',
  varint: 'BIGNUM',
};

export function duckdbTypeName(field: Field): string {
  const extension = duckdbExtension(field);
  if (extension !== undefined) return EXTENSION_NAMES[extension] ?? extension.toUpperCase();
  const type: DataType = field.type;
  switch (type.typeId) {
    case Type.Null:
      return '"NULL"';
    case Type.Bool:
      return 'BOOLEAN';
    case Type.Int: {
      const { bitWidth, isSigned } = type as Int;
      const name = ({ 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' } as Record<number, string>)[bitWidth] ?? 'BIGINT';
      return isSigned ? name : `U${name}`;
    }
    case Type.Float:
      return (type as Float).precision === Precision.DOUBLE ? 'DOUBLE' : 'FLOAT';
    case Type.Decimal: {
      const { precision, scale } = type as Decimal;
      return `DECIMAL(${precision},${scale})`;
    }
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'VARCHAR';
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return 'BLOB';
    case Type.Date:
      return (type as Date_).unit === DateUnit.DAY ? 'DATE' : 'TIMESTAMP_MS';
    case Type.Time:
      return (type as Time).unit === TimeUnit.NANOSECOND ? 'TIME_NS' : 'TIME';
    case Type.Timestamp: {
      const { unit, timezone } = type as Timestamp;
      if (timezone) return 'TIMESTAMP WITH TIME ZONE';
      return ['TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP', 'TIMESTAMP_NS'][unit] ?? 'TIMESTAMP';
    }
    case Type.Interval:
      return 'INTERVAL';
    case Type.List:
      return `${childName(type, 0)}[]`;
    case Type.FixedSizeList:
      return `${childName(type, 0)}[${(type as FixedSizeList).listSize}]`;
    case Type.Struct:
      return `STRUCT(${memberList(type)})`;
    case Type.Union:
      return `UNION(${memberList(type)})`;
    case Type.Map: {
      const entries = type.children[0] as Field | undefined;
      return entries ? `MAP(${childName(entries.type, 0)}, ${childName(entries.type, 1)})` : 'MAP';
    }
    case Type.Dictionary:
      // Only ENUMs arrive dictionary-encoded, and DuckDB-Wasm does not send their values along.
      return 'ENUM';
    default:
      return String(type).toUpperCase();
  }
}

/** The path of the first dictionary-encoded (ENUM) column or member in `fields`, if any. */
export function findEnumColumn(fields: readonly Field[], prefix = ''): string | undefined {
  for (const field of fields) {
    const path = `${prefix}${field.name}`;
    if (field.type.typeId === Type.Dictionary) return path;
    const nested = findEnumColumn((field.type.children ?? []) as Field[], `${path}.`);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

function childName(type: DataType, index: number): string {
  const child = type.children[index] as Field | undefined;
  return child ? duckdbTypeName(child) : 'UNKNOWN';
}

function memberList(type: DataType): string {
  return (type.children as Field[]).map((child) => `${quoteIdentifier(child.name)} ${duckdbTypeName(child)}`).join(', ');
}
