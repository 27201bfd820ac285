import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { commitAll } from '../../helpers/git-repo.js';

export const LAUNCH_ONLY_BRANCH = 'feature/launch-only';

/**
 * Checks out a new branch of the example whose dim_product keeps only the launch products and gains
 * a column (so its descendants change indirectly), committed; the branch stays checked out.
 */
export async function checkoutLaunchOnlyBranch(projectDir: string): Promise<void> {
  await simpleGit(projectDir).checkoutLocalBranch(LAUNCH_ONLY_BRANCH);
  const file = path.join(projectDir, 'models/marts/dim_product.sql');
  const sql = await readFile(file, 'utf8');
  const edited = sql.replace('    launch_date\n', '    launch_date,\n    list_price * 1.2 as list_price_with_vat\n').replace(/\s*$/, '\nwhere is_launch_product\n');
  if (!edited.includes('list_price_with_vat')) throw new Error('the example dim_product.sql no longer ends its columns with launch_date: update launch-only-branch.ts');
  await writeFile(file, edited);
  await commitAll(projectDir, 'dim_product: launch products only, with the price including VAT');
}
