import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import type { EnvironmentHistory } from '../../shared/env-history-types.js';
import { assay } from '../helpers/run-cli.js';
import { commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { tempDir, writeTempProject } from '../helpers/temp-project.js';

const project = { 'dbt_project.yml': 'name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\n', 'models/b.sql': "select 'v1' as value" };

describe('assay env (issue 17)', () => {
  it('history, restore, clone, export and import from the command line, with the exit codes of their refusals', async () => {
    const root = await writeTempProject(project);
    await initCommittedRepo(root);
    await buildBranch({ projectRoot: root });
    const v1 = await readCatalog(assayPaths(root).envFile('main'));
    await writeFile(path.join(root, 'models/b.sql'), "select 'v2' as value");
    await commitAll(root, 'v2');
    await buildBranch({ projectRoot: root });

    const listed = await assay(['env', 'history', 'main', '--project', root, '--json']);
    expect(listed.code).toBe(0);
    const history = JSON.parse(listed.stdout) as EnvironmentHistory;
    expect(history.catalogs).toHaveLength(2);
    const [newest, older] = history.catalogs;
    const text = await assay(['env', 'history', 'main', '--project', root]);
    expect(text.stdout).toMatch(new RegExp(`^\\* ${newest?.id} .* build ok \\(1 built, 0 reused\\) .*\\(current\\)$`, 'm'));

    const unknown = await assay(['env', 'restore', 'main', '--to', 'nope', '--project', root]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`there is no catalog 'nope' in the history of environment 'main': it keeps ${newest?.id}`);

    const restored = await assay(['env', 'restore', 'main', '--to', older?.id as string, '--project', root]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`restored 'main' to catalog ${older?.id}`);

    const file = path.join(await tempDir('assay-export-'), 'main.tar');
    expect((await assay(['env', 'export', 'main', file, '--project', root])).code).toBe(0);
    expect((await assay(['env', 'clone', 'main', 'copy', '--project', root])).code).toBe(0);
    expect((await assay(['env', 'clone', 'main', 'copy', '--project', root])).code).toBe(2);
    const fresh = await writeTempProject(project);
    const imported = await assay(['env', 'import', file, '--project', fresh]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("as 'main'");
    await writeFile(file, 'not an archive at all');
    const refused = await assay(['env', 'import', file, 'other', '--project', fresh]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^assay: cannot import .*main\.tar: .*Nothing was imported or replaced\n$/);

    // The v1 catalog's store file removed: restoring it is refused (exit 1), naming it.
    const v1File = v1.state === 'ok' ? (v1.entries.get('b')?.physical as string) : '';
    await rm(v1File);
    const missing = await assay(['env', 'restore', 'main', '--to', older?.id as string, '--project', root]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${path.basename(v1File)} (b): it is missing`);
  });
});
