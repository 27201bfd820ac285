import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RefreshRecord } from '../../shared/refresh-types.js';
import { sh } from '../git/git-fixture.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { tempDir, writeTempProject } from '../helpers/temp-project.js';

/**
 * A small shop project whose orders arrive as monthly deliveries in `lake/<month>/orders.csv`
 * (git-ignored: data lands there, it is not committed), with a unique test, a row-count test and
 * one dashboard; committed on main, pushed to a bare remote, and cloned by a colleague.
 */
export const shopFiles: Record<string, string> = {
  '.gitignore': 'lake/\n',
  'dbt_project.yml': 'name: shop\nversion: 1\nmodels:\n  shop:\n    +materialized: table\n',
  'models/sources.yml': "sources:\n  - name: lake\n    tables:\n      - name: orders\n        meta: {external_location: \"read_csv('lake/*/orders.csv', header = true)\"}\n",
  'models/orders.sql': "select id, amount from {{ source('lake', 'orders') }}\n",
  'models/orders.yml': 'models:\n  - name: orders\n    tests:\n      - row_count: {min: 1}\n    columns:\n      - name: id\n        tests: [unique]\n',
  'dashboards/orders.yml': 'title: Orders\nelements:\n  - name: total\n    query: "select count(*) as orders, sum(amount) as amount from {{ ref(\'orders\') }}"\n    spec: {mark: bar, encoding: {x: {field: orders, type: quantitative}}}\n',
};

export interface ShopRepo {
  root: string;
  remote: string;
  colleague: string;
}

export async function shopWithRemote(extra: Record<string, string> = {}): Promise<ShopRepo> {
  const root = await writeTempProject({ ...shopFiles, ...extra });
  await initCommittedRepo(root);
  await deliver(root, '2024-01', [[1, 10], [2, 20]]);
  const remote = path.join(await tempDir('assay-remote-'), 'shop.git');
  await sh(root, 'init', '-q', '--bare', '-b', 'main', remote);
  await sh(root, 'remote', 'add', 'origin', remote);
  await sh(root, 'push', '-q', '-u', 'origin', 'main');
  const colleague = path.join(await tempDir('assay-colleague-'), 'shop');
  await sh(root, 'clone', '-q', remote, colleague);
  await sh(colleague, 'config', 'user.name', 'Colleague');
  await sh(colleague, 'config', 'user.email', 'colleague@example.com');
  return { root, remote, colleague };
}

/** A month's delivery of orders (id, amount) landing in the lake. */
export async function deliver(root: string, month: string, rows: [number, number][]): Promise<string> {
  const file = path.join(root, 'lake', month, 'orders.csv');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `id,amount\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  return file;
}

/** The colleague commits `files` and pushes them. */
export async function colleaguePushes(repo: ShopRepo, files: Record<string, string>, message: string): Promise<string> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo.colleague, file)), { recursive: true });
    await writeFile(path.join(repo.colleague, file), text);
  }
  await sh(repo.colleague, 'add', '-A');
  await sh(repo.colleague, 'commit', '-q', '-m', message);
  await sh(repo.colleague, 'push', '-q');
  return sh(repo.colleague, 'rev-parse', 'HEAD');
}

/** Each step's status, by step: what a refresh did at a glance. */
export function statuses(record: Pick<RefreshRecord, 'steps'>): Record<string, string> {
  return Object.fromEntries(record.steps.map((s) => [s.step, s.status]));
}
