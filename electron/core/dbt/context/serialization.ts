import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { splitArguments } from '../jinja/python-call.js';

/** dbt's serialization helpers: tojson, fromjson, toyaml, fromyaml, local_md5. Bad input gives the default, as in dbt. */
export const serializationFunctions = {
  tojson: (...args: unknown[]) => {
    const { positional, keywords } = splitArguments(args);
    try {
      return JSON.stringify(positional[0], null, keywords.sort_keys ? undefined : undefined);
    } catch {
      return positional[1] ?? null;
    }
  },
  fromjson: (text: unknown, fallback: unknown = null) => {
    try {
      return JSON.parse(String(text));
    } catch {
      return fallback;
    }
  },
  toyaml: (value: unknown, fallback: unknown = null) => {
    try {
      return YAML.stringify(value);
    } catch {
      return fallback;
    }
  },
  fromyaml: (text: unknown, fallback: unknown = null) => {
    try {
      return YAML.parse(String(text));
    } catch {
      return fallback;
    }
  },
  local_md5: (text: unknown) => createHash('md5').update(String(text)).digest('hex'),
};
