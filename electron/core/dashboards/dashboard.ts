import type { DashboardParameter, DashboardSummary } from '../../../shared/dashboard-types.js';
import type { SourceLocation, TestDeclaration } from '../../../shared/project-types.js';

/** A parameter as loaded: a select's options query is rendered (its `ref()`s resolved) but not run. */
export type LoadedParameter = DashboardParameter & { optionsSql?: string };

export interface LoadedElement {
  name: string;
  title: string;
  span: number;
  spec: Record<string, unknown>;
  /** The query with its `ref()`s rendered and its `$name` placeholders still in place. */
  sql: string;
  /** The nodes its query reads (`ref()` and `source()`), by id. */
  reads: string[];
  location: SourceLocation;
  /** Where the spec is written, for errors found once the query ran. */
  specLocation: SourceLocation;
  /** Output-stage tests on the element's whole result (not only the rows under the cap). */
  tests: TestDeclaration[];
}

/** A dashboard file, loaded and checked. Errors are kept; a dashboard with errors is not run. */
export interface Dashboard {
  name: string;
  id: string;
  title: string;
  description: string;
  location: SourceLocation;
  columns: number;
  parameters: LoadedParameter[];
  elements: LoadedElement[];
  dependsOn: string[];
  errors: DashboardSummary['errors'];
}

export function dashboardId(name: string): string {
  return `dashboard:${name}`;
}

export function summarizeDashboard(d: Dashboard): DashboardSummary {
  return {
    name: d.name,
    id: d.id,
    title: d.title,
    description: d.description,
    location: d.location,
    columns: d.columns,
    elements: d.elements.map((e) => ({ name: e.name, title: e.title, span: e.span, location: e.location })),
    dependsOn: d.dependsOn,
    errors: d.errors,
  };
}
