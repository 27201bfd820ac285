import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'url', 'worker_threads', 'stream', 'http', 'net'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '**/.assay/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  // Single-file components: Vue's error-preventing rules, with the TypeScript parser for <script setup lang="ts">.
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    rules: { 'vue/multi-word-component-names': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Core services are plain Node modules: the CLI, browser mode and tests use them without Electron.
    files: ['electron/core/**/*.ts', 'electron/cli/**/*.ts', 'electron/server/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only the Electron bootstrap and preload may import electron.' }] }],
    },
  },
  {
    // The renderer reaches the core only through the API contract in shared/.
    files: ['renderer/**/*.ts', 'renderer/**/*.vue', 'shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to the core only through shared/api.ts.' }],
        patterns: [
          { group: ['**/electron/**', '../electron/*'], message: 'The renderer may not import main-process code.' },
          { group: nodeBuiltins, message: 'No Node built-ins outside the main process.' },
        ],
      }],
    },
  },
);
