import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

describe('a file whose name is not valid UTF-8', () => {
  it('is named, without a stack trace, by build and ls (exit 2)', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id' });
    // `café.sql` written in Latin-1: the byte 0xE9 alone is not UTF-8.
    await writeFile(Buffer.concat([Buffer.from(`${path.join(root, 'models')}/caf`), Buffer.from([0xe9]), Buffer.from('.sql')]), 'select 2 as id');
    for (const command of ['build', 'ls']) {
      const run = await assay([command, '--project', root]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`assay: ${root}/models/caf\uFFFD.sql: this file name is not valid UTF-8`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
