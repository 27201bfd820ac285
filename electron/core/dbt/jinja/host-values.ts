import { Kwargs } from './python-call.js';
import {
  ArrayValue,
  BooleanValue,
  FloatValue,
  FunctionValue,
  IntegerValue,
  isRuntimeValue,
  KeywordArgumentsValue,
  NamespaceValue,
  NullValue,
  ObjectValue,
  RuntimeValueBase,
  StringValue,
  TupleValue,
  UndefinedValue,
  type JinjaFunction,
  type JinjaScope,
  type RuntimeValue,
} from './runtime-values.js';

/**
 * The bridge between TypeScript values and the engine's values. Plain data (strings, numbers,
 * arrays, plain objects) is copied into engine values; anything else (a Relation, a datetime,
 * the adapter) is wrapped as a HostValue, so that templates read its live properties and call its
 * methods, and it prints as its `__str__()` or `toString()`.
 */

let currentCallScope: JinjaScope | undefined;

/** The scope of the template call that is running a host function: `statement` reads `caller` from it. */
export function callingScope(): JinjaScope | undefined {
  return currentCallScope;
}

function hostProperty(target: object, name: string): RuntimeValue | undefined {
  if (!(name in target)) return undefined;
  const value = (target as Record<string, unknown>)[name];
  return toRuntime(typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value);
}

/** A TypeScript object seen from a template. */
export class HostValue extends RuntimeValueBase {
  constructor(value: object) {
    super(value);
    this.type = 'HostValue';
  }
  override get builtins() {
    return { get: (name: string) => hostProperty(this.value as object, name) };
  }
  override toString(): string {
    const host = this.value as { __str__?: () => string };
    return typeof host.__str__ === 'function' ? host.__str__() : String(host);
  }
  override __bool__() {
    const host = this.value as { __bool__?: () => boolean };
    return new BooleanValue(typeof host.__bool__ === 'function' ? host.__bool__() : true) as unknown as { value: boolean };
  }
}

/** A TypeScript object that Python iterates over (`__iter__`) and may index by name (`__getitem__`). */
interface HostSequence {
  __iter__(): unknown[];
  __getitem__?(key: unknown): unknown;
}

const isHostSequence = (value: object): value is HostSequence => typeof (value as Partial<HostSequence>).__iter__ === 'function';

/**
 * A host sequence (agate's tables, rows and columns) seen from a template: a list in loops, in
 * `| length` and for `[0]`; otherwise its own attributes, then its items by name, as Jinja's
 * `row.city` falls back to `row['city']`.
 */
export class HostSequenceValue extends ArrayValue {
  constructor(readonly host: HostSequence) {
    super(host.__iter__().map(toRuntime));
  }
  override get builtins() {
    const list = super.builtins;
    return { get: (name: string) => (name in Object.prototype ? undefined : hostProperty(this.host, name)) ?? this.item(name) ?? list.get(name) };
  }
  /** `sequence[key]`, or undefined when there is no such key. */
  item(key: string): RuntimeValue | undefined {
    try {
      return this.host.__getitem__ ? toRuntime(this.host.__getitem__(key)) : undefined;
    } catch {
      return undefined;
    }
  }
}

/** A TypeScript function seen from a template; its own properties (`config.get`) are readable too. */
export class HostFunctionValue extends FunctionValue {
  constructor(readonly host: (...args: unknown[]) => unknown) {
    super(((args: RuntimeValue[], scope: JinjaScope) => {
      const previous = currentCallScope;
      currentCallScope = scope;
      try {
        return toRuntime(host(...args.map(toHostArgument)));
      } finally {
        currentCallScope = previous;
      }
    }) satisfies JinjaFunction);
  }
  override get builtins() {
    return { get: (name: string) => hostProperty(this.host, name) };
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function toRuntime(value: unknown): RuntimeValue {
  if (isRuntimeValue(value)) return value;
  switch (typeof value) {
    case 'string':
      return new StringValue(value);
    case 'number':
      return Number.isInteger(value) ? new IntegerValue(value) : new FloatValue(value);
    case 'bigint':
      return new IntegerValue(Number(value));
    case 'boolean':
      return new BooleanValue(value);
    case 'undefined':
      return new UndefinedValue();
    case 'function':
      return new HostFunctionValue(value as (...args: unknown[]) => unknown);
    case 'object':
      if (value === null) return new NullValue();
      if (Array.isArray(value)) return new ArrayValue(value.map(toRuntime));
      if (value instanceof Map) return new ObjectValue(new Map([...value].map(([k, v]) => [String(k), toRuntime(v)])));
      if (value instanceof Kwargs) return new KeywordArgumentsValue(new Map(Object.entries(value.values).map(([k, v]) => [k, toRuntime(v)])));
      if (isPlainObject(value)) return new ObjectValue(new Map(Object.entries(value).map(([k, v]) => [k, toRuntime(v)])));
      if (isHostSequence(value)) return new HostSequenceValue(value);
      return new HostValue(value);
    default:
      return new StringValue(String(value));
  }
}

export function toHostArgument(value: RuntimeValue): unknown {
  if (value instanceof KeywordArgumentsValue) return new Kwargs(Object.fromEntries([...(value.value as Map<string, RuntimeValue>)].map(([k, v]) => [k, toHost(v)])));
  return toHost(value);
}

/** An engine value as plain TypeScript: lists and dicts copied, macros as callable functions. */
export function toHost(value: RuntimeValue): unknown {
  if (value instanceof HostValue) return value.value;
  if (value instanceof HostFunctionValue) return value.host;
  if (value instanceof HostSequenceValue) return value.host;
  if (value instanceof ArrayValue) return (value.value as RuntimeValue[]).map(toHost);
  if (value instanceof ObjectValue || value instanceof NamespaceValue) {
    return Object.fromEntries([...(value.value as Map<string, RuntimeValue>)].map(([k, v]) => [k, toHost(v)]));
  }
  if (value instanceof FunctionValue) {
    const call = value.value as JinjaFunction;
    return (...args: unknown[]) => toHost(call(args.map(toRuntime), currentCallScope as JinjaScope));
  }
  if (value instanceof UndefinedValue) return undefined;
  if (value instanceof NullValue) return null;
  return value.value;
}

export const isTuple = (value: RuntimeValue) => value instanceof TupleValue;
