// `npm ci` warns EBADENGINE when a package it installs does not run on the Node in use. Every
// package of the lock must run on each Node version package.json (and so the README) promises.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../electron/core/workbench/app-root.js';

const root = appRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }>;
};

function nodeRange(engines: unknown): string | undefined {
  const node = engines && !Array.isArray(engines) ? (engines as Record<string, unknown>).node : undefined;
  return typeof node === 'string' ? node : undefined;
}

/** A package's `engines.node` as the lock records it (what `npm ci` installs) and as installed here. */
function enginesNode(key: string): string[] {
  const ranges = [nodeRange(lock.packages[key]?.engines)];
  const installed = path.join(root, key, 'package.json');
  if (existsSync(installed)) ranges.push(nodeRange((JSON.parse(readFileSync(installed, 'utf8')) as { engines?: unknown }).engines));
  return [...new Set(ranges.filter((range): range is string => range !== undefined))];
}

/**
 * The oldest release of each Node major line the declared range admits, up to two majors past the
 * running one: `^20.19.0 || ^22.13.0 || >=24` gives 20.19.0, 22.13.0, 24.0.0, 25.0.0, …
 */
function oldestOfEachMajor(range: string): string[] {
  const parsed = new semver.Range(range);
  const first = semver.minVersion(parsed);
  if (!first) return [];
  const candidates = parsed.set.flat().map((comparator) => comparator.semver.version);
  for (let major = first.major; major <= Math.max(first.major, semver.major(process.version)) + 2; major++) candidates.push(`${major}.0.0`);
  const oldest = new Map<number, string>();
  for (const version of candidates.filter((v) => v !== '0.0.0' && semver.satisfies(v, parsed)).sort(semver.compare)) {
    if (!oldest.has(semver.major(version))) oldest.set(semver.major(version), version);
  }
  return [...oldest.values()];
}

describe('the Node versions package.json declares', () => {
  it('admit the Node running the tests', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it.each([...new Set([...oldestOfEachMajor(pkg.engines.node), semver.clean(process.version) ?? ''])])('Node %s runs every package of the lock (no EBADENGINE)', (node) => {
    const refused: string[] = [];
    for (const key of Object.keys(lock.packages)) {
      if (key === '') continue;
      for (const wants of enginesNode(key)) {
        if (!semver.satisfies(node, wants, { includePrerelease: true })) refused.push(`${key.replace(/^.*node_modules\//, '')}@${lock.packages[key]?.version} wants node ${wants}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
