import type { RefreshLogView } from '../../../shared/refresh-types.js';
import { resolveBuildTarget } from '../build/build-target.js';
import { runningRefresh } from './refresh-lock.js';
import { RefreshLog } from './refresh-log.js';

/**
 * The refreshes of one branch (the checked-out one unless named), newest first, as the app's
 * History screen lists them beside the branch's builds and test runs, and the refresh running now.
 */
export async function refreshLogView(projectRoot: string, branch?: string): Promise<RefreshLogView> {
  const wanted = branch ?? (await resolveBuildTarget(projectRoot)).branch;
  const [{ refreshes, problems }, running] = await Promise.all([new RefreshLog(projectRoot).read(), runningRefresh(projectRoot)]);
  return { branch: wanted, refreshes: refreshes.filter((r) => r.branch === wanted), problems, running };
}
