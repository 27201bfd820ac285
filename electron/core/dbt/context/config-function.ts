import { pyFunction, splitArguments } from '../jinja/python-call.js';
import { CompilerError } from '../jinja/render-error.js';
import type { RenderState } from './render-state.js';

/**
 * dbt's `config`: called in a model (`{{ config(materialized='table') }}`) it records configuration;
 * read in macros (`config.get('unique_key')`) it answers from the node's configuration, with this
 * render's own calls applied.
 */
export function configFunction(current: () => RenderState) {
  const merged = () => ({ ...current().config, ...current().capture.config });
  const config = (...args: unknown[]) => {
    const { positional, keywords } = splitArguments(args);
    const first = positional[0];
    Object.assign(current().capture.config, first && typeof first === 'object' ? first : {}, keywords);
    return '';
  };
  return Object.assign(config, {
    get: pyFunction({ name: 'config.get', params: ['name', 'default', 'validator'], defaults: { default: null, validator: null } }, (a) => {
      const value = merged()[String(a.name)];
      return value === undefined ? a.default : value;
    }),
    require: pyFunction({ name: 'config.require', params: ['name', 'validator'], defaults: { validator: null } }, (a) => {
      const value = merged()[String(a.name)];
      if (value === undefined) throw new CompilerError(`Compilation Error: the config '${String(a.name)}' is required by ${current().name} and is not set`);
      return value;
    }),
    set: (name: unknown, value: unknown) => {
      current().capture.config[String(name)] = value;
      return '';
    },
    persist_relation_docs: () => false,
    persist_column_docs: () => false,
    meta_get: (name: unknown, fallback: unknown = null) => ((merged().meta ?? {}) as Record<string, unknown>)[String(name)] ?? fallback,
  });
}
