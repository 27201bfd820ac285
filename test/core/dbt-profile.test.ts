import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { ProjectLoadError } from '../../electron/core/build/project-load-error.js';
import { readDbtProfile, sessionStatements } from '../../electron/core/project/dbt-profile.js';
import { withEnvironment } from '../../electron/core/env/environment-reader.js';
import { runTests } from '../../electron/core/tests/run-tests.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { writeTempProject } from '../helpers/temp-project.js';

const project = (profiles: string | null, extra: Record<string, string> = {}) =>
  writeTempProject({
    'dbt_project.yml': 'name: demo\nversion: 1\nprofile: demo\nmodels:\n  demo:\n    +materialized: table\n',
    ...(profiles === null ? {} : { 'profiles.yml': profiles }),
    ...extra,
  });

const duckdbProfile = (output: string) => `demo:
  target: dev
  outputs:
    dev:
      type: duckdb
${output.split('\n').map((l) => `      ${l}`).join('\n')}
`;

// Which value sorts first depends on the session's default_null_order.
const firstValue = "{{ config(materialized='view') }}\nselect x from (values (1), (null)) t(x) order by x limit 1";

describe("the project's dbt profile", () => {
  it('reads extensions, settings, threads, the database file and attachments, rendering env_var, and warns about what Assay does not use', async () => {
    const root = await project(duckdbProfile("path: dev.duckdb\nattach: [{path: other.duckdb}, {path: 'md:cloud'}]\nplugins: [{module: x}]\nthreads: \"{{ env_var('DEMO_THREADS') }}\"\nextensions: [json]\nsettings:\n  default_null_order: \"{{ env_var('DEMO_NULLS', 'nulls_first') }}\""));
    const read = await readDbtProfile(root, 'demo', { DEMO_THREADS: '3' });
    expect(read.session).toEqual({ extensions: ['json'], settings: { default_null_order: 'nulls_first' }, threads: 3, file: 'profiles.yml', databaseFile: 'dev.duckdb', attachments: [{ alias: 'other', path: 'other.duckdb' }], profileName: 'demo', targetName: 'dev' });
    expect(read.errors).toEqual([{ file: 'profiles.yml', line: 8, severity: 'warning', message: "'plugins' is not applied by Assay: models that need it will fail to build" }]);
    expect(sessionStatements(read.session)).toEqual(['LOAD json', "SET default_null_order = 'nulls_first'"]);
  });

  it('renders the profile target with env_var, and lets profiles read secret environment variables', async () => {
    const root = await project(`demo:\n  target: "{{ env_var('DEMO_TARGET', 'dev') }}"\n  outputs:\n    ci:\n      type: duckdb\n      settings:\n        s3_access_key_id: "{{ env_var('DBT_ENV_SECRET_KEY') }}"\n`);
    const read = await readDbtProfile(root, 'demo', { DEMO_TARGET: 'ci', DBT_ENV_SECRET_KEY: 'k' });
    expect(read.errors).toEqual([]);
    expect(read.session.settings).toEqual({ s3_access_key_id: 'k' });
  });

  it('names the file and line of what is wrong, and builds without a profile when there is none', async () => {
    const missingVar = await readDbtProfile(await project(duckdbProfile("threads: \"{{ env_var('NOT_SET_ANYWHERE') }}\"")), 'demo', {});
    expect(missingVar.errors).toEqual([expect.objectContaining({ file: 'profiles.yml', line: 6, severity: 'error', message: expect.stringMatching(/env_var\('NOT_SET_ANYWHERE'\) is not set/) })]);
    const badSetting = await readDbtProfile(await project(duckdbProfile('settings:\n  "drop table x; --": 1')), 'demo', {});
    expect(badSetting.errors).toEqual([{ file: 'profiles.yml', line: 7, severity: 'error', message: "settings: 'drop table x; --' is not a setting name (letters, digits and _)" }]);
    const malformed = await readDbtProfile(await project('demo:\n  target: dev\n  target: prod\n'), 'demo', {});
    expect(malformed.errors[0]).toMatchObject({ file: 'profiles.yml', line: 3, severity: 'error', message: expect.stringMatching(/invalid YAML: Map keys must be unique/) });
    const postgres = await readDbtProfile(await project(duckdbProfile('').replace('type: duckdb', 'type: postgres')), 'demo', {});
    // An incomplete postgres output leaves the project building on DuckDB, warned with what is missing.
    expect(postgres.errors).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'profiles.yml', line: 4, severity: 'warning', message: "postgres target 'dev' cannot be used: host: Invalid input: expected string, received undefined" })]));
    expect(postgres.errors.every((e) => e.severity === 'warning')).toBe(true);
    expect(postgres.warehouse).toBeUndefined();
    const otherTarget = await readDbtProfile(await project(duckdbProfile('')), 'demo', { DBT_TARGET: 'prod' });
    expect(otherTarget.errors).toEqual([expect.objectContaining({ severity: 'warning', message: "profile 'demo' has no target 'prod' (it has dev)" })]);
    expect(await readDbtProfile(await project(null), 'demo', { HOME: '/nonexistent' })).toEqual({ session: { extensions: [], settings: {} }, file: null, errors: [] });
  });

  it("runs every connection in the profile's session: the build, the tests, and whoever reads the environment", async () => {
    const root = await project(duckdbProfile("settings:\n  default_null_order: 'nulls_first'"), {
      'models/first_value.sql': firstValue,
      'models/schema.yml': 'models:\n  - name: first_value\n    columns:\n      - name: x\n        tests: [not_null]\n',
    });
    const built = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    expect(built.status).toBe('ok');
    const read = await withEnvironment(root, 'local', ({ conn }) => conn.query('select x from first_value'));
    expect(read.ok && read.rows).toEqual([{ x: null }]);
    const { compiled, renderer, project: loaded } = await prepareProject(root, root);
    const [notNull] = await runTests({ projectRoot: root, compiled, renderer, env: 'local', tests: loaded.tests });
    expect(notNull).toMatchObject({ status: 'fail', failing_rows: 1 });

    // The same project without the setting sorts NULLs last: a changed session rebuilds.
    await writeFile(path.join(root, 'profiles.yml'), duckdbProfile("settings:\n  default_null_order: 'nulls_last'"));
    const rebuilt = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    expect(rebuilt.nodes.find((n) => n.node === 'first_value')?.status).toBe('built');
    const again = await withEnvironment(root, 'local', ({ conn }) => conn.query('select x from first_value'));
    expect(again.ok && again.rows).toEqual([{ x: 1 }]);
  });

  it('refuses to build when an extension it names cannot be loaded, naming the profile and the extension', async () => {
    const root = await project(duckdbProfile('extensions: [no_such_extension]'), { 'models/one.sql': 'select 1 as x' });
    await mkdir(path.join(root, 'models'), { recursive: true });
    const failed = buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    await expect(failed).rejects.toThrow(ProjectLoadError);
    await expect(failed).rejects.toThrow(/^profiles\.yml: the profile's DuckDB session does not start: LOAD no_such_extension: /);
  });
});
