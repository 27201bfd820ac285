import { glob } from 'tinyglobby';
import type { ProjectError, SourceLocation } from '../../../shared/project-types.js';
import { quoteIdentifier, sqlString } from '../sql/sql-text.js';
import { DELIVERY_DATE_FORMATS, deliveredBy, deliveryDate, type AsOf } from './delivery-date.js';
import type { SourceNode } from './project.js';

/**
 * A source whose files are dated deliveries: `meta.deliveries: 'lake/{delivery_month}/prescriptions.csv'`
 * says which folder of the path is the delivery's date (a hive-style `lake/delivery_month={delivery_month}/`
 * works the same way). The source gains that date as a column, and a build `--as-of` a date reads
 * only the deliveries made by then.
 */
export interface DatedDeliveries {
  /** The pattern, `{name}`/`{identifier}` already formatted: one `{column}` placeholder left. */
  pattern: string;
  column: string;
  /** The glob the pattern stands for, as the source's location reads it. */
  glob: string;
  location: SourceLocation;
  /** Set once the files are listed: each file the build reads and its delivery's ISO date. */
  files?: { file: string; date: string }[];
}

/** Reads `meta.deliveries` against the globs the source's location reads. */
export function declareDeliveries(pattern: string, fileGlobs: string[], location: SourceLocation, source: { id: string; name: string }): { deliveries: DatedDeliveries } | { error: ProjectError } {
  const fail = (message: string) => ({ error: { ...location, severity: 'error' as const, node: source.id, message: `source ${source.name}: meta.deliveries '${pattern}' ${message}` } });
  const placeholders = [...pattern.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);
  if (placeholders.length !== 1) return fail(`must name exactly one folder as the delivery date, e.g. 'lake/{delivery_month}/file.csv' (found ${placeholders.length} placeholders)`);
  const column = placeholders[0] as string;
  if (!/^[A-Za-z_]\w*$/.test(column)) return fail(`names the column '{${column}}', which is not a plain column name (letters, digits, _)`);
  const globbed = pattern.replace(`{${column}}`, '*');
  if (!fileGlobs.includes(globbed)) return fail(`stands for the files '${globbed}', but the source's external_location reads ${fileGlobs.map((g) => `'${g}'`).join(', ') || 'no files'}: make them the same glob`);
  return { deliveries: { pattern, column, glob: globbed, location } };
}

/**
 * Lists a dated source's deliveries (up to `asOf` when given) and says what its snapshot reads:
 * the explicit files instead of the glob (so its fingerprint hashes only what it reads), each row
 * with its delivery date. What `source()` renders in models stays the glob, so a new delivery
 * changes the models' data, not their definitions. A file whose folder is not a date is an error,
 * never skipped.
 */
export async function resolveDeliveries(root: string, source: SourceNode, asOf: AsOf | undefined): Promise<ProjectError[]> {
  const deliveries = source.deliveries;
  if (!deliveries) return [];
  // The source fails with the error (and what reads it is skipped): it must not read the whole lake instead.
  const fail = (message: string): ProjectError[] => {
    source.deliveriesError = { ...deliveries.location, severity: 'error', node: source.id, message: `source ${source.name}: ${message}` };
    return [source.deliveriesError];
  };
  const matcher = patternRegex(deliveries.pattern, deliveries.column);
  const files: { file: string; date: string }[] = [];
  for (const file of (await glob(deliveries.glob, { cwd: root, onlyFiles: true, expandDirectories: false })).sort()) {
    const folder = matcher.exec(file)?.[1] ?? '';
    const date = deliveryDate(folder);
    if (!date) return fail(`${file}: '${folder}' is not a delivery date (${DELIVERY_DATE_FORMATS}) where meta.deliveries '${deliveries.pattern}' puts {${deliveries.column}}; move it out of the lake or narrow the pattern`);
    files.push({ file, date });
  }
  if (files.length === 0) return []; // A glob that matches nothing is reported where the location is checked.
  const read = asOf ? files.filter((f) => deliveredBy(f.date, asOf)) : files;
  if (read.length === 0) {
    const first = files.reduce((a, b) => (a.date <= b.date ? a : b));
    return fail(`--as-of ${asOf?.text} is before its first delivery (${first.file}, ${first.date.slice(0, 7)})`);
  }
  const listed = rewriteGlob(source.relation, deliveries.glob, read.map((f) => f.file));
  if (!listed) return fail(`cannot tell how to read '${deliveries.glob}' as a list of files: give meta.external_location as a read_csv(...), read_parquet(...) or read_json(...) call`);
  source.deliveredRelation = withDeliveryColumn(listed, deliveries.column, read);
  source.fileGlobs = source.fileGlobs.flatMap((g) => (g === deliveries.glob ? read.map((f) => f.file) : [g]));
  deliveries.files = read;
  return [];
}

