import { access, lstat, mkdir, readdir, readFile, readlink, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DepsError } from '../../electron/core/dbt/packages/deps-error.js';
import { hubRepositoryUrl } from '../../electron/core/dbt/packages/hub-repositories.js';
import { installPackages, type DepsOptions } from '../../electron/core/dbt/packages/install-packages.js';
import { loadInstalledPackages } from '../../electron/core/dbt/packages/installed-packages.js';
import { packagesHash } from '../../electron/core/dbt/packages/package-lock.js';
import { readPackageSpecs } from '../../electron/core/dbt/packages/package-spec.js';
import { corpusRoot } from '../compat/corpus.js';
import { isolateFromMachineConfig, sh } from '../git/git-fixture.js';
import { assay } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-project.js';

/**
 * `assay deps` against real git: bare repositories in a temporary folder stand in for GitHub, and
 * `url.<mirror>.insteadOf https://github.com/` (in an isolated global git config) points the hub
 * packages' repositories at them, as a user would point them at a mirror.
 */

let mirror: string;

beforeAll(async () => {
  await isolateFromMachineConfig();
  mirror = await tempDir('assay-deps-mirror-');
  await sh(mirror, 'config', '--global', 'user.name', 'Package Author');
  await sh(mirror, 'config', '--global', 'user.email', 'author@example.com');
  await sh(mirror, 'config', '--global', `url.file://${mirror}/.insteadOf`, 'https://github.com/');
});

interface Release {
  tag: string;
  /** Files of this release besides dbt_project.yml and the version macro (e.g. a packages.yml). */
  files?: Record<string, string>;
}

/** A bare repository at `<mirror>/<repo>.git` with one commit per release, each tagged. */
async function publish(repo: string, name: string, releases: Release[], subdirectory = ''): Promise<{ work: string; bare: string }> {
  const work = await tempDir('assay-deps-src-');
  await sh(work, 'init', '-q', '-b', 'main');
  const bare = path.join(mirror, `${repo}.git`);
  for (const release of releases) await releaseOn(work, name, release, subdirectory);
  await mkdir(path.dirname(bare), { recursive: true });
  await sh(work, 'clone', '-q', '--bare', work, bare);
  return { work, bare };
}

async function releaseOn(work: string, name: string, release: Release, subdirectory = ''): Promise<void> {
  const files: Record<string, string> = {
    [path.posix.join(subdirectory, 'dbt_project.yml')]: `name: ${name}\nversion: '${release.tag.replace(/^v/, '')}'\nconfig-version: 2\n`,
    [path.posix.join(subdirectory, `macros/${name}_version.sql`)]: `{% macro ${name}_version() %}'${release.tag}'{% endmacro %}\n`,
    ...release.files,
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(work, file)), { recursive: true });
    await writeFile(path.join(work, file), text);
  }
  await sh(work, 'add', '--all');
  await sh(work, 'commit', '-q', '--allow-empty', '-m', `release ${release.tag}`);
  await sh(work, 'tag', release.tag);
}

/** Publishes one more release to an existing package repository. */
async function publishRelease(pkg: { work: string; bare: string }, name: string, release: Release): Promise<void> {
  await releaseOn(pkg.work, name, release);
  await sh(pkg.work, 'push', '-q', pkg.bare, 'main', release.tag);
}

async function project(packagesYml: string, extra: Record<string, string> = {}): Promise<string> {
  const root = await tempDir('assay-deps-project-');
  const files = { 'dbt_project.yml': "name: my_project\nversion: '1.0'\nprofile: my_project\n", 'packages.yml': packagesYml, ...extra };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

function deps(root: string, options: Omit<DepsOptions, 'projectRoot'> = {}) {
  return installPackages({ projectRoot: root, ...options });
}

async function failure(promise: Promise<unknown>): Promise<DepsError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DepsError);
  return err as DepsError;
}

const read = (root: string, file: string) => readFile(path.join(root, file), 'utf8');
const exists = (file: string) => access(file).then(() => true, () => false);

