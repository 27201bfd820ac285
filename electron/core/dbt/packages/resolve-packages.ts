import path from 'node:path';
import semver from 'semver';
import { DepsError, formatDepsProblem } from './deps-error.js';
import { hubRepositoryUrl } from './hub-repositories.js';
import type { LockedPackage } from './package-lock.js';
import { readPackageSpecs, type PackageSpec } from './package-spec.js';
import type { PackageTrees } from './package-trees.js';
import { formatVersions, invalidVersions, pickVersion, toComparator, versionsOfTags, type VersionRequirement } from './resolve-versions.js';

/** A package chosen for installation: what the lock records, and where its files are now. */
export interface ResolvedPackage {
  locked: LockedPackage;
  /** `version:` of its dbt_project.yml. */
  version?: string;
  /** Its files (fetched into the work folder, or the local folder). */
  dir: string;
  commit?: string;
}

export interface ResolveContext {
  root: string;
  rootName: string;
  /** `dbt_packages`, to name an installed package's own packages.yml in messages. */
  installPath: string;
  trees: PackageTrees;
  warn: (message: string) => void;
}

interface Request {
  spec: PackageSpec;
  by: string;
}

interface Pinned {
  key: string;
  version?: string;
  /** A git package's revision as requested (a tag, branch, commit or HEAD). */
  asked?: string;
  locked: LockedPackage;
  dir: string;
  commit?: string;
}

/**
 * Resolves the declared packages and, transitively, the packages they declare, as `dbt deps` does:
 * hub versions are the newest tag every requester's range allows, a git package takes the one
 * revision its requesters agree on, local paths are read where they are. Requirements are gathered
 * again until the versions chosen are those whose dependencies were read. Conflicts name both
 * requesters; two packages installing under one name are refused.
 */
export async function resolvePackages(rootSpecs: PackageSpec[], ctx: ResolveContext): Promise<ResolvedPackage[]> {
  let previous = new Map<string, Pinned>();
  for (let round = 0; round < 8; round++) {
    const { pinned, repinned } = await gatherRound(rootSpecs, ctx, previous);
    if (!repinned) {
      const resolved = [...pinned.values()];
      refuseDuplicateNames(resolved, ctx.rootName);
      return resolved.map(({ locked, dir, commit, version }) => ({ locked, dir, commit, version }));
    }
    // A package changed version after its first choice's dependencies were read: gather again,
    // starting from the choices this round ended with.
    previous = pinned;
  }
  throw new DepsError([{ message: 'the package versions do not settle: each choice changes what the packages require; pin the versions in packages.yml' }]);
}

async function gatherRound(rootSpecs: PackageSpec[], ctx: ResolveContext, previous: Map<string, Pinned>) {
  const requests = new Map<string, Request[]>();
  const pinned = new Map<string, Pinned>();
  let repinned = false;
  const queue: Request[] = [];
  const enqueue = (specs: PackageSpec[], by: string) => {
    for (const spec of specs) {
      queue.push({ spec, by });
      // The tags of every hub repository in sight are listed at once, while the queue is worked through.
      if (spec.source.kind === 'hub') ctx.trees.remoteRefs(hubRepositoryUrl(spec.source.package), { label: spec.source.package }).catch(() => {});
    }
  };
  enqueue(rootSpecs, ctx.rootName);
  while (queue.length > 0) {
    const request = queue.shift()!;
    const key = keyOf(request.spec, ctx.root);
    const reqs = [...(requests.get(key) ?? []), request];
    requests.set(key, reqs);
    const known = pinned.get(key);
    if (known && (await stillAllowed(reqs, known))) continue;
    if (known) repinned = true;
    const before = previous.get(key);
    const pin = before && (await stillAllowed(reqs, before)) ? before : await pinPackage(key, reqs, ctx);
    pinned.set(key, pin);
    const { specs } = await readPackageSpecs(pin.dir, `${ctx.installPath}/${pin.locked.name}`);
    enqueue(specs, pin.locked.name);
  }
  return { pinned, repinned };
}

function keyOf(spec: PackageSpec, root: string): string {
  const s = spec.source;
  if (s.kind === 'hub') return `hub:${s.package.toLowerCase()}`;
  if (s.kind === 'git') return `git:${s.git}#${s.subdirectory ?? ''}`;
  return `local:${path.resolve(root, s.local)}`;
}

/** Whether every requirement gathered so far still accepts the package as pinned. */
async function stillAllowed(reqs: Request[], pin: Pinned): Promise<boolean> {
  mixedSources(reqs);
  const l = pin.locked;
  if (l.kind === 'hub') return hubRequirements(reqs).every((r) => satisfies(l.version, r));
  if (l.kind === 'git') return agreedRevision(reqs) === pin.asked;
  return true;
}

async function pinPackage(key: string, reqs: Request[], ctx: ResolveContext): Promise<Pinned> {
  const first = reqs[0]!.spec.source;
  mixedSources(reqs);
  if (first.kind === 'hub') {
    const picked = await pickHub(first.package, hubRequirements(reqs), ctx);
    const url = hubRepositoryUrl(first.package);
    const tree = await ctx.trees.fetch(url, { ref: picked.tag, commit: picked.commit }, undefined, { label: `${first.package} ${picked.version}`, url });
    return { key, dir: tree.dir, commit: tree.commit, version: tree.version, locked: { kind: 'hub', name: tree.name, package: first.package, version: picked.version, commit: tree.commit } };
  }
  if (first.kind === 'git') {
    const revision = agreedRevision(reqs);
    const target = await gitTarget(first.git, revision, ctx.trees, reqs);
    if (revision === 'HEAD' && reqs.some((r) => r.spec.source.kind === 'git' && r.spec.source.warnUnpinned !== false)) {
      ctx.warn(`${first.git} is not pinned to a revision: it follows the repository's default branch; add revision: (a tag or commit), or warn-unpinned: false`);
    }
    const written = String(reqs[0]!.spec.unrendered.git);
    const tree = await ctx.trees.fetch(first.git, target, first.subdirectory, { label: written, url: written });
    return { key, asked: revision, dir: tree.dir, commit: tree.commit, version: tree.version, locked: { kind: 'git', name: tree.name, git: written, revision: tree.commit!, subdirectory: first.subdirectory } };
  }
  const dir = path.resolve(ctx.root, first.local);
  const tree = await ctx.trees.local(dir, { label: `local package ${first.local}` });
  return { key, dir, version: tree.version, locked: { kind: 'local', name: tree.name, local: first.local } };
}

