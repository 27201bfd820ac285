import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { acceptSuggestedTests } from '../suggest/accept-suggested-tests.js';
import { suggestTests } from '../suggest/suggest-tests.js';
import type { OperationHandlers } from './dispatch.js';
import type { LiveProject } from './live-project.js';

export interface SuggestContext {
  live(): LiveProject;
  /** The environment of the checked-out branch. */
  env(): Promise<string>;
}

type SuggestOperations = Pick<OperationHandlers, 'suggestTests' | 'acceptSuggestedTests'>;

/**
 * Suggested tests as operations of the contract (issue 15). Accepting writes the schema file, reads
 * the project again at once (so the state asked for next holds the new tests), and hands the write
 * to the live project as its own, which rebuilds and tests as after any save.
 */
export function suggestOperations(ctx: SuggestContext): SuggestOperations {
  const options = async (node: string) => {
    const live = ctx.live();
    return { live, compiled: live.snapshot.compiled, projectRoot: live.root, env: await ctx.env(), model: node };
  };
  return {
    suggestTests: async ({ node }) => suggestTests(await options(node)),
    acceptSuggestedTests: async ({ node, ids }) => {
      const { live, ...rest } = await options(node);
      const accepted = await acceptSuggestedTests({ ...rest, ids });
      if (accepted.added.length > 0) {
        const text = await readFile(path.join(live.root, accepted.file), 'utf8');
        await live.reload();
        live.noteWritten(accepted.file, text);
      }
      return accepted;
    },
  };
}
