import { HostValue, toHost, toRuntime } from './host-values.js';
import { display, percentFormat } from './python-format.js';
import { ArrayValue, BooleanValue, FloatValue, IntegerValue, NullValue, ObjectValue, StringValue, UndefinedValue, type RuntimeValue } from './runtime-values.js';

/**
 * Python's side of values in templates: how they print, and the operators where Python and the
 * engine disagree (`%` formatting, `~` of lists, comparisons of strings, operators of host objects
 * such as datetimes, `in` a dict, repetition with `*`).
 */
/** What `{{ value }}` prints, as Python's str() would. */
export function printed(value: RuntimeValue): string {
  if (value instanceof StringValue) return value.value as string;
  if (value instanceof NullValue || value instanceof UndefinedValue) return '';
  if (value instanceof BooleanValue) return value.value ? 'True' : 'False';
  if (value instanceof ArrayValue || value instanceof ObjectValue) return display(toHost(value));
  if (value instanceof FloatValue && Number.isInteger(value.value)) return `${value.value as number}.0`;
  return value.toString();
}

type HostOperand = Record<string, ((other: unknown) => unknown) | undefined>;
const hostOperators: Record<string, [string, string | undefined]> = {
  '+': ['__add__', '__radd__'],
  '-': ['__sub__', '__rsub__'],
  '==': ['__eq__', '__eq__'],
  '<': ['__lt__', '__gt__'],
  '<=': ['__le__', '__ge__'],
  '>': ['__gt__', '__lt__'],
  '>=': ['__ge__', '__le__'],
};

/** Operators where Python and the engine disagree; undefined means the engine's answer stands. */
export function pythonOperator(operator: string, left: RuntimeValue, right: RuntimeValue): RuntimeValue | undefined {
  if (left instanceof HostValue || right instanceof HostValue) {
    const [method, reflected] = hostOperators[operator === '!=' ? '==' : operator] ?? [];
    const own = left instanceof HostValue ? (left.value as HostOperand)[method ?? ''] : undefined;
    const theirs = right instanceof HostValue && reflected ? (right.value as HostOperand)[reflected] : undefined;
    let result: unknown;
    if (own) result = own.call(left.value, toHost(right));
    else if (theirs) result = theirs.call(right.value, toHost(left));
    else if (operator === '==' || operator === '!=') result = left.value === right.value;
    if (result !== undefined) return operator === '!=' ? new BooleanValue(!result) : toRuntime(result);
  }
  switch (operator) {
    case '~':
      return new StringValue(printed(left) + printed(right));
    case '%':
      return left instanceof StringValue ? new StringValue(percentFormat(left.value as string, toHost(right))) : undefined;
    case '==':
    case '!=': {
      if (!(isContainer(left) && isContainer(right))) return undefined;
      const equal = JSON.stringify(toHost(left)) === JSON.stringify(toHost(right));
      return new BooleanValue(operator === '==' ? equal : !equal);
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
      return left instanceof StringValue && right instanceof StringValue ? new BooleanValue(compare(operator, left.value as string, right.value as string)) : undefined;
    case 'in':
    case 'not in': {
      if (!(right instanceof ObjectValue) || left instanceof StringValue) return undefined;
      const found = (right.value as Map<string, unknown>).has(String(left.value));
      return new BooleanValue(operator === 'in' ? found : !found);
    }
    case '*':
      if (left instanceof StringValue && right instanceof IntegerValue) return new StringValue((left.value as string).repeat(right.value as number));
      if (left instanceof ArrayValue && right instanceof IntegerValue) return new ArrayValue(Array.from({ length: right.value as number }, () => left.value as RuntimeValue[]).flat());
      return undefined;
    default:
      return undefined;
  }
}

function isContainer(value: RuntimeValue): boolean {
  return value instanceof ArrayValue || value instanceof ObjectValue;
}

function compare(operator: string, a: string, b: string): boolean {
  if (operator === '<') return a < b;
  if (operator === '>') return a > b;
  if (operator === '<=') return a <= b;
  return a >= b;
}

export function kindOf(value: RuntimeValue): string {
  if (value instanceof StringValue) return `the string '${String(value.value).slice(0, 40)}'`;
  if (value instanceof NullValue) return 'none';
  return `a ${value.type.replace(/Value$/, '').toLowerCase()}`;
}
