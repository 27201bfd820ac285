import { initCommittedRepo } from './git-repo.js';
import { writeTempProject } from './temp-project.js';

/** A sources file declaring `lake.orders` over dated delivery folders (meta.deliveries). */
export const lakeSources = (deliveries: string, location = "read_csv('lake/*/orders.csv', header = true)") => `version: 2
sources:
  - name: lake
    tables:
      - name: orders
        meta:
          external_location: "${location}"
          deliveries: '${deliveries}'
`;

/** A committed project over a lake of monthly order deliveries (folder → CSV rows), a model over it and one that reads no lake file. */
export async function lakeProject(folders: Record<string, string>, deliveries = 'lake/{delivery_month}/orders.csv', location?: string): Promise<string> {
  const files: Record<string, string> = {
    'dbt_project.yml': 'name: lake_demo\nversion: 1\nmodels:\n  lake_demo:\n    +materialized: table\n',
    'models/sources.yml': lakeSources(deliveries, location),
    'models/orders.sql': "select * from {{ source('lake', 'orders') }}",
    'models/calendar.sql': "select range::date as day from range(date '2024-01-01', date '2024-02-01', interval 1 day)",
  };
  for (const [folder, rows] of Object.entries(folders)) files[`lake/${folder}/orders.csv`] = `order_id,amount\n${rows}`;
  const root = await writeTempProject(files);
  await initCommittedRepo(root);
  return root;
}