/** Everything under a folder (names and contents), to show that a failed run changed nothing. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = entry.isFile() ? await readFile(file, 'utf8') : entry.isSymbolicLink() ? `-> ${await readlink(file)}` : '(dir)';
  }
  return out;
}

const utilsRange = 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n';
let utils: { work: string; bare: string };

describe('assay deps: hub packages', () => {
  beforeAll(async () => {
    utils = await publish('dbt-labs/dbt-utils', 'dbt_utils', [{ tag: '1.1.0' }, { tag: '1.2.0' }, { tag: '2.0.0' }]);
    await publish('godatadriven/dbt-date', 'dbt_date', [{ tag: '0.9.0' }, { tag: '0.10.0' }, { tag: '0.11.0-rc1' }]);
  });

  it('maps hub names to their repositories (renamed ones from the table, others by rule)', () => {
    expect(hubRepositoryUrl('dbt-labs/dbt_utils')).toBe('https://github.com/dbt-labs/dbt-utils.git');
    expect(hubRepositoryUrl('calogica/dbt_expectations')).toBe('https://github.com/metaplane/dbt-expectations.git');
    expect(hubRepositoryUrl('calogica/dbt_date')).toBe('https://github.com/godatadriven/dbt-date.git');
    expect(hubRepositoryUrl('dbt-labs/audit_helper')).toBe('https://github.com/dbt-labs/dbt-audit-helper.git');
    expect(hubRepositoryUrl('dbt-labs/codegen')).toBe('https://github.com/dbt-labs/dbt-codegen.git');
    expect(hubRepositoryUrl('fivetran/fivetran_utils')).toBe('https://github.com/fivetran/fivetran-utils.git');
  });

  it('resolves a range to the newest matching tag, installs it under its project name and writes the lock', async () => {
    const root = await project(utilsRange);
    const result = await deps(root);
    expect(result.status).toBe('installed');
    expect(result.packages).toMatchObject([{ name: 'dbt_utils', source: 'hub', from: 'dbt-labs/dbt_utils', version: '1.2.0', folder: 'dbt_packages/dbt_utils' }]);
    const commit = await sh(utils.bare, 'rev-parse', '1.2.0^{commit}');
    expect(result.packages[0]!.commit).toBe(commit);
    expect(await read(root, 'dbt_packages/dbt_utils/macros/dbt_utils_version.sql')).toContain("'1.2.0'");
    expect(await exists(path.join(root, 'dbt_packages/dbt_utils/.git'))).toBe(false);
    // dbt 1.8's lock, plus the commit in a comment dbt ignores; the sha1_hash is the one dbt computes for this packages.yml.
    expect(await read(root, 'package-lock.yml')).toBe(
      `packages:\n  - name: dbt_utils\n    package: dbt-labs/dbt_utils\n    version: 1.2.0 # commit ${commit}\nsha1_hash: dd1e1feb2d2bbce79e7a255cd309a60e6548df0b\n`,
    );
    // What the project loader reads.
    const loaded = await loadInstalledPackages(root, 'dbt_packages');
    expect(loaded.packages.map((p) => [p.name, p.version, p.macros.length])).toEqual([['dbt_utils', '1.2.0', 1]]);
  });

  it('installs a pinned version, and a pre-release only when asked for', async () => {
    const root = await project('packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.0\n  - package: godatadriven/dbt_date\n    version: ">=0.9.0"\n');
    expect((await deps(root)).packages.map((p) => `${p.name} ${p.version}`)).toEqual(['dbt_utils 1.1.0', 'dbt_date 0.10.0']);
    const pre = await project('packages:\n  - package: godatadriven/dbt_date\n    version: ">=0.9.0"\n    install-prerelease: true\n');
    expect((await deps(pre)).packages.map((p) => p.version)).toEqual(['0.11.0-rc1']);
  });

  it('honours packages-install-path and dependencies.yml', async () => {
    const root = await project('', { 'dbt_project.yml': "name: my_project\npackages-install-path: vendor/dbt\n", 'dependencies.yml': `${utilsRange}projects:\n  - name: upstream\n` });
    await rm(path.join(root, 'packages.yml'));
    const result = await deps(root);
    expect(result.specFile).toBe('dependencies.yml');
    expect(result.packages[0]).toMatchObject({ name: 'dbt_utils', folder: 'vendor/dbt/dbt_utils' });
    expect(await exists(path.join(root, 'vendor/dbt/dbt_utils/dbt_project.yml'))).toBe(true);
  });

  it('keeps the locked version when a newer tag appears, until --upgrade', async () => {
    const lib = await publish('acme/dbt-lockme', 'lockme', [{ tag: '1.0.0' }]);
    const root = await project('packages:\n  - package: acme/dbt_lockme\n    version: [">=1.0.0", "<2.0.0"]\n');
    expect((await deps(root)).packages[0]!.version).toBe('1.0.0');
    const lock = await read(root, 'package-lock.yml');
    await publishRelease(lib, 'lockme', { tag: '1.1.0' });

    const again = await deps(root);
    expect(again).toMatchObject({ status: 'up-to-date', lockWritten: false });
    expect(again.packages[0]!.version).toBe('1.0.0');

    // Without dbt_packages, the lock (not the newest tag) says what to install.
    await rm(path.join(root, 'dbt_packages'), { recursive: true });
    const reinstalled = await deps(root);
    expect(reinstalled).toMatchObject({ status: 'installed', lockWritten: false });
    expect(reinstalled.packages[0]!.version).toBe('1.0.0');
    expect(await read(root, 'dbt_packages/lockme/macros/lockme_version.sql')).toContain("'1.0.0'");
    expect(await read(root, 'package-lock.yml')).toBe(lock);

    const upgraded = await deps(root, { upgrade: true });
    expect(upgraded).toMatchObject({ status: 'installed', lockWritten: true });
    expect(upgraded.packages[0]!.version).toBe('1.1.0');
    expect(await read(root, 'package-lock.yml')).toContain('version: 1.1.0');
  });

  it('locks again when packages.yml changes (its sha1_hash no longer matches)', async () => {
    const root = await project(utilsRange);
    await deps(root);
    await writeFile(path.join(root, 'packages.yml'), 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.0\n');
    const result = await deps(root);
    expect(result).toMatchObject({ status: 'installed', lockWritten: true });
    expect(result.packages[0]!.version).toBe('1.1.0');
  });

  it('with --lock, resolves and writes package-lock.yml but installs nothing', async () => {
    const root = await project(utilsRange);
    const result = await deps(root, { lockOnly: true });
    expect(result).toMatchObject({ status: 'locked', lockWritten: true });
    expect(await read(root, 'package-lock.yml')).toContain('version: 1.2.0');
    expect(await exists(path.join(root, 'dbt_packages'))).toBe(false);
    expect((await deps(root)).packages[0]!.version).toBe('1.2.0');
  });

  it('installs a lock written by dbt (no commit recorded) from the version tag', async () => {
    const root = await project('packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.1\n', {
      // octocatalog's real lock: dbt's hash of this packages.yml, pinned to a version that packages.yml would not pick here.
      'package-lock.yml': 'packages:\n- package: dbt-labs/dbt_utils\n  version: 1.1.0\nsha1_hash: a158c48c59c2bb7d729d2a4e215aabe5bb4f3353\n',
    });
    const result = await deps(root);
    expect(result).toMatchObject({ status: 'installed', lockWritten: false });
    expect(result.packages[0]).toMatchObject({ name: 'dbt_utils', version: '1.1.0', commit: await sh(utils.bare, 'rev-parse', '1.1.0^{commit}') });
  });
});

describe('assay deps: git and local packages', () => {
  it('fetches a git revision and installs only its subdirectory', async () => {
    const repo = await publish('acme/monorepo', 'inner_pkg', [{ tag: 'v0.1.0' }, { tag: 'v0.2.0' }], 'dbt/inner');
    const root = await project(`packages:\n  - git: "file://${repo.bare}"\n    revision: v0.1.0\n    subdirectory: dbt/inner\n`);
    const result = await deps(root);
    const commit = await sh(repo.bare, 'rev-parse', 'v0.1.0^{commit}');
    expect(result.packages).toMatchObject([{ name: 'inner_pkg', source: 'git', commit, folder: 'dbt_packages/inner_pkg' }]);
    expect((await readdir(path.join(root, 'dbt_packages/inner_pkg'))).sort()).toEqual(['dbt_project.yml', 'macros']);
    expect(await read(root, 'dbt_packages/inner_pkg/macros/inner_pkg_version.sql')).toContain("'v0.1.0'");
    // As dbt 1.7+ locks a git package: at its commit.
    expect(await read(root, 'package-lock.yml')).toContain(`  - git: file://${repo.bare}\n    name: inner_pkg\n    revision: ${commit}\n    subdirectory: dbt/inner\n`);
  });

  it('fetches a git package by commit, and follows the default branch (with a warning) when unpinned', async () => {
    const repo = await publish('acme/plain', 'plain_pkg', [{ tag: '1.0.0' }, { tag: '1.1.0' }]);
    const first = await sh(repo.bare, 'rev-parse', '1.0.0^{commit}');
    const byCommit = await project(`packages:\n  - git: "https://github.com/acme/plain.git"\n    revision: ${first}\n`);
    expect((await deps(byCommit)).packages[0]!.commit).toBe(first);
    const unpinned = await project('packages:\n  - git: "https://github.com/acme/plain.git"\n');
    const result = await deps(unpinned);
    expect(result.packages[0]!.commit).toBe(await sh(repo.bare, 'rev-parse', 'main'));
    expect(result.warnings.join('\n')).toMatch(/not pinned/);
  });

  it('renders env_var in a git URL to fetch it, and keeps it unrendered in the lock (as dbt does, so a token stays out of it)', async () => {
    await publish('acme/secret', 'secret_pkg', [{ tag: '1.0.0' }]);
    process.env.ASSAY_TEST_GIT_HOST = `file://${mirror}`;
    const root = await project(`packages:\n  - git: "{{ env_var('ASSAY_TEST_GIT_HOST') }}/acme/secret.git"\n    revision: 1.0.0\n`);
    const result = await deps(root);
    expect(result.packages[0]).toMatchObject({ name: 'secret_pkg', version: '1.0.0', from: "{{ env_var('ASSAY_TEST_GIT_HOST') }}/acme/secret.git" });
    const lock = await read(root, 'package-lock.yml');
    expect(lock).toContain("git: \"{{ env_var('ASSAY_TEST_GIT_HOST') }}/acme/secret.git\"");
    expect(lock).not.toContain(mirror);
    await rm(path.join(root, 'dbt_packages'), { recursive: true });
    expect((await deps(root)).status).toBe('installed');
    expect((await deps(root)).status).toBe('up-to-date');
  });

  it('links a local package into dbt_packages, where the project loader reads its macros', async () => {
    const root = await project('packages:\n  - local: ../shared_macros\n');
    const local = path.join(path.dirname(root), 'shared_macros');
    await mkdir(path.join(local, 'macros'), { recursive: true });
    await writeFile(path.join(local, 'dbt_project.yml'), 'name: shared_macros\n');
    await writeFile(path.join(local, 'macros/m.sql'), '{% macro m() %}1{% endmacro %}\n');
    try {
      const result = await deps(root);
      expect(result.packages).toMatchObject([{ name: 'shared_macros', source: 'local', version: 'local' }]);
      expect((await lstat(path.join(root, 'dbt_packages/shared_macros'))).isSymbolicLink()).toBe(true);
      const loaded = await loadInstalledPackages(root, 'dbt_packages');
      expect(loaded.packages.map((p) => [p.name, p.macros.length])).toEqual([['shared_macros', 1]]);
      expect((await deps(root)).status).toBe('up-to-date');
    } finally {
      await rm(local, { recursive: true, force: true });
    }
  });
});

describe('assay deps: transitive packages', () => {
  beforeAll(async () => {
    await publish('acme/dbt-expect', 'expect', [
      { tag: '0.1.0', files: { 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.1.0", "<3.0.0"]\n' } },
      { tag: '0.2.0', files: { 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=2.0.0", "<3.0.0"]\n' } },
    ]);
  });

  it('installs the packages a package declares, within every requester\'s range', async () => {
    const root = await project('packages:\n  - package: acme/dbt_expect\n    version: 0.1.0\n');
    const result = await deps(root);
    expect(result.packages.map((p) => `${p.name} ${p.version}`)).toEqual(['expect 0.1.0', 'dbt_utils 2.0.0']);
    const narrowed = await project('packages:\n  - package: acme/dbt_expect\n    version: 0.1.0\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n');
    expect((await deps(narrowed)).packages.map((p) => `${p.name} ${p.version}`)).toEqual(['expect 0.1.0', 'dbt_utils 1.2.0']);
    expect(await read(narrowed, 'package-lock.yml')).toMatch(/name: expect[\s\S]*name: dbt_utils/);
  });

  it('drops what a version declared once a later requirement moved the package off that version', async () => {
    await publish('acme/dbt-extra', 'extra', [{ tag: '1.0.0' }]);
    await publish('acme/dbt-core-lib', 'core_lib', [{ tag: '1.0.0' }, { tag: '2.0.0', files: { 'packages.yml': 'packages:\n  - package: acme/dbt_extra\n    version: 1.0.0\n' } }]);
    await publish('acme/dbt-user', 'user_pkg', [{ tag: '1.0.0', files: { 'packages.yml': 'packages:\n  - package: acme/dbt_core_lib\n    version: "<2.0.0"\n' } }]);
    const root = await project('packages:\n  - package: acme/dbt_core_lib\n    version: ">=1.0.0"\n  - package: acme/dbt_user\n    version: 1.0.0\n');
    const result = await deps(root);
    expect(result.packages.map((p) => `${p.name} ${p.version}`)).toEqual(['core_lib 1.0.0', 'user_pkg 1.0.0']);
    expect((await readdir(path.join(root, 'dbt_packages'))).sort()).toEqual(['.assay-deps.json', 'core_lib', 'user_pkg']);
  });

  it('refuses versions no tag can satisfy for both requesters, naming both', async () => {
    const root = await project('packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n  - package: acme/dbt_expect\n    version: 0.2.0\n');
    const err = await failure(deps(root));
    expect(err.message).toMatch(/version conflict for dbt-labs\/dbt_utils/);
    expect(err.message).toContain('my_project requires [">=1.0.0", "<2.0.0"] (packages.yml:2)');
    expect(err.message).toContain('expect requires [">=2.0.0", "<3.0.0"] (dbt_packages/expect/packages.yml:2)');
    expect(await exists(path.join(root, 'dbt_packages'))).toBe(false);
    expect(await exists(path.join(root, 'package-lock.yml'))).toBe(false);
  });

  it('refuses a range no tag satisfies, listing the versions there are', async () => {
    const root = await project('packages:\n  - package: dbt-labs/dbt_utils\n    version: ">=9.0.0"\n');
    expect((await failure(deps(root))).message).toMatch(/no version of dbt-labs\/dbt_utils satisfies my_project requires ">=9.0.0" \(packages.yml:2\): the newest tagged versions are 2.0.0, 1.2.0, 1.1.0/);
  });
});

describe('assay deps: offline and atomic', () => {
  it('uses an installed folder that matches the lock without the remote, and names the package, URL and assay deps when one is missing', async () => {
    const lib = await publish('acme/dbt-offline', 'offline_pkg', [{ tag: '1.0.0' }]);
    const root = await project('packages:\n  - package: acme/dbt_offline\n    version: 1.0.0\n');
    await deps(root);
    await rename(lib.bare, `${lib.bare}.gone`);
    try {
      const again = await deps(root);
      expect(again.status).toBe('up-to-date');
      expect(again.packages[0]).toMatchObject({ name: 'offline_pkg', version: '1.0.0' });
      await rm(path.join(root, 'dbt_packages'), { recursive: true });
      const err = await failure(deps(root));
      expect(err.message).toContain('cannot fetch package acme/dbt_offline 1.0.0 from https://github.com/acme/dbt-offline.git');
      expect(err.message).toContain(`git rewrites it to file://${mirror}/acme/dbt-offline.git`);
      expect(err.message).toContain('assay deps needs to reach that repository');
    } finally {
      await rename(`${lib.bare}.gone`, lib.bare);
    }
  });

  it('leaves the previous dbt_packages and lock untouched when a second package fails', async () => {
    const root = await project(utilsRange);
    await deps(root);
    const before = await snapshot(path.join(root, 'dbt_packages'));
    const lock = await read(root, 'package-lock.yml');
    await writeFile(path.join(root, 'packages.yml'), `packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.0\n  - git: "file://${mirror}/nowhere/missing.git"\n    revision: 1.0.0\n`);
    const err = await failure(deps(root));
    expect(err.message).toContain(`cannot fetch package file://${mirror}/nowhere/missing.git from file://${mirror}/nowhere/missing.git`);
    expect(await snapshot(path.join(root, 'dbt_packages'))).toEqual(before);
    expect(await read(root, 'package-lock.yml')).toBe(lock);
    expect((await readdir(root)).sort()).toEqual(['dbt_packages', 'dbt_project.yml', 'package-lock.yml', 'packages.yml']);
  });
});

describe('assay deps: bad input', () => {
  it('reports malformed YAML with the file and line', async () => {
    const root = await project('packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"\n');
    expect((await failure(deps(root))).problems[0]).toMatchObject({ file: 'packages.yml', line: expect.any(Number), message: expect.stringMatching(/invalid YAML/) });
  });

  it('reports an unknown key, a missing version and a bad version with their lines', async () => {
    const root = await project('packages:\n  - git: "https://github.com/acme/plain.git"\n    revison: 1.0.0\n  - package: dbt-labs/dbt_utils\n  - package: dbt-labs/codegen\n    version: "^1.0"\n');
    const err = await failure(deps(root));
    expect(err.problems[0]).toMatchObject({ file: 'packages.yml', line: 3, message: "packages[0].revison: unknown key 'revison' for a git: package" });
    expect(err.problems[1]).toMatchObject({ file: 'packages.yml', line: 4, message: expect.stringMatching(/packages\[1\]\.version: a hub package needs a version/) });
    const badVersion = await project('packages:\n  - package: dbt-labs/dbt_utils\n    version: "^1.0"\n');
    expect((await failure(deps(badVersion))).problems[0]).toMatchObject({ file: 'packages.yml', line: 2, message: expect.stringMatching(/"\^1.0" is not a dbt version specifier/) });
  });

  it('refuses packages in both packages.yml and dependencies.yml', async () => {
    const root = await project(utilsRange, { 'dependencies.yml': utilsRange });
    expect((await failure(deps(root))).problems[0]).toMatchObject({ file: 'dependencies.yml', line: 1 });
  });

  it('names the package and URL of a repository git cannot reach', async () => {
    const root = await project(`packages:\n  - git: "file://${mirror}/nowhere/else.git"\n    revision: 1.0.0\n`);
    expect((await failure(deps(root))).message).toMatch(new RegExp(`cannot fetch package file://${mirror}/nowhere/else.git from .*: .*assay deps`));
    const missingHub = await project('packages:\n  - package: nobody/dbt_nothing\n    version: 1.0.0\n');
    expect((await failure(deps(missingHub))).message).toContain('cannot fetch package nobody/dbt_nothing from https://github.com/nobody/dbt-nothing.git');
  });

  it('refuses a hostile git URL, revision or subdirectory before git runs', async () => {
    const marker = path.join(mirror, 'pwned');
    const root = await project([
      'packages:',
      `  - git: "--upload-pack=touch ${marker}"`,
      '  - git: "ext::sh -c touch% /tmp/pwned"',
      '  - git: "https://github.com/acme/plain.git"',
      '    revision: "--output=/tmp/x"',
      '  - git: "https://github.com/acme/plain.git"',
      '    subdirectory: ../../etc',
      '',
    ].join('\n'));
    const err = await failure(deps(root));
    expect(err.problems.map((p) => p.line)).toEqual([2, 3, 5, 7]);
    expect(err.message).toMatch(/starts with '-'/);
    expect(err.message).toMatch(/remote helper/);
    expect(err.message).toMatch(/revision '--output=\/tmp\/x'/);
    expect(err.message).toMatch(/subdirectory '..\/..\/etc' must be a folder inside the repository/);
    expect(await exists(marker)).toBe(false);
  });

  it('refuses two packages that install under one name', async () => {
    const root = await project(`packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.1.0\n  - git: "https://github.com/dbt-labs/dbt-utils.git"\n    revision: 2.0.0\n`);
    expect((await failure(deps(root))).message).toMatch(/two packages install as 'dbt_utils': hub package dbt-labs\/dbt_utils and git package https:\/\/github.com\/dbt-labs\/dbt-utils.git/);
  });
});

describe('assay deps on the command line', () => {
  it('prints one line per package (name, version, commit) and exits 0', async () => {
    const root = await project(utilsRange);
    const run = await assay(['deps', '--project', root]);
    expect(run.code).toBe(0);
    const commit = (await sh(utils.bare, 'rev-parse', '1.2.0^{commit}')).slice(0, 12);
    expect(run.stdout).toBe(`dbt_utils  1.2.0  ${commit}  hub dbt-labs/dbt_utils\n`);
    expect(run.stderr).toMatch(/installed 1 package into dbt_packages\/; package-lock.yml written in \d+ ms/);
    const again = await assay(['deps', '--project', root]);
    expect(again.stderr).toMatch(/dbt_packages\/ is up to date with package-lock.yml \(1 package; nothing fetched\)/);
  });

  it('exits 2 with the file and line of a bad packages.yml, and no stack trace', async () => {
    const root = await project('packages:\n  - package: dbt-labs/dbt_utils\n    verison: 1.0.0\n');
    const run = await assay(['deps', '--project', root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: packages.yml:3: packages[0].verison: unknown key 'verison' for a package: package");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 outside a dbt project', async () => {
    const run = await assay(['deps', '--project', await tempDir('assay-deps-empty-')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a dbt project: it has no dbt_project.yml/);
  });
});

describe('packages.yml of the real corpus', () => {
  const hasCorpus = () => exists(corpusRoot);

  it('hashes packages.yml exactly as dbt does (the sha1_hash of the corpus locks)', async () => {
    if (!(await hasCorpus())) return;
    for (const dir of ['projects/octocatalog', 'projects/datavault', 'projects/preppin-data', 'projects/recipes/dbt_project', 'packages/dbt_utils/integration_tests', 'packages/audit_helper/integration_tests']) {
      const root = path.join(corpusRoot, dir);
      const { specs } = await readPackageSpecs(root);
      const lock = /sha1_hash: (\w+)/.exec(await readFile(path.join(root, 'package-lock.yml'), 'utf8'))?.[1];
      expect(`${dir} ${packagesHash(specs)}`).toBe(`${dir} ${lock}`);
    }
  });

  it("parses the corpus packages' own packages.yml", async () => {
    if (!(await hasCorpus())) return;
    const specs = await readPackageSpecs(path.join(corpusRoot, 'packages/dbt_expectations'));
    expect(specs.specs.map((s) => s.source)).toEqual([{ kind: 'hub', package: 'godatadriven/dbt_date', versions: ['>=0.9.0', '<1.0.0'], installPrerelease: false }]);
    for (const pkg of ['audit_helper', 'codegen', 'dbt_utils', 'dbt_date']) await readPackageSpecs(path.join(corpusRoot, 'packages', pkg));
  });
});