function mixedSources(reqs: Request[]): void {
  const kinds = new Set(reqs.map((r) => r.spec.source.kind));
  if (kinds.size > 1) throw new DepsError([{ message: `one package is required from different sources: ${reqs.map(where).join('; ')}` }]);
}

function hubRequirements(reqs: Request[]): VersionRequirement[] {
  const problems = reqs.flatMap(({ spec }) => {
    if (spec.source.kind !== 'hub') return [];
    const bad = invalidVersions(spec.source.versions);
    return bad.length > 0 ? [{ file: spec.file, line: spec.line, message: `${spec.source.package}: version ${bad.map((b) => `"${b}"`).join(', ')} is not a dbt version specifier (an optional >=, >, <=, <, = and major.minor.patch)` }] : [];
  });
  if (problems.length > 0) throw new DepsError(problems);
  return reqs.map(({ spec, by }) => {
    const s = spec.source as Extract<PackageSpec['source'], { kind: 'hub' }>;
    return { by, where: formatDepsProblem({ file: spec.file, line: spec.line, message: '' }).replace(/: $/, ''), versions: s.versions, installPrerelease: s.installPrerelease };
  });
}

function satisfies(version: string, req: VersionRequirement): boolean {
  const range = req.versions.flatMap((v) => v.split(',')).map((v) => toComparator(v) ?? v).join(' ');
  return semver.satisfies(version, range, { includePrerelease: req.installPrerelease });
}

async function pickHub(pkg: string, all: VersionRequirement[], ctx: ResolveContext) {
  const url = hubRepositoryUrl(pkg);
  const refs = await ctx.trees.remoteRefs(url, { label: pkg, url });
  const versions = versionsOfTags([...refs.tags.keys()]);
  const pick = pickVersion(pkg, all, [...versions.keys()]);
  if (!pick.ok) throw new DepsError([{ message: `${pick.message} (${url})` }]);
  const tag = versions.get(pick.version)!;
  return { version: pick.version, tag, commit: refs.tags.get(tag)! };
}

function agreedRevision(reqs: Request[]): string {
  const revisions = new Map<string, Request[]>();
  for (const r of reqs) {
    const rev = (r.spec.source.kind === 'git' && r.spec.source.revision) || 'HEAD';
    revisions.set(rev, [...(revisions.get(rev) ?? []), r]);
  }
  if (revisions.size > 1) {
    const [a, b] = [...revisions.values()].map((group) => group[0]!);
    throw new DepsError([{ message: `version conflict for ${reqs[0]!.spec.source.kind === 'git' ? (reqs[0]!.spec.source as { git: string }).git : ''}: a git package is installed at one revision, but ${where(a!)} and ${where(b!)}` }]);
  }
  return [...revisions.keys()][0]!;
}

/** How to fetch a git revision: a tag or branch by name with its commit, a commit, or HEAD's commit. */
export async function gitTarget(url: string, revision: string, trees: PackageTrees, reqs: Request[] = []): Promise<{ ref?: string; commit?: string }> {
  if (/^[0-9a-f]{40}$/.test(revision)) return { commit: revision };
  const pkg = { label: url, url };
  if (revision === 'HEAD') return { commit: await trees.head(url, pkg) };
  const refs = await trees.remoteRefs(url, pkg);
  const commit = refs.tags.get(revision) ?? refs.branches.get(revision);
  if (commit) return { ref: revision, commit };
  if (/^[0-9a-f]{7,39}$/.test(revision)) return { commit: revision };
  throw new DepsError([{ message: `${url} has no tag or branch '${revision}'${reqs.length ? ` (${reqs.map(where).join('; ')})` : ''}` }]);
}

function where(r: Request): string {
  const s = r.spec.source;
  const what = s.kind === 'hub' ? `${s.package} ${formatVersions(s.versions)}` : s.kind === 'git' ? `${s.git} revision ${s.revision ?? 'HEAD'}` : `local ${s.local}`;
  return `${r.by} requires ${what} (${formatDepsProblem({ file: r.spec.file, line: r.spec.line, message: '' }).replace(/: $/, '')})`;
}

function refuseDuplicateNames(resolved: Pinned[], rootName: string): void {
  const byName = new Map<string, Pinned[]>();
  for (const p of resolved) byName.set(p.locked.name, [...(byName.get(p.locked.name) ?? []), p]);
  const describe = (p: Pinned) => (p.locked.kind === 'hub' ? `hub package ${p.locked.package}` : p.locked.kind === 'git' ? `git package ${p.locked.git}` : `local package ${p.locked.local}`);
  const problems = [...byName].flatMap(([name, group]) => {
    if (name === rootName) return [{ message: `${describe(group[0]!)} is a project named '${name}', like the root project; a package cannot share the project's name` }];
    return group.length > 1 ? [{ message: `two packages install as '${name}': ${group.map(describe).join(' and ')}; keep one of them` }] : [];
  });
  if (problems.length > 0) throw new DepsError(problems);
}
