import { pyFunction } from '../../jinja/python-call.js';
import { floorDivide, MICROSECONDS_PER_DAY, MICROSECONDS_PER_SECOND } from './calendar.js';
import { PythonOverflowError, PythonTypeError } from './errors.js';
import { padNumber, pythonTypeName, requireNumber } from './values.js';

const MAX_DAYS = 999_999_999n;

/** Python's `datetime.timedelta`: a signed duration kept, as Python keeps it, as days, seconds and microseconds. */
export class PyTimedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;
  readonly #total: bigint;

  constructor(totalMicroseconds: bigint) {
    const days = floorDivide(totalMicroseconds, MICROSECONDS_PER_DAY);
    if (days > MAX_DAYS || days < -MAX_DAYS) throw new PythonOverflowError(`days=${days}; must have magnitude <= ${MAX_DAYS}`);
    const rest = totalMicroseconds - days * MICROSECONDS_PER_DAY;
    this.days = Number(days);
    this.seconds = Number(rest / MICROSECONDS_PER_SECOND);
    this.microseconds = Number(rest % MICROSECONDS_PER_SECOND);
    this.#total = totalMicroseconds;
  }

  get pythonType(): string {
    return 'datetime.timedelta';
  }

  get totalMicroseconds(): bigint {
    return this.#total;
  }

  total_seconds(): number {
    return Number(this.#total) / 1e6;
  }

  __add__(other: unknown): unknown {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.#total + other.#total);
    // `timedelta + date` is the date's business, as Python hands it to `date.__radd__`.
    const reflected = (other as { __radd__?: (left: unknown) => unknown } | null)?.__radd__;
    if (typeof reflected === 'function') return reflected.call(other, this);
    throw unsupportedOperand('+', this, other);
  }

  __sub__(other: unknown): PyTimedelta {
    if (other instanceof PyTimedelta) return new PyTimedelta(this.#total - other.#total);
    throw unsupportedOperand('-', this, other);
  }

  __eq__(other: unknown): boolean {
    return other instanceof PyTimedelta && this.#total === other.#total;
  }

  __lt__(other: unknown): boolean {
    return this.#compare(other, '<') < 0;
  }

  __le__(other: unknown): boolean {
    return this.#compare(other, '<=') <= 0;
  }

  __gt__(other: unknown): boolean {
    return this.#compare(other, '>') > 0;
  }

  __ge__(other: unknown): boolean {
    return this.#compare(other, '>=') >= 0;
  }

  /** `1 day, 2:03:04.000005`, `-1 day, 23:59:59`, as Python prints it. */
  __str__(): string {
    const hours = Math.floor(this.seconds / 3600);
    const clock = `${hours}:${padNumber(Math.floor(this.seconds / 60) % 60, 2)}:${padNumber(this.seconds % 60, 2)}`;
    const days = this.days === 0 ? '' : `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, `;
    const fraction = this.microseconds === 0 ? '' : `.${padNumber(this.microseconds, 6)}`;
    return days + clock + fraction;
  }

  toString(): string {
    return this.__str__();
  }

  #compare(other: unknown, operator: string): number {
    if (!(other instanceof PyTimedelta)) throw unorderable(operator, this, other);
    return this.#total < other.#total ? -1 : this.#total > other.#total ? 1 : 0;
  }
}

export function unsupportedOperand(operator: string, left: unknown, right: unknown): PythonTypeError {
  return new PythonTypeError(`unsupported operand type(s) for ${operator}: '${pythonTypeName(left)}' and '${pythonTypeName(right)}'`);
}

export function unorderable(operator: string, left: unknown, right: unknown): PythonTypeError {
  return new PythonTypeError(`'${operator}' not supported between instances of '${pythonTypeName(left)}' and '${pythonTypeName(right)}'`);
}

const microsecondsPerUnit = {
  days: MICROSECONDS_PER_DAY,
  seconds: MICROSECONDS_PER_SECOND,
  microseconds: 1n,
  milliseconds: 1000n,
  minutes: 60n * MICROSECONDS_PER_SECOND,
  hours: 3600n * MICROSECONDS_PER_SECOND,
  weeks: 7n * MICROSECONDS_PER_DAY,
};

function unitMicroseconds(value: number, perUnit: bigint): bigint {
  return Number.isInteger(value) ? BigInt(value) * perUnit : BigInt(Math.round(value * Number(perUnit)));
}

/** `timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)`; fractions are allowed. */
export const timedelta = pyFunction(
  {
    name: 'timedelta',
    params: Object.keys(microsecondsPerUnit),
    defaults: Object.fromEntries(Object.keys(microsecondsPerUnit).map((unit) => [unit, 0])),
  },
  (args) => {
    let total = 0n;
    for (const [unit, perUnit] of Object.entries(microsecondsPerUnit)) {
      total += unitMicroseconds(requireNumber(args[unit], `timedelta() ${unit}`), perUnit);
    }
    return new PyTimedelta(total);
  },
);
