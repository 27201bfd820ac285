import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readYamlFile } from '../../electron/core/project/yaml-file.js';
import { writeTempProject } from '../helpers/temp-project.js';

const schema = z.object({ models: z.array(z.object({ name: z.string(), tags: z.array(z.string()).default([]) })) });

/** A YAML file's last parse is reused while its text is unchanged (issue 18); what callers get stays theirs. */
describe('YAML files read again', () => {
  it('give what a fresh parse gives, with lines, and a caller changing its copy changes nothing for the next', async () => {
    const root = await writeTempProject({ 'models/schema.yml': 'models:\n  - name: a\n  - name: b\n    tags: [x]\n' });
    const first = await readYamlFile(root, 'models/schema.yml', schema);
    if (!first.ok) throw new Error('did not parse');
    first.yaml.value.models[0]!.name = 'changed by a caller';
    first.yaml.value.models.push({ name: 'added', tags: [] });
    for (let read = 0; read < 2; read++) {
      const again = await readYamlFile(root, 'models/schema.yml', schema);
      if (!again.ok) throw new Error('did not parse');
      expect(again.yaml.value).toEqual({ models: [{ name: 'a', tags: [] }, { name: 'b', tags: ['x'] }] });
      expect(again.yaml.lineOf(['models', 1, 'tags'])).toBe(4);
      again.yaml.value.models[1]!.tags.push('changed by a caller');
    }
  });

  it('parse the new text after a change, and report its errors with their lines', async () => {
    const root = await writeTempProject({ 'models/schema.yml': 'models:\n  - name: a\n' });
    expect((await readYamlFile(root, 'models/schema.yml', schema)).ok).toBe(true);
    await writeFile(path.join(root, 'models/schema.yml'), 'models:\n  - name: a\n  - name: 3\n');
    const broken = await readYamlFile(root, 'models/schema.yml', schema);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors[0]).toMatchObject({ file: 'models/schema.yml', line: 3 });
    await writeFile(path.join(root, 'models/schema.yml'), 'models:\n  - name: c\n');
    const fixed = await readYamlFile(root, 'models/schema.yml', schema);
    expect(fixed.ok && fixed.yaml.value.models.map((m) => m.name)).toEqual(['c']);
  });
});
