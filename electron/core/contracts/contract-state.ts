import type { ColumnDoc, ConstraintType, ContractDoc, Materialization } from '../../../shared/project-types.js';
import type { NodeConfig } from '../project/node-config.js';
import type { ModelNode } from '../project/project.js';

/** Constraints the build checks on a table's result; foreign keys and custom constraints are declared only. */
export const CHECKED_CONSTRAINTS: readonly ConstraintType[] = ['not_null', 'unique', 'primary_key', 'check'];

export type ContractSetting = { enforced: boolean } | { problem: string };

/** The model's `contract` config, from dbt_project.yml, its schema.yml entry or `config()` in its SQL. */
export function contractSetting(config: NodeConfig): ContractSetting {
  const raw = config.extra.contract;
  if (raw === undefined || raw === null) return { enforced: false };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { problem: `contract must be a mapping such as {enforced: true}, not ${JSON.stringify(raw)}` };
  const enforced = (raw as Record<string, unknown>).enforced;
  if (enforced !== undefined && typeof enforced !== 'boolean') return { problem: `contract.enforced must be true or false, not ${JSON.stringify(enforced)}` };
  return { enforced: enforced === true };
}

export function contractEnforced(config: NodeConfig): boolean {
  const setting = contractSetting(config);
  return 'enforced' in setting && setting.enforced;
}

/** Only a stored result can be checked: a view or an ephemeral model holds no rows of its own. */
export function holdsConstraints(materialization: Materialization): boolean {
  return materialization === 'table' || materialization === 'incremental';
}

/** Why a declared constraint is not checked by the build, or null when it is. */
export function whyNotEnforced(type: ConstraintType, enforced: boolean, model: { name: string; materialization: Materialization }): string | null {
  if (!enforced) return `the model's contract is not enforced (contract: {enforced: true} turns its checks on)`;
  if (!holdsConstraints(model.materialization)) return `${model.name} is ${model.materialization === 'ephemeral' ? 'ephemeral' : `a ${model.materialization}`}: constraints are checked on tables and incremental models only (its columns and types are still checked)`;
  if (!CHECKED_CONSTRAINTS.includes(type)) return `Assay checks not_null, unique, primary_key and check constraints; a ${type} constraint is declared only`;
  return null;
}

/** The contract as the UI shows it: enforced or not, and which constraints the build checks. */
export function describeContract(model: ModelNode, config: NodeConfig, materialization: Materialization): { columns: ColumnDoc[]; contract?: ContractDoc } {
  const enforced = contractEnforced(config);
  const declared = model.contract;
  if (!enforced && (!declared || declared.constraints.length === 0)) return { columns: model.columns };
  const mark = <T extends { type: ConstraintType }>(c: T) => ({ ...c, enforced: whyNotEnforced(c.type, enforced, { name: model.name, materialization }) === null });
  const plain = (list: NonNullable<ModelNode['contract']>['constraints']) => list.map(({ location: _l, warnUnenforced: _w, level: _level, ...doc }) => mark(doc));
  const byColumn = (name: string) => plain((declared?.constraints ?? []).filter((c) => c.level === 'column' && c.columns[0] === name));
  return {
    columns: model.columns.map((column) => ({ ...column, constraints: byColumn(column.name) })),
    contract: { enforced, constraints: plain((declared?.constraints ?? []).filter((c) => c.level === 'model')) },
  };
}
