import { z } from 'zod';

const pathList = z.array(z.string()).optional();

/** `dbt_project.yml`, the subset Assay reads. Unknown keys are allowed: dbt has many. */
export const projectConfigSchema = z.looseObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a valid identifier (letters, digits, _)'),
  version: z.union([z.string(), z.number()]).optional(),
  profile: z.string().optional(),
  'model-paths': pathList,
  'seed-paths': pathList,
  'test-paths': pathList,
  'macro-paths': pathList,
  'snapshot-paths': pathList,
  'analysis-paths': pathList,
  'docs-paths': pathList,
  'dashboard-paths': pathList,
  vars: z.record(z.string(), z.unknown()).optional(),
  'packages-install-path': z.string().optional(),
  'on-run-start': z.union([z.string(), z.array(z.string())]).optional(),
  'on-run-end': z.union([z.string(), z.array(z.string())]).optional(),
  /** dbt's `dispatch:` config: the search order of `adapter.dispatch` per macro namespace. */
  dispatch: z.array(z.object({ macro_namespace: z.string(), search_order: z.array(z.string()) })).optional(),
  models: z.record(z.string(), z.unknown()).optional(),
  seeds: z.record(z.string(), z.unknown()).optional(),
  snapshots: z.record(z.string(), z.unknown()).optional(),
  /** Assay's release gate settings (see README); absent means solo use. */
  assay: z
    .looseObject({
      base_branch: z.string().optional(),
      require_signoff: z.boolean().optional(),
      release_check_on_merge: z.boolean().optional(),
    })
    .optional(),
});

export type ProjectConfigFile = z.infer<typeof projectConfigSchema>;

export interface ProjectPaths {
  models: string[];
  seeds: string[];
  tests: string[];
  macros: string[];
  snapshots: string[];
  analyses: string[];
  docs: string[];
  dashboards: string[];
}

export function projectPaths(config: ProjectConfigFile): ProjectPaths {
  const models = config['model-paths'] ?? ['models'];
  return {
    models,
    seeds: config['seed-paths'] ?? ['seeds'],
    tests: config['test-paths'] ?? ['tests'],
    macros: config['macro-paths'] ?? ['macros'],
    snapshots: config['snapshot-paths'] ?? ['snapshots'],
    analyses: config['analysis-paths'] ?? ['analyses'],
    docs: config['docs-paths'] ?? models,
    dashboards: config['dashboard-paths'] ?? ['dashboards'],
  };
}
