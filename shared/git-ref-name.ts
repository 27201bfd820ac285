/**
 * Git's rules for a branch name (`git check-ref-format --branch`), as a pure function so the
 * renderer can check a name as it is typed and the core can refuse one before running git.
 * Returns null for a valid name, else why it is not one.
 */
export function checkBranchName(name: string): string | null {
  const reason = brokenRule(name);
  return reason === null ? null : `invalid branch name ${JSON.stringify(name)}: ${reason}`;
}

const forbiddenChars = [' ', '~', '^', ':', '?', '*', '[', '\\'];

function brokenRule(name: string): string | null {
  if (name === '') return 'it is empty';
  if (name === '@') return 'it may not be "@"';
  if (name === 'HEAD') return 'it may not be "HEAD"';
  // A leading dash would be read as an option by git commands.
  if (name.startsWith('-')) return 'it may not start with "-"';
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return 'it may not contain control characters';
    if (forbiddenChars.includes(ch)) return ch === ' ' ? 'it may not contain spaces' : `it may not contain "${ch}"`;
  }
  if (name.includes('..')) return 'it may not contain ".."';
  if (name.includes('@{')) return 'it may not contain "@{"';
  if (name.startsWith('/')) return 'it may not start with "/"';
  if (name.endsWith('/')) return 'it may not end with "/"';
  if (name.includes('//')) return 'it may not contain "//"';
  if (name.endsWith('.')) return 'it may not end with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `no part of it may start with "." (${JSON.stringify(part)})`;
    if (part.endsWith('.lock')) return `no part of it may end with ".lock" (${JSON.stringify(part)})`;
  }
  return null;
}
