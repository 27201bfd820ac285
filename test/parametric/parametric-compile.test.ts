import { describe, expect, it } from 'vitest';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { runUnitTests } from '../../electron/core/unit-tests/run-unit-tests.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

async function compile(model: string, files: Record<string, string> = {}) {
  const root = await writeTempProject({ ...minimalProject, 'models/months.sql': "select date '2024-01-01' as month", 'models/by_month.sql': model, ...files });
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compileProject(loaded.project).compiled;
}

const declared = "{{ config(parameters={'month': 'select month from ' ~ ref('months')}) }}";

describe('compiling a parametric model', () => {
  it('shows its SQL with the placeholder, and reads what its parameter query reads', async () => {
    const compiled = await compile(`${declared}\nselect {{ param('month') }} + interval 1 month as next_month`);
    const node = compiled.nodes.get('by_month');
    expect(node?.error).toBeUndefined();
    expect(node?.sql).toBe('select $month + interval 1 month as next_month');
    expect(node?.dependsOn).toEqual(['months']);
  });

  it.each<[string, number, string]>([
    ["select {{ param('month') }} as m", 1, "param('month'): by_month declares no parameter 'month' (declare it first with {{ config(parameters={'month': \"select ...\"}) }})"],
    [`${declared}\nselect 1 as one`, 1, "by_month: it declares the parameter 'month' but its SQL never uses {{ param('month') }}: every value would give the same rows"],
    [`${declared}\nselect {{ param('month') }} as m, $other as o`, 2, "by_month: its SQL holds the placeholder $other, which is not its parameter 'month' (only param('month') is bound)"],
    [`{{ config(materialized='view', parameters={'month': [1]}) }}\nselect {{ param('month') }} as m`, 1, "by_month: a parametric model is stored as a table of every value's rows: materialize it as 'table' (it is 'view')"],
    [`{{ config(parameters={'a': [1], 'b': [2]}) }}\nselect {{ param('a') }} as m`, 1, 'by_month: a parametric model takes exactly one parameter (this one declares 2: a, b)'],
    [`{{ config(parameters={'month': "select month from {{ ref('months') }}"}) }}\nselect {{ param('month') }} as m`, 1, "by_month: parameter 'month': its query holds Jinja, which a config string does not render; build it outside the string, as in 'select month from ' ~ ref('months')"],
    [`{{ config(parameters={'month': [1]}, max_parameter_values=0) }}\nselect {{ param('month') }} as m`, 1, 'by_month: max_parameter_values must be a whole number of at least 1 (it is 0)'],
    [`{{ config(contract={'enforced': true}, parameters={'month': [1]}) }}\nselect {{ param('month') }} as m`, 1, 'by_month: an enforced contract on a parametric model is not supported yet'],
  ])('fails the model, naming its file, when %s', async (model, line, message) => {
    const compiled = await compile(model);
    expect(compiled.nodes.get('by_month')?.error).toEqual(expect.objectContaining({ file: 'models/by_month.sql', line, message: expect.stringContaining(message) }));
  });

  it('makes a unit test of it an error saying it is not supported yet, naming the model and its parameter', async () => {
    const unitTest = "unit_tests:\n  - name: next_month\n    model: by_month\n    given:\n      - input: ref('months')\n        rows: [{month: 2024-01-01}]\n    expect:\n      rows: [{m: 2024-01-01}]\n";
    const compiled = await compile(`${declared}\nselect {{ param('month') }} as m`, { 'models/unit.yml': unitTest });
    const [result] = await runUnitTests({ compiled, tests: compiled.project.tests.filter((t) => t.kind === 'unit_test') });
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining("model 'by_month' is a parametric model (run once per value of 'month'): unit tests of parametric models are not supported yet") });
  });
});
