/** `assay` exit codes: 0 ok, 1 a node (or an error-level test) failed, 2 usage or project error. */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;

/** An error the CLI reports as a usage or project error (exit 2), without a stack trace. */
export class UsageError extends Error {}
