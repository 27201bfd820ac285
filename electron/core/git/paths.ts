import path from 'node:path';
import type { GitFailure } from '../../../shared/git-types.js';
import { fail } from './result.js';

/** Refuses a file path that is not relative to the repository root or leaves it. */
export function invalidPath(file: string): GitFailure | null {
  const posix = file.replaceAll('\\', '/');
  if (file === '' || file.includes('\0')) return fail('invalid-path', `${JSON.stringify(file)} is not a file path`);
  if (path.posix.isAbsolute(posix) || path.win32.isAbsolute(file)) return fail('invalid-path', `${file} must be relative to the repository root`);
  const normal = path.posix.normalize(posix);
  if (normal === '..' || normal.startsWith('../')) return fail('invalid-path', `${file} is outside the repository`);
  return null;
}

/** The first invalid path of `files`, as a failure. */
export function invalidPaths(files: string[]): GitFailure | null {
  for (const file of files) {
    const invalid = invalidPath(file);
    if (invalid) return invalid;
  }
  return null;
}

/** Pathspecs are taken literally: a file called `*.sql` or `:(glob)x` means that file. */
export const literalPathspecs = '--literal-pathspecs';
