import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { parse, stringify } from 'yaml';
import { hubRepositoryUrl } from '../../electron/core/dbt/packages/hub-repositories.js';
import { corpusRoot, type CorpusEntry } from './corpus.js';

/** A corpus package published as a git repository: where, and at which tag and commit. */
interface Mirror {
  entry: CorpusEntry & { repo: string; tag: string | null };
  commit: string;
}

/**
 * Publishes every corpus package as a bare git repository under a temporary folder laid out like
 * GitHub (`<org>/<repo>.git`, tagged with its release), and points `https://github.com/` at it with
 * git's own `url.<base>.insteadOf` in a private global config: `assay deps` then fetches the corpus
 * packages exactly as it would fetch them from GitHub.
 */
export async function publishPackageMirrors(manifest: CorpusEntry[]): Promise<Map<string, Mirror>> {
  const root = await mkdtemp(path.join(tmpdir(), 'assay-compat-mirrors-'));
  const config = path.join(root, 'gitconfig');
  process.env.GIT_CONFIG_GLOBAL = config;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  await writeFile(config, '');
  git(root, ['config', '--global', 'user.name', 'compat']);
  git(root, ['config', '--global', 'user.email', 'compat@example.com']);
  git(root, ['config', '--global', `url.file://${root}/.insteadOf`, 'https://github.com/']);
  const mirrors = new Map<string, Mirror>();
  for (const entry of manifest.filter((e) => e.kind === 'package') as Mirror['entry'][]) {
    const work = path.join(root, 'work', entry.name);
    await cp(path.join(corpusRoot, entry.path), work, { recursive: true });
    git(work, ['init', '-q', '-b', 'main']);
    git(work, ['add', '-A']);
    git(work, ['commit', '-q', '-m', `${entry.name} as the corpus holds it`]);
    if (entry.tag) git(work, ['tag', entry.tag]);
    const bare = path.join(root, `${entry.repo}.git`);
    await mkdir(path.dirname(bare), { recursive: true });
    git(root, ['clone', '-q', '--bare', work, bare]);
    mirrors.set(`https://github.com/${entry.repo}.git`.toLowerCase(), { entry, commit: git(work, ['rev-parse', 'HEAD']).trim() });
  }
  return mirrors;
}

/**
 * The corpus holds one version of each package, and the projects pin others (chinook: dbt_utils
 * 0.8.6, a commit of dbt-external-tables). The staged packages.yml asks for the corpus version
 * instead wherever the pin does not allow it; each substitution is returned, to be printed.
 */
export async function pinCorpusVersions(projectDir: string, mirrors: Map<string, Mirror>): Promise<string[]> {
  const file = path.join(projectDir, 'packages.yml');
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return [];
  const doc = parse(text) as { packages?: Record<string, unknown>[] };
  const substituted: string[] = [];
  for (const spec of doc.packages ?? []) {
    if (typeof spec.package === 'string') {
      const mirror = mirrors.get(hubRepositoryUrl(spec.package).toLowerCase());
      const tag = mirror?.entry.tag;
      if (!tag || allows(spec.version, tag)) continue;
      substituted.push(`${spec.package} ${JSON.stringify(spec.version)} → ${tag}`);
      spec.version = tag;
    } else if (typeof spec.git === 'string') {
      const mirror = mirrors.get(spec.git.toLowerCase().replace(/(\.git)?$/, '.git'));
      if (!mirror || spec.revision === 'main') continue;
      const revision = mirror.entry.tag ?? mirror.commit;
      substituted.push(`${spec.git} ${JSON.stringify(spec.revision)} → ${revision}${mirror.entry.tag ? '' : ' (the same files, committed in the mirror)'}`);
      spec.revision = revision;
    }
  }
  if (substituted.length > 0) await writeFile(file, stringify(doc));
  return substituted;
}

function allows(version: unknown, tag: string): boolean {
  const ranges = (Array.isArray(version) ? version : [version]).map(String);
  return ranges.every((range) => semver.satisfies(tag, range));
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
