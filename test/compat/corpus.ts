import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real dbt projects and packages beside the checkout (../shared/dbt-corpus): read in place, never copied into the repo. */
export const corpusRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/dbt-corpus');

export interface CorpusEntry {
  name: string;
  kind: 'project' | 'package';
  path: string;
  packages: { package: string; version: string }[];
  data: 'complete' | 'partial' | 'none';
}

export async function corpusManifest(): Promise<CorpusEntry[]> {
  return JSON.parse(await readFile(path.join(corpusRoot, 'manifest.json'), 'utf8')) as CorpusEntry[];
}

/** The `--vars` each project's README runs it with (jaffle-shop loads its seeds only with this one). */
export const projectVars: Record<string, Record<string, unknown>> = { 'jaffle-shop': { load_source_data: true } };

/**
 * Projects whose own profiles.yml cannot run here get a plain DuckDB one in the staged copy, as
 * their READMEs tell a new user to write: analytics-kit's points at /Users/... and loads httpfs,
 * which an offline machine cannot install.
 */
export const replacedProfiles: Record<string, string> = { 'analytics-kit': 'dbt_duckdb_analytics_kit' };

/**
 * The load steps the corpus README names that run outside dbt: octocatalog's `el.py -lc` writes
 * raw.github_events into the profile's database from the committed fixture (same SQL, same columns).
 */
export const loadSteps: Record<string, (projectDir: string) => Promise<void>> = {
  octocatalog: async (projectDir) => {
    await mkdir(path.join(projectDir, 'reports'), { recursive: true });
    const db = await DuckDBInstance.create(path.join(projectDir, 'reports/octocatalog.db'));
    const conn = await db.connect();
    const struct = (fields: string[]) => `'STRUCT(${fields.map((f) => `${f} VARCHAR`).join(', ')})'`;
    const columns = `{'id': 'VARCHAR', 'type': 'VARCHAR', 'actor': ${struct(['id', 'login', 'display_login', 'gravatar_id', 'url', 'avatar_url'])}, 'repo': ${struct(['id', 'name', 'url'])}, 'payload': 'JSON', 'public': 'BOOLEAN', 'created_at': 'TIMESTAMP', 'org': ${struct(['id', 'login', 'gravatar_id', 'url', 'avatar_url'])}}`;
    await conn.run(`create schema if not exists raw; create or replace table raw.github_events as select * from read_ndjson('${path.join(projectDir, 'data/testing.json')}', columns=${columns})`);
    conn.closeSync();
    db.closeSync();
  },
};

/** Where the dbt project sits inside a corpus entry (recipes keeps it one level down). */
export const projectSubfolder: Record<string, string> = { recipes: 'dbt_project' };

/**
 * Copies a corpus project into a temporary folder, with its load step and profile; everything a
 * run writes stays there. Its packages are installed afterwards by `assay deps` (see package-mirrors.ts).
 */
export async function stageProject(entry: CorpusEntry): Promise<{ workdir: string; projectDir: string }> {
  const workdir = await mkdtemp(path.join(tmpdir(), `assay-compat-${entry.name}-`));
  await cp(path.join(corpusRoot, entry.path), workdir, { recursive: true });
  const projectDir = path.join(workdir, projectSubfolder[entry.name] ?? '.');
  await loadSteps[entry.name]?.(projectDir);
  const profile = replacedProfiles[entry.name];
  if (profile) await writeFile(path.join(projectDir, 'profiles.yml'), `${profile}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ':memory:'\n`);
  return { workdir, projectDir };
}
