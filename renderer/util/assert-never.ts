/** For exhaustive switches: a new case added to a union becomes a type error where it is not handled. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
