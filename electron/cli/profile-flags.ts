import type { Command } from 'commander';

/**
 * dbt's `--target` and `--profiles-dir`. dbt reads the same choices from `DBT_TARGET` and
 * `DBT_PROFILES_DIR`, and the flags win; setting those for this one command is exactly that.
 */
export function withProfileFlags(command: Command): Command {
  return command
    .option('-t, --target <name>', "the profile's target to use (default: $DBT_TARGET, else the profile's target:)")
    .option('--profiles-dir <dir>', 'where profiles.yml is (default: the project folder, $DBT_PROFILES_DIR, ~/.dbt)')
    .hook('preAction', (_program, action) => {
      const opts = action.opts<{ target?: string; profilesDir?: string }>();
      if (opts.target) process.env.DBT_TARGET = opts.target;
      if (opts.profilesDir) process.env.DBT_PROFILES_DIR = opts.profilesDir;
    });
}
