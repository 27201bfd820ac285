import semver from 'semver';

/** What one project or package asks of a hub package's version. */
export interface VersionRequirement {
  /** Who asks: the root project or a package, by name. */
  by: string;
  /** `packages.yml:4`, for messages. */
  where?: string;
  /** As written: `1.1.1`, `>=1.0.0`, `<2.0.0` (all must hold). */
  versions: string[];
  installPrerelease: boolean;
}

// dbt's version grammar: an optional matcher and a full major.minor.patch (with optional pre-release / build).
const dbtVersion = /^(>=|<=|>|<|=)?\s*v?((?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)$/;

/** A dbt version specifier as an npm semver comparator (`>=1.0.0`, `1.1.1`), or null when dbt would refuse it. */
export function toComparator(spec: string): string | null {
  const m = dbtVersion.exec(spec.trim());
  if (!m) return null;
  const [, matcher = '', version = ''] = m;
  return `${matcher === '=' ? '' : matcher}${version}`;
}

/** The specifiers of a requirement that dbt would refuse, for an error message. */
export function invalidVersions(versions: string[]): string[] {
  return splitSpecs(versions).filter((v) => toComparator(v) === null);
}

function splitSpecs(versions: string[]): string[] {
  return versions.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function rangeOf(req: VersionRequirement): string {
  return splitSpecs(req.versions).map((v) => toComparator(v) ?? v).join(' ');
}

/** Versions a repository's tags name (`1.2.0` or `v1.2.0`), each with the tag to fetch; plain tags win. */
export function versionsOfTags(tags: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const tag of tags) {
    const version = semver.valid(tag.replace(/^v(?=\d)/, ''));
    if (version && (!out.has(version) || tag === version)) out.set(version, tag);
  }
  return out;
}

export type VersionPick = { ok: true; version: string } | { ok: false; message: string };

/**
 * The newest available version that every requirement allows, as dbt picks it: the ranges are
 * intersected; pre-releases only when a requirement asks for them. When none does, the message names
 * the requirements that cannot hold together, or says that no tag satisfies them.
 */
export function pickVersion(pkg: string, requirements: VersionRequirement[], available: string[]): VersionPick {
  const includePrerelease = requirements.some((r) => r.installPrerelease);
  const range = requirements.map(rangeOf).join(' ');
  const best = semver.maxSatisfying(available, range, { includePrerelease });
  if (best) return { ok: true, version: best };
  const describe = (r: VersionRequirement) => `${r.by} requires ${formatVersions(r.versions)}${r.where ? ` (${r.where})` : ''}`;
  for (let i = 0; i < requirements.length; i++) {
    for (let j = i + 1; j < requirements.length; j++) {
      const a = requirements[i]!;
      const b = requirements[j]!;
      if (!semver.intersects(rangeOf(a), rangeOf(b), { includePrerelease })) {
        return { ok: false, message: `version conflict for ${pkg}: ${describe(a)} but ${describe(b)}; no version satisfies both` };
      }
    }
  }
  const newest = semver.rsort([...available]).slice(0, 8);
  const tags = newest.length > 0 ? `the newest tagged versions are ${newest.join(', ')}` : 'the repository has no version tags';
  return { ok: false, message: `no version of ${pkg} satisfies ${requirements.map(describe).join('; ')}: ${tags}` };
}

export function formatVersions(versions: string[]): string {
  return versions.length === 1 ? `"${versions[0]}"` : `[${versions.map((v) => `"${v}"`).join(', ')}]`;
}
