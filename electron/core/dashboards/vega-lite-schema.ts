import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';

export interface SpecProblem {
  /** Path inside the spec (`['encoding', 'x', 'type']`). */
  path: (string | number)[];
  message: string;
}

let validator: ValidateFunction | null = null;

/** Compiling the schema that vega-lite ships takes about two seconds: once per process. */
function vegaLiteValidator(): ValidateFunction {
  if (!validator) {
    const require = createRequire(import.meta.url);
    // Required on first use: importing ajv costs most of a second, which every `assay` command would pay.
    const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
    const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as object;
    validator = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  }
  return validator;
}

/**
 * Validates a data-less spec against the Vega-Lite JSON schema. The schema is a union of every
 * kind of view, so one mistake yields dozens of errors; the one reported is the deepest, which
 * points at the value at fault.
 */
export function validateVegaLite(spec: Record<string, unknown>): SpecProblem | null {
  const validate = vegaLiteValidator();
  if (validate({ ...spec, data: { name: 'table' } })) return null;
  const errors = validate.errors ?? [];
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const deepest = Math.max(...errors.map(depth));
  const atFault = errors.filter((e) => depth(e) === deepest);
  const where = (atFault[0] as ErrorObject).instancePath;
  return { path: where.split('/').slice(1).map(unescapePointer), message: describe(atFault, where, spec) };
}

function describe(errors: ErrorObject[], where: string, spec: Record<string, unknown>): string {
  const at = where === '' ? 'the spec' : where.slice(1).replaceAll('/', '.');
  const enums = errors.filter((e) => e.keyword === 'enum').flatMap((e) => (e.params as { allowedValues: unknown[] }).allowedValues);
  if (enums.length > 0) {
    return `${at}: ${JSON.stringify(valueAt(spec, where))} is not one of ${[...new Set(enums.map(String))].join(', ')}`;
  }
  const extra = errors.filter((e) => e.keyword === 'additionalProperties').map((e) => String((e.params as { additionalProperty: string }).additionalProperty));
  if (extra.length > 0) {
    // Each alternative of the union refuses the properties it lacks; the one refused most is the typo.
    const counts = new Map<string, number>();
    for (const name of extra) counts.set(name, (counts.get(name) ?? 0) + 1);
    const [worst] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
    return `${at}: unknown property '${worst}'`;
  }
  const first = errors[0] as ErrorObject;
  return `${at}: ${first.message ?? 'does not match the Vega-Lite schema'}`;
}

function valueAt(spec: unknown, pointer: string): unknown {
  let value = spec;
  for (const key of pointer.split('/').slice(1).map(unescapePointer)) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return value;
}

function unescapePointer(segment: string): string | number {
  const text = segment.replaceAll('~1', '/').replaceAll('~0', '~');
  return /^\d+$/.test(text) ? Number(text) : text;
}
