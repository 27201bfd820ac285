import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { runOperation } from '../../electron/core/build/run-operation.js';
import { ProjectLoadError } from '../../electron/core/build/project-load-error.js';
import { corpusRoot } from '../compat/corpus.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { writeTempProject } from '../helpers/temp-project.js';

const project = {
  'dbt_project.yml': `name: shop\npackages-install-path: ${JSON.stringify(path.join(corpusRoot, 'packages'))}\nmodels:\n  shop:\n    +materialized: table\n`,
  'models/orders.sql': 'select 1 as order_id, 9.5 as amount',
  'macros/count_rows.sql': [
    '{% macro count_rows(model_name, greeting="rows") %}',
    "  {% set result = run_query('select count(*) from ' ~ ref(model_name)) %}",
    "  {% do log(greeting ~ ': ' ~ result.columns[0].values()[0], info=True) %}",
    '  {{ return(result.rows | length) }}',
    '{% endmacro %}',
  ].join('\n'),
};

describe('assay run-operation', () => {
  it("runs a project macro with --args, answering its run_query from the branch's environment", async () => {
    const root = await writeTempProject(project);
    await initCommittedRepo(root);
    await buildBranch({ projectRoot: root });
    const result = await runOperation({ projectRoot: root, macro: 'count_rows', args: { model_name: 'orders', greeting: 'orders has' } });
    expect(result).toEqual({ output: '1', logs: ['orders has: 1'] });
  });

  it("runs a package's operation: codegen writes a model's YAML from its columns", async () => {
    const root = await writeTempProject(project);
    await initCommittedRepo(root);
    await buildBranch({ projectRoot: root });
    const result = await runOperation({ projectRoot: root, macro: 'codegen.generate_model_yaml', args: { model_names: ['orders'] } });
    const printed = [...result.logs, result.output].join('\n');
    expect(printed).toMatch(/- name: orders[\s\S]*- name: order_id[\s\S]*data_type: integer[\s\S]*- name: amount/);
  });

  it('an unknown macro, or a macro that fails, is an error naming it (exit 2 on the command line)', async () => {
    const root = await writeTempProject({ ...project, 'macros/bad.sql': "{% macro bad() %}{{ exceptions.raise_compiler_error('nope') }}{% endmacro %}" });
    await initCommittedRepo(root);
    await expect(runOperation({ projectRoot: root, macro: 'missing' })).rejects.toThrow(ProjectLoadError);
    await expect(runOperation({ projectRoot: root, macro: 'bad' })).rejects.toMatchObject({ errors: [expect.objectContaining({ message: expect.stringMatching(/Compilation Error: nope/) })] });
    const cli = await assay(['run-operation', 'missing', '--project', root]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/no macro named 'missing'/);
    const badArgs = await assay(['run-operation', 'count_rows', '--project', root, '--args', '[1, 2]']);
    expect(badArgs.code).toBe(2);
    expect(badArgs.stderr).toMatch(/--args "\[1, 2\]" must be a mapping, such as/);
  });
});
