import { GitError, simpleGit, type SimpleGitOptions } from 'simple-git';

/** A git repository: `dir` is the root of its working tree. */
export interface Repo {
  dir: string;
}

export interface GitOutput {
  /** -1 when git could not be run at all. */
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Fail instead of waiting for a password or passphrase nobody can type. */
  noPrompt?: boolean;
}

// A GitError, so that simple-git passes it through rather than wrapping it.
class GitExit extends GitError {
  constructor(readonly output: GitOutput) {
    super(undefined, output.stderr);
  }
}

/**
 * Runs `git <args>` in `dir` through simple-git. Never rejects: a non-zero exit is an answer
 * (`rev-parse --verify`, `merge-base --is-ancestor`, `diff --quiet` use it), so callers read
 * `exitCode` instead of catching.
 */
export async function runGit(dir: string, args: string[], options: RunOptions = {}): Promise<GitOutput> {
  const config: Partial<SimpleGitOptions> = {
    baseDir: dir,
    // Non-ASCII file names come back as they are, not as octal escapes.
    config: ['core.quotepath=false'],
    errors: (error, result) => {
      if (result.exitCode === 0) return error;
      const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
      return new GitExit({ exitCode: result.exitCode, stdout: text(result.stdOut), stderr: text(result.stdErr) });
    },
  };
  try {
    // simple-git vets an explicit environment for variables that run programs; this one is the
    // user's own environment plus GIT_TERMINAL_PROMPT, so their SSH or askpass settings must pass.
    const git = options.noPrompt
      ? simpleGit({ ...config, unsafe: userEnvironmentIsTrusted }).env({ ...process.env, GIT_TERMINAL_PROMPT: '0' })
      : simpleGit(config);
    return { exitCode: 0, stdout: await git.raw(args), stderr: '' };
  } catch (err) {
    if (err instanceof GitExit) return err.output;
    return { exitCode: -1, stdout: '', stderr: err instanceof Error ? err.message : String(err) };
  }
}

const userEnvironmentIsTrusted: SimpleGitOptions['unsafe'] = {
  allowUnsafeAskPass: true,
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeEditor: true,
  allowUnsafePager: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGitProxy: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeTemplateDir: true,
};

/** `git <args>` in the repository. */
export function git(repo: Repo, args: string[], options?: RunOptions): Promise<GitOutput> {
  return runGit(repo.dir, args, options);
}

/** The first line git wrote to stderr without its `fatal:`/`error:` prefix, for error messages. */
export function gitMessage(output: GitOutput): string {
  const lines = (output.stderr || output.stdout).split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? `git exited with code ${output.exitCode}`;
  return line.replace(/^(fatal|error):\s*/, '');
}