/**
 * An `--as-of` build or test of a project none of whose sources is dated would read every file,
 * i.e. copy the branch's environment under another name: refused, saying what to add.
 */
export function noDatedSource(asOf: AsOf, sources: SourceNode[]): ProjectError {
  const undated = sources.filter((s) => s.fileGlobs.length > 0);
  const first = undated[0];
  const where = first ? first.location : { file: 'dbt_project.yml' };
  const which = undated.length ? ` (it reads ${undated.map((s) => s.name).join(', ')} whole)` : ' (it has no source over files)';
  return {
    ...where,
    severity: 'error',
    message: `--as-of ${asOf.text}: no source of this project has meta.deliveries${which}, so there are no dated deliveries to read as of a date; name the date folder of a source's files as in meta.deliveries: 'lake/{delivery_month}/file.csv'`,
  };
}

/** The delivery dates a dated source holds, oldest first (what an as-of environment can be built at). */
export function deliveryFolders(source: SourceNode): string[] {
  const matcher = source.deliveries ? patternRegex(source.deliveries.pattern, source.deliveries.column) : null;
  const folders = (source.deliveries?.files ?? []).map((f) => matcher?.exec(f.file)?.[1] ?? f.date);
  return [...new Set(folders)].sort();
}

function patternRegex(pattern: string, column: string): RegExp {
  const [before, after] = pattern.split(`{${column}}`) as [string, string];
  const part = (glob: string) => glob.replace(/\*\*|[*?]|[.+^$()|[\]\\{}]/g, (c) => (c === '**' ? '.*' : c === '*' ? '[^/]*' : c === '?' ? '[^/]' : `\\${c}`));
  return new RegExp(`^${part(before)}([^/]+)${part(after)}$`);
}

function rewriteGlob(relation: string, glob: string, files: string[]): string | null {
  const list = `[${files.map(sqlString).join(', ')}]`;
  if (relation.includes(sqlString(glob)) && relation !== sqlString(glob)) return relation.replace(sqlString(glob), list);
  const reader = /\.parquet$/i.test(glob) ? 'read_parquet' : /\.(csv|tsv|txt)(\.gz)?$/i.test(glob) ? 'read_csv' : /\.(json|ndjson|jsonl)(\.gz)?$/i.test(glob) ? 'read_json' : null;
  return reader && relation === sqlString(glob) ? `${reader}(${list})` : null;
}

/**
 * Every column the files hold, and the delivery date from the file's folder. A hive-style
 * partition column of the same name is replaced (it would come back as text); DuckDB's
 * `filename` virtual column ties each row to its file.
 */
function withDeliveryColumn(read: string, column: string, files: { file: string; date: string }[]): string {
  const values = files.map((f) => `(${sqlString(f.file)}, DATE '${f.date}')`).join(', ');
  const kept = `COLUMNS(c -> c NOT IN (${sqlString(column)}, '__assay_file', '__assay_delivery'))`;
  return `(SELECT ${kept}, __assay_delivery AS ${quoteIdentifier(column)} FROM ${read} AS __assay_read JOIN (VALUES ${values}) AS __assay_deliveries(__assay_file, __assay_delivery) ON __assay_read.filename = __assay_deliveries.__assay_file)`;
}
