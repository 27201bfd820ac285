import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assay } from '../helpers/run-cli.js';
import { writeTempProject } from '../helpers/temp-project.js';

describe('--target and --profiles-dir', () => {
  it("choose the profile's target and where profiles.yml is, as dbt does; templates see target.name", async () => {
    const profiles = await writeTempProject({
      'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev: {type: duckdb, threads: 1}\n    ci: {type: duckdb, threads: 3}\n',
    });
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\nprofile: shop\n',
      'models/which.sql': "select '{{ target.name }}' as target_name, {{ target.threads }} as threads, '{{ target.profile_name }}' as profile",
    });
    const chosen = await assay(['compile', '--project', root, '--profiles-dir', profiles, '--target', 'ci']);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain("select 'ci' as target_name, 3 as threads, 'shop' as profile");
    const byDefault = await assay(['compile', '--project', root, '--profiles-dir', path.resolve(profiles)]);
    expect(byDefault.stdout).toContain("select 'dev' as target_name, 1 as threads");
  });
});
