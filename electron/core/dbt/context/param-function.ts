import { CompilerError } from '../jinja/render-error.js';
import type { RenderState } from './render-state.js';

/**
 * Assay's `param('name')` in a parametric model: renders the placeholder `$name`, which the build
 * binds to each of the parameter's values in turn (electron/core/parametric/). A value never enters
 * the SQL text. The parameter must be declared by then (`config(parameters=...)` before it, or in YAML).
 */
export function paramFunction(current: () => RenderState) {
  return (name: unknown): string => {
    const state = current();
    const declared = state.capture.config.parameters ?? state.config.parameters;
    const key = String(name);
    if (!declared || typeof declared !== 'object' || !Object.hasOwn(declared, key)) {
      const known = declared && typeof declared === 'object' ? Object.keys(declared) : [];
      const hint = known.length > 0 ? `it declares ${known.map((k) => `'${k}'`).join(', ')}` : `declare it first with {{ config(parameters={'${key}': "select ..."}) }}`;
      throw new CompilerError(`param('${key}'): ${state.name || 'this node'} declares no parameter '${key}' (${hint})`);
    }
    return `$${key}`;
  };
}
