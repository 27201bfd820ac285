/**
 * `assay` exit codes: 0 ok, 1 a node (or an error-level test) failed, 2 usage or project error.
 * `assay refresh` and `assay watch` add three a scheduler can act on (README "Scheduled refresh"):
 * 3 the release gate said no-go, 4 the pull failed (nothing was built), 5 another refresh (or a
 * build of the environment) is running: try again later.
 */
export const ExitCode = { ok: 0, failed: 1, usage: 2, noGo: 3, pullFailed: 4, busy: 5 } as const;

/** An error the CLI reports as a usage or project error (exit 2), without a stack trace. */
export class UsageError extends Error {}
