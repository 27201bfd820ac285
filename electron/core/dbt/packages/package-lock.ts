import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { writeFileAtomically } from '../../files/write-file-atomically.js';
import { DepsError } from './deps-error.js';
import { readLockSpecs, type PackageSpec } from './package-spec.js';
import { pythonJsonDumps } from './python-json.js';

export const lockFileName = 'package-lock.yml';

/** One package as package-lock.yml pins it (the root's packages and their dependencies). */
export type LockedPackage =
  | { kind: 'hub'; name: string; package: string; version: string; /** Assay's addition, kept in a comment dbt ignores. */ commit?: string }
  | { kind: 'git'; name: string; /** As written: Jinja (an env_var holding a token) stays unrendered, as dbt keeps it. */ git: string; revision: string; subdirectory?: string }
  | { kind: 'local'; name: string; local: string };

export interface PackageLock {
  file: string;
  packages: LockedPackage[];
  sha1Hash: string | null;
}

/**
 * dbt's `sha1_hash` of the declared packages: each entry as dbt's dataclass serialises it (the
 * rendered fields, defaults included, plus the entry as written under `unrendered`) in Python's
 * sorted JSON, the lines sorted, joined by newlines, SHA-1 in hex.
 */
export function packagesHash(specs: PackageSpec[]): string {
  const lines = specs.map((spec) => pythonJsonDumps(asDbtDict(spec))).sort();
  return createHash('sha1').update(lines.join('\n'), 'utf8').digest('hex');
}

function asDbtDict(spec: PackageSpec): Record<string, unknown> {
  const r = spec.rendered;
  const s = spec.source;
  const dict: Record<string, unknown> =
    s.kind === 'hub' ? { package: r.package, version: r.version, install_prerelease: s.installPrerelease }
    : s.kind === 'git' ? { git: r.git, revision: r.revision, warn_unpinned: s.warnUnpinned, subdirectory: r.subdirectory }
    : { local: r.local };
  dict.unrendered = spec.unrendered;
  return Object.fromEntries(Object.entries(dict).filter(([, v]) => v !== undefined && v !== null));
}

/** package-lock.yml of the project, or null when there is none. A malformed one is a DepsError naming its line. */
export async function readPackageLock(root: string): Promise<PackageLock | null> {
  const lock = await readLockSpecs(root);
  if (!lock) return null;
  const commits = await hubCommits(path.join(root, lockFileName));
  const packages = lock.specs.map((spec, i): LockedPackage => {
    const s = spec.source;
    const name = spec.name ?? '';
    if (s.kind === 'hub') {
      if (s.versions.length !== 1 || !/^\d/.test(s.versions[0] ?? '')) {
        throw new DepsError([{ file: spec.file, line: spec.line, message: `a locked hub package pins one version, not ${s.versions.join(', ')}; run assay deps --upgrade to lock again` }]);
      }
      return { kind: 'hub', name, package: s.package, version: s.versions[0]!, commit: commits[i] };
    }
    if (s.kind === 'git') return { kind: 'git', name, git: String(spec.unrendered.git), revision: s.revision ?? 'HEAD', subdirectory: s.subdirectory };
    return { kind: 'local', name, local: s.local };
  });
  return { file: lock.file, packages, sha1Hash: lock.sha1Hash };
}

/** The `# commit <sha>` comments Assay leaves on hub entries' versions, by entry index. */
async function hubCommits(file: string): Promise<(string | undefined)[]> {
  const doc = parseDocument(await readFile(file, 'utf8'));
  const list = doc.get('packages', true);
  if (!isSeq(list)) return [];
  return list.items.map((item) => {
    const version = isMap(item) ? item.get('version', true) : undefined;
    const comment = isScalar(version) ? version.comment : undefined;
    return /\bcommit ([0-9a-f]{40})\b/.exec(comment ?? '')?.[1];
  });
}

/**
 * Writes package-lock.yml as dbt 1.8 does (entries with `name`, keys sorted, `sha1_hash`), adding
 * for each hub package the commit its version tag named, as a comment so that dbt still reads it.
 */
export async function writePackageLock(root: string, packages: LockedPackage[], sha1Hash: string): Promise<string> {
  const entries = packages.map((p) => {
    if (p.kind === 'hub') return { name: p.name, package: p.package, version: p.version };
    if (p.kind === 'git') return { git: p.git, name: p.name, revision: p.revision, ...(p.subdirectory ? { subdirectory: p.subdirectory } : {}) };
    return { local: p.local, name: p.name };
  });
  const doc = new Document({ packages: entries, sha1_hash: sha1Hash });
  packages.forEach((p, i) => {
    const version = doc.getIn(['packages', i, 'version'], true);
    if (p.kind === 'hub' && p.commit && isScalar(version)) version.comment = ` commit ${p.commit}`;
  });
  const file = path.join(root, lockFileName);
  await writeFileAtomically(file, doc.toString({ indentSeq: true, lineWidth: 0 }));
  return file;
}
