import { beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../electron/core/git/repo.js';
import { checkBranchName } from '../../shared/git-ref-name.js';
import { isolateFromMachineConfig, makeRepo } from './git-fixture.js';

const valid = ['main', 'feature/orders', 'fix-123', 'a.b', 'user/x/y', 'ünïcode', 'a@b', 'v1.2', 'x-', '_private', 'a/b.c'];

const invalid: [string, RegExp][] = [
  ['-rf', /may not start with "-"/],
  ['a..b', /may not contain "\.\."/],
  ['x y', /may not contain spaces/],
  ['@', /may not be "@"/],
  ['foo.lock', /end with "\.lock"/],
  ['../etc', /"\.\."/],
  ['', /empty/],
  ['HEAD', /"HEAD"/],
  ['a~1', /"~"/],
  ['a^', /"\^"/],
  ['a:b', /":"/],
  ['a?', /"\?"/],
  ['a*', /"\*"/],
  ['a[b', /"\["/],
  ['a\\b', /contain "\\"/],
  ['a@{1}', /"@\{"/],
  ['a/', /end with "\/"/],
  ['/a', /start with "\/"/],
  ['a//b', /"\/\/"/],
  ['a.', /end with "\."/],
  ['.hidden', /start with "\."/],
  ['a/.b', /start with "\."/],
  ['a.lock/b', /"\.lock"/],
  ['tab\there', /control characters/],
  ['nul\0byte', /control characters/],
  ['del\x7f', /control characters/],
];

describe('checkBranchName', () => {
  it.each(valid)('accepts %j', (name) => {
    expect(checkBranchName(name)).toBeNull();
  });

  it.each(invalid)('refuses %j, saying why and naming it', (name, reason) => {
    const message = checkBranchName(name);
    expect(message).toMatch(reason);
    expect(message).toContain(JSON.stringify(name));
  });

  describe('agrees with git check-ref-format --branch', () => {
    beforeAll(isolateFromMachineConfig);

    // Git itself accepts a branch called `@`, but `@` means HEAD in every revision, so it is refused here.
    const stricterThanGit = new Set(['@']);

    it('on every name above (except NUL, which cannot be passed to git, and "@")', async () => {
      const repo = await makeRepo();
      for (const name of [...valid, ...invalid.map(([n]) => n)].filter((n) => !n.includes('\0') && !stricterThanGit.has(n))) {
        const gitSays = (await runGit(repo.dir, ['check-ref-format', '--branch', name])).exitCode === 0;
        expect({ name, valid: checkBranchName(name) === null }).toEqual({ name, valid: gitSays });
      }
    });
  });
});
