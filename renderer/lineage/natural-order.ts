const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Orders names as a person counts them: m1, m2, m10, m100 (not m1, m10, m100, m2). */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b);
}
