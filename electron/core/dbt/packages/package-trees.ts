import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readYamlFile } from '../../project/yaml-file.js';
import { DepsError } from './deps-error.js';
import { fetchRevision, type FetchTarget } from './fetch-package.js';
import { effectiveUrl, GitRemoteError, listRemoteRefs, remoteHead, type RemoteRefs } from './remote-refs.js';

/** A package's files on disk, ready to be installed: where they are and the project name they declare. */
export interface PackageTree {
  dir: string;
  name: string;
  /** `version:` of its dbt_project.yml, if any. */
  version?: string;
  commit?: string;
}

/** How a package is named in messages: `dbt-labs/dbt_utils 1.1.0`, a git URL, a local path. */
export interface PackageLabel {
  label: string;
  /** The URL as written, when it differs from the one fetched (Jinja such as env_var is not shown rendered). */
  url?: string;
}

const packageProject = z.looseObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a dbt project name (letters, digits, _)'),
  version: z.union([z.string(), z.number()]).optional(),
});

/**
 * Fetches packages with git into `workDir`, each repository revision once, and lists remote refs
 * once per URL. A remote git cannot reach is a DepsError naming the package, the URL (and what
 * insteadOf rewrote it to) and `assay deps`.
 */
export class PackageTrees {
  private readonly refs = new Map<string, Promise<RemoteRefs>>();
  private readonly trees = new Map<string, Promise<{ dir: string; commit: string }>>();
  private count = 0;

  constructor(private readonly workDir: string, private readonly onProgress: (line: string) => void = () => {}) {}

  remoteRefs(url: string, pkg: PackageLabel): Promise<RemoteRefs> {
    let refs = this.refs.get(url);
    if (!refs) {
      refs = listRemoteRefs(url).catch((err: unknown) => this.unreachable(err, pkg, url));
      this.refs.set(url, refs);
    }
    return refs;
  }

  async head(url: string, pkg: PackageLabel): Promise<string> {
    return remoteHead(url).catch((err: unknown) => this.unreachable(err, pkg, url));
  }

  /** The files of `url` at `target` (a folder inside the repository when `subdirectory` is given), with the name its dbt_project.yml declares. */
  async fetch(url: string, target: FetchTarget, subdirectory: string | undefined, pkg: PackageLabel): Promise<PackageTree> {
    const key = `${url}\n${target.commit ?? target.ref}`;
    let tree = this.trees.get(key);
    if (!tree) {
      tree = this.fetchOnce(url, target, pkg);
      this.trees.set(key, tree);
    }
    const { dir, commit } = await tree;
    const packageDir = subdirectory ? path.join(dir, subdirectory) : dir;
    const where = subdirectory ? `subdirectory '${subdirectory}' of ${url}` : url;
    return { dir: packageDir, commit, ...(await projectName(packageDir, `${pkg.label} (${where} at ${commit.slice(0, 12)})`)) };
  }

  /** A local package's folder, with its name. */
  async local(dir: string, pkg: PackageLabel): Promise<PackageTree> {
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new DepsError([{ message: `${pkg.label}: there is no folder ${dir}` }]);
    return { dir, ...(await projectName(dir, pkg.label)) };
  }

  private async fetchOnce(url: string, target: FetchTarget, pkg: PackageLabel): Promise<{ dir: string; commit: string }> {
    await mkdir(this.workDir, { recursive: true });
    this.onProgress(`fetching ${pkg.label} from ${url}`);
    // A tag or branch is cloned by name (and checked against the commit, when one is known); the
    // commit itself is fetched when the name is gone or has moved since it was locked.
    const attempts: FetchTarget[] = target.ref && target.commit && /^[0-9a-f]{40}$/.test(target.commit) ? [target, { commit: target.commit }] : [target];
    let failure: unknown;
    for (const attempt of attempts) {
      const dest = path.join(this.workDir, `fetch-${++this.count}`);
      try {
        return { dir: dest, commit: await fetchRevision(url, attempt, dest) };
      } catch (err) {
        failure ??= err;
      }
    }
    return this.unreachable(failure, pkg, url);
  }

  private async unreachable(err: unknown, pkg: PackageLabel, url: string): Promise<never> {
    if (!(err instanceof GitRemoteError)) throw err;
    const shown = pkg.url ?? url;
    const rewritten = shown === url ? await effectiveUrl(url) : url;
    const via = rewritten !== url ? ` (git rewrites it to ${rewritten})` : '';
    throw new DepsError([{
      message: `cannot fetch package ${pkg.label} from ${shown}${via}: ${shown === url ? err.message : 'git failed'}. ` +
        'assay deps needs to reach that repository, or a mirror of it named with git config url.<mirror>.insteadOf, to install the package; nothing was installed',
    }]);
  }
}

async function projectName(dir: string, label: string): Promise<{ name: string; version?: string }> {
  const parsed = await readYamlFile(dir, 'dbt_project.yml', packageProject).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new DepsError([{ message: `${label} is not a dbt package: it has no dbt_project.yml` }]);
    throw err;
  });
  if (!parsed.ok) throw new DepsError(parsed.errors.map((e) => ({ file: `${label}: dbt_project.yml`, line: e.line, message: e.message })));
  const { name, version } = parsed.yaml.value;
  return { name, version: version === undefined ? undefined : String(version) };
}
