import { defineConfig } from 'vitest/config';
// Sized here, before the workers are started, so that they start with it (as the app's processes do).
import './electron/core/engine/query-thread-pool.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests drive a real Chromium and build real projects; on a loaded 2-core machine
    // one can take well over a minute. A limit, not a timing assertion: a hung test still fails.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
