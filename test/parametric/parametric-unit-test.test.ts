import { describe, expect, it } from 'vitest';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { runUnitTests } from '../../electron/core/unit-tests/run-unit-tests.js';
import { writeTempProject } from '../helpers/temp-project.js';

describe('a unit test of a parametric model', () => {
  it('is an error saying it is not supported yet, naming the model and its parameter', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/days.sql': "select date '2024-01-01' as day",
      'models/by_day.sql': "{{ config(parameters={'day': 'select day from ' ~ ref('days')}) }}\nselect count(*) as n from {{ ref('days') }} where day <= {{ param('day') }}",
      'models/unit.yml': "unit_tests:\n  - name: counts_days\n    model: by_day\n    given:\n      - input: ref('days')\n        rows: [{day: 2024-01-01}]\n    expect:\n      rows: [{n: 1}]\n",
    });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const { compiled } = compileProject(loaded.project);
    const [result] = await runUnitTests({ compiled, tests: compiled.project.tests.filter((t) => t.kind === 'unit_test') });
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining("model 'by_day' is a parametric model (run once per value of 'day'): unit tests of parametric models are not supported yet") });
  });
});
