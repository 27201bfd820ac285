import { describe, expect, it } from 'vitest';
import { assay } from '../helpers/run-cli.js';
import { writeTempProject } from '../helpers/temp-project.js';

describe('a parametric model on the command line', () => {
  it('compile shows the placeholder and where the values come from; build prints each value as it is computed', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\n',
      'models/by_day.sql': "{{ config(materialized='table', parameters={'day': ['2024-01-02', '2024-01-01']}) }}\nselect {{ param('day') }} + 1 as next_day",
    });
    const compiled = await assay(['compile', '--project', root]);
    expect(compiled.stdout).toContain('-- parametric: run once per value of $day (bound, at most 1000) from the list ["2024-01-02","2024-01-01"]\nselect $day + 1 as next_day');

    const built = await assay(['build', '--project', root]);
    expect(built.code).toBe(0);
    expect(built.stderr).toContain('by_day day: 2 value(s) to compute, 0 kept');
    expect(built.stderr).toMatch(/by_day day = 2024-01-01 \(\d\/2\), 0 kept; 1 rows in \d+ ms/);
    expect(built.stderr).toMatch(/by_day day = 2024-01-02 \(\d\/2\), 0 kept; 1 rows in \d+ ms/);
  });
});
