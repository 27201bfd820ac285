import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import { queryEnv } from '../helpers/env-reader.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const cli = path.resolve('bin/assay.js');

describe('a build killed mid-way', () => {
  it('leaves the previous environment intact and readable, and the next build takes over', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/first.sql': 'select 1 as id',
      'models/slow.sql': "select 'old' as version",
    });
    await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    await writeFile(path.join(root, 'models/first.sql'), 'select 2 as id');
    await writeFile(path.join(root, 'models/slow.sql'), "select 'new' as version, sum(a.range * b.range) as s from {{ ref('first') }}, range(100000000) a, range(1000) b");

    const child = spawn('node', [cli, 'build', '--project', root], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        // `first` is done, so `slow` is being built: the new catalog is half written.
        if (/built\s+first/.test(output)) resolve();
      });
      child.on('exit', () => reject(new Error(`build ended before it could be killed:\n${output}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const envs = await readdir(assayPaths(root).envsDir);
    expect(envs).toContain('local.lock');
    expect(envs.some((f) => f.includes('.build-'))).toBe(true);
    const catalog = await readCatalog(assayPaths(root).envFile('local'));
    expect(catalog.state === 'ok' && catalog.info.status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select * from slow')).toEqual([{ version: 'old' }]);
    expect(await queryEnv(root, 'local', 'select * from first')).toEqual([{ id: 1 }]);

    await writeFile(path.join(root, 'models/slow.sql'), "select 'new' as version from {{ ref('first') }}");
    const next = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    expect(next.status).toBe('ok');
    expect(await queryEnv(root, 'local', 'select * from slow')).toEqual([{ version: 'new' }]);
    expect((await readdir(assayPaths(root).envsDir)).filter((f) => f.includes('.build-') || f.endsWith('.lock'))).toEqual([]);
  });
});
