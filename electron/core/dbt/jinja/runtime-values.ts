import { Environment, Interpreter, parse, tokenize } from '@huggingface/jinja';

/**
 * The value classes of @huggingface/jinja. Its package exports the engine (tokenize, parse,
 * Interpreter, Environment) but not these, so they are taken once from values the engine makes.
 * The shapes below are the parts of its runtime.d.ts that Assay relies on.
 */
export interface RuntimeValue {
  type: string;
  value: unknown;
  __bool__(): { value: boolean };
  toString(): string;
  readonly builtins: { get(name: string): RuntimeValue | undefined };
}
export type RuntimeValueClass = new (value?: unknown) => RuntimeValue;
declare const kind: unique symbol;
/** Each class gets its own instance type, so that `instanceof` checks narrow one after another. */
export type ValueOf<K extends string> = RuntimeValue & { readonly [kind]: K };
type ValueClass<K extends string> = new (value?: unknown) => ValueOf<K>;
export type JinjaFunction = (args: RuntimeValue[], scope: JinjaScope) => RuntimeValue;

/** The engine's Environment, as far as Assay uses it. */
export interface JinjaScope {
  variables: Map<string, RuntimeValue>;
  parent?: JinjaScope;
  lookupVariable(name: string): RuntimeValue;
  setVariable(name: string, value: RuntimeValue): RuntimeValue;
}

function classOf(value: unknown): RuntimeValueClass {
  return (new Environment().set('value', value) as unknown as RuntimeValue).constructor as RuntimeValueClass;
}

function classesSeenByACall(): { keywords: RuntimeValueClass; tuple: RuntimeValueClass; namespace: RuntimeValueClass } {
  const seen: RuntimeValue[] = [];
  const env = new Environment();
  env.set('capture', () => undefined);
  (env.variables as Map<string, unknown>).set('capture', new (classOf(() => 0))((args: RuntimeValue[]) => {
    seen.push(...args);
    return new (classOf(null))();
  }));
  new Interpreter(env).run(parse(tokenize('{{ capture((1, 2), namespace(), a=1) }}')));
  const [tuple, namespace, keywords] = seen as [RuntimeValue, RuntimeValue, RuntimeValue];
  return { tuple: tuple.constructor as RuntimeValueClass, namespace: namespace.constructor as RuntimeValueClass, keywords: keywords.constructor as RuntimeValueClass };
}

const seenByACall = classesSeenByACall();

export const StringValue = classOf('') as ValueClass<'String'>;
export const IntegerValue = classOf(1) as ValueClass<'Integer'>;
export const FloatValue = classOf(1.5) as ValueClass<'Float'>;
export const BooleanValue = classOf(true) as ValueClass<'Boolean'>;
export const NullValue = classOf(null) as ValueClass<'Null'>;
export const UndefinedValue = classOf(undefined) as ValueClass<'Undefined'>;
export const ArrayValue = classOf([]) as ValueClass<'Array'>;
export const ObjectValue = classOf({}) as ValueClass<'Object'>;
export const FunctionValue = classOf(() => 0) as ValueClass<'Function'>;
export const TupleValue = seenByACall.tuple as ValueClass<'Tuple'>;
export const KeywordArgumentsValue = seenByACall.keywords as ValueClass<'KeywordArguments'>;
export const NamespaceValue = seenByACall.namespace as ValueClass<'Namespace'>;
export const RuntimeValueBase = Object.getPrototypeOf(StringValue) as RuntimeValueClass;

export const none = (): RuntimeValue => new NullValue();
export const undefinedValue = (): RuntimeValue => new UndefinedValue();

export function isRuntimeValue(value: unknown): value is RuntimeValue {
  return value instanceof RuntimeValueBase;
}
