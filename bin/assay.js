#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so that `npm link` / `npx assay` work without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
