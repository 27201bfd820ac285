/**
 * A test's anchor in the HTML report, for the links of the summary at its top. Test ids hold dots,
 * colons and whatever a singular test's file is called; every character but letters, digits, `.`,
 * `:`, `_` and `-` is written as its code point, so two ids never share an anchor.
 */
export function testAnchor(id: string): string {
  return `test-${id.replace(/[^A-Za-z0-9.:_-]/g, (c) => `~${(c.codePointAt(0) ?? 0).toString(16)}~`)}`;
}
