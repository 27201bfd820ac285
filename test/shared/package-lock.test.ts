// package-lock.json is what `npm ci` installs, on every machine the desktop app runs on: it must hold
// the native packages of each platform (not only those of the machine that last wrote it), agree
// with package.json, and be what CI installs from.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../electron/core/workbench/app-root.js';

interface LockEntry {
  version?: string;
  optional?: boolean;
  dev?: boolean;
  link?: boolean;
  os?: string[];
  cpu?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: Record<string, string> | string[];
}

const root = appRoot();
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

/** The platforms the desktop app is built for: `process.platform` and `process.arch`. */
const TARGETS = [
  { platform: 'linux', arch: 'x64' },
  { platform: 'linux', arch: 'arm64' },
  { platform: 'darwin', arch: 'x64' },
  { platform: 'darwin', arch: 'arm64' },
  { platform: 'win32', arch: 'x64' },
] as const;

/** The lock entry Node would load for `name` required from the package at `from` (a lock key). */
function resolve(name: string, from: string): [string, LockEntry] | null {
  for (let dir = from; ; ) {
    const key = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    if (lock.packages[key]) return [key, lock.packages[key]];
    if (dir === '') return null;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

/** Platform-specific packages that match one target (glibc builds on Linux, as the app ships). */
function forTarget(entries: [string, LockEntry][], platform: string, arch: string): string[] {
  return entries
    .filter(([, entry]) => entry.os?.includes(platform) && entry.cpu?.includes(arch))
    .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length))
    .filter((name) => !name.includes('musl'));
}

describe('package-lock.json', () => {
  it('is a version 3 lock whose root entry says what package.json says (npm ci refuses otherwise)', () => {
    expect(lock.lockfileVersion).toBe(3);
    const top = lock.packages[''] ?? {};
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
      expect(top[field] ?? {}, field).toEqual(pkg[field] ?? {});
    }
    expect(top.engines).toEqual(pkg.engines);
  });

  it.each(TARGETS.map((t) => [t.platform, t.arch]))("holds DuckDB's native binding for %s-%s", (platform, arch) => {
    const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
    const name = `@duckdb/node-bindings-${platform}-${arch}`;
    expect(Object.keys(bindings?.optionalDependencies ?? {})).toContain(name);
    const entry = lock.packages[`node_modules/${name}`];
    expect(entry, `${name} is missing from package-lock.json`).toBeDefined();
    expect(entry?.os).toEqual([platform]);
    expect(entry?.cpu).toEqual([arch]);
    expect(entry?.version).toBe(bindings?.optionalDependencies?.[name]);
  });

  it.each(TARGETS.map((t) => [t.platform, t.arch]))("holds Rollup's and esbuild's native packages (the UI build) for %s-%s", (platform, arch) => {
    for (const parent of ['rollup', 'esbuild']) {
      const [key, entry] = resolve(parent, '') ?? [];
      expect(entry, parent).toBeDefined();
      const optional = Object.keys(entry?.optionalDependencies ?? {})
        .map((name) => resolve(name, key ?? ''))
        .filter((found): found is [string, LockEntry] => found !== null);
      expect(forTarget(optional, platform, arch), `${parent} for ${platform}-${arch}`).not.toEqual([]);
    }
  });

  it('resolves every dependency of every package, optional ones of other platforms included, to a version in range', () => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      if (entry.link) continue;
      const wanted = { ...entry.dependencies, ...entry.optionalDependencies, ...(key === '' ? entry.devDependencies : {}) };
      for (const [name, spec] of Object.entries(wanted)) {
        const found = resolve(name, key);
        if (!found) problems.push(`${key || '(root)'} needs ${name}@${spec}: not in the lock`);
        else if (semver.validRange(spec) && found[1].version && !semver.satisfies(found[1].version, spec, { includePrerelease: true })) {
          problems.push(`${key || '(root)'} needs ${name}@${spec}: the lock has ${found[1].version}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps Electron an optional dependency: a failed binary download must not fail npm ci', () => {
    expect(pkg.optionalDependencies).toHaveProperty('electron');
    expect(pkg.dependencies).not.toHaveProperty('electron');
    expect(lock.packages['node_modules/electron']?.optional).toBe(true);
  });
});

describe('CI installs from the lock', () => {
  const ci = readFileSync(path.join(root, '.ci', 'run'), 'utf8');
  const commands = ci.split('\n').map((line) => line.trim()).filter((line) => /^npm /.test(line));

  it('with npm ci, so a lock out of sync with package.json fails it', () => {
    expect(commands.some((line) => /^npm ci\b/.test(line))).toBe(true);
    expect(commands.filter((line) => /^npm (install|i)\b/.test(line))).toEqual([]);
  });

  it("runs the README's quick start, in its order (npm start excepted: it waits for Ctrl+C)", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /## Quick start\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const quickStart = block
      .split('\n')
      .map((line) => line.replace(/#.*$/, '').trim())
      .filter((line) => line !== '' && line !== 'npm start');
    expect(quickStart.length).toBeGreaterThan(0);
    expect(commands).toEqual(quickStart);
  });
});
