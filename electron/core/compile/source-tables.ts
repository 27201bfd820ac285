import type { ProjectError } from '../../../shared/project-types.js';
import type { Project, SourceNode } from '../project/project.js';

/**
 * Sources that name a table instead of files (no `external_location`), resolved as dbt-duckdb
 * would find them when the project itself writes that table: the seed or model whose name (or
 * alias) is the source's identifier, preferring one whose custom schema is the source's schema
 * (`+schema: raw` for schema `raw` or `main_raw`). Such a source reads that node: `source()`
 * renders its relation, lineage runs through it and the source's tests run on it. Compiled for a
 * warehouse (`onWarehouse`), any other such source is a table of the warehouse, read in place.
 */
export function resolveSourceTables(project: Project, onWarehouse = false): { aliases: Map<string, string>; errors: ProjectError[] } {
  const aliases = new Map<string, string>();
  const errors: ProjectError[] = [];
  for (const node of project.nodes.values()) {
    if (node.kind !== 'source' || !node.table) continue;
    const target = writerOf(project, node);
    const database = target ? undefined : databaseHolding(project, node);
    if (target) aliases.set(node.id, target);
    else if (database) {
      node.databaseTable = { ...database, schema: node.table.schema, identifier: node.table.identifier };
      node.fileGlobs = [database.file];
    } else if (!onWarehouse) {
      // On a warehouse the table is read where it is; the build checks that it exists there.
      errors.push({
        ...node.location,
        severity: 'error',
        node: node.id,
        message: `source ${node.name} names table ${node.table.schema}.${node.table.identifier}, which no seed or model of the project writes and no DuckDB file of the profile (path: or attach:) holds; give it meta.external_location (a file, glob or read_csv(...)) to read it from files`,
      });
    }
  }
  return { aliases, errors };
}

/** The profile's database file (or the attachment the source's `database:` names), as dbt-duckdb would read the table from it. */
function databaseHolding(project: Project, source: SourceNode): { file: string; alias: string } | undefined {
  const { attachments = [], databaseFile } = project.session;
  const wanted = source.table?.database;
  const attached = wanted ? attachments.find((a) => a.alias === wanted) : undefined;
  if (attached) return { file: attached.path, alias: attached.alias };
  if (databaseFile && (!wanted || wanted === databaseFile.replace(/^.*\//, '').replace(/\.[^.]*$/, ''))) return { file: databaseFile, alias: '__profile_database' };
  return undefined;
}

function writerOf(project: Project, source: SourceNode): string | undefined {
  const { schema, identifier } = source.table as { schema: string; identifier: string };
  const candidates = [...project.nodes.values()].filter(
    (n) => (n.kind === 'seed' || n.kind === 'model') && n.config.enabled && (n.config.alias ?? n.name).toLowerCase() === identifier.toLowerCase(),
  );
  const inSchema = candidates.find((n) => {
    const custom = (n.kind === 'seed' || n.kind === 'model') && typeof n.config.extra.schema === 'string' ? n.config.extra.schema : undefined;
    return custom !== undefined && (schema === custom || schema.endsWith(`_${custom}`));
  });
  return (inSchema ?? candidates[0])?.id;
}
