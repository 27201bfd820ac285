import nunjucks from 'nunjucks';
import type { ProjectError } from '../../../shared/project-types.js';
import type { MacroFile } from '../project/project.js';
import { dbtGlobals, type RenderCapture, type RenderScope } from './dbt-context.js';
import { templateError } from './template-error.js';

let jinjaCompatInstalled = false;

interface ExportingTemplate {
  getExported(ctx: object, frame: null, cb: (err: Error | null, exported: Record<string, unknown>) => void): void;
}

export interface RenderRequest extends Omit<RenderScope, 'capture'> {
  file: string;
  template: string;
}

export type RenderOutcome = { ok: true; sql: string; capture: RenderCapture } | { ok: false; error: ProjectError };

/**
 * Renders dbt-flavoured Jinja with nunjucks. One renderer per loaded project: it holds the
 * project's macros as globals, so that every model (and every macro) can call them by name.
 */
export class JinjaRenderer {
  private readonly env: nunjucks.Environment;
  private scope: RenderScope | null = null;
  readonly errors: ProjectError[] = [];

  constructor(macros: MacroFile[], vars: Record<string, unknown>, targetName = 'assay') {
    if (!jinjaCompatInstalled) {
      nunjucks.installJinjaCompat();
      jinjaCompatInstalled = true;
    }
    this.env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false, trimBlocks: false, lstripBlocks: false });
    const globals = dbtGlobals({ vars, env: process.env, targetName, current: () => this.current() });
    for (const [name, value] of Object.entries(globals)) this.env.addGlobal(name, value);
    for (const macro of macros) this.loadMacros(macro);
  }

  render(request: RenderRequest): RenderOutcome {
    const capture: RenderCapture = { refs: new Set(), sources: new Set(), config: {} };
    this.scope = { ...request, capture };
    let template: nunjucks.Template;
    try {
      template = new nunjucks.Template(request.template, this.env, request.file, true);
    } catch (err) {
      return { ok: false, error: templateError(err, request.file, request.nodeName, 'parse') };
    }
    try {
      return { ok: true, sql: template.render({}), capture };
    } catch (err) {
      return { ok: false, error: templateError(err, request.file, request.nodeName, 'render') };
    } finally {
      this.scope = null;
    }
  }

  private current(): RenderScope {
    if (!this.scope) throw new Error('ref(), source() and this can only be used while a model renders');
    return this.scope;
  }

  private loadMacros(macro: MacroFile): void {
    try {
      const template = new nunjucks.Template(macro.text, this.env, macro.file, true);
      // getExported is public nunjucks API (used by {% import %}) but missing from @types/nunjucks.
      (template as unknown as ExportingTemplate).getExported({}, null, (err, exported) => {
        if (err) throw err;
        for (const [name, fn] of Object.entries(exported)) this.env.addGlobal(name, fn);
      });
    } catch (err) {
      this.errors.push(templateError(err, macro.file, undefined, 'parse'));
    }
  }
}
