import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Globals the engine must never touch: wall time, timers, the DOM and the network. */
const engineBannedGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'fetch',
  'XMLHttpRequest',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'requestAnimationFrame',
  'queueMicrotask',
  'performance',
  'self',
  'postMessage',
  'process',
  'crypto',
].map((name) => ({ name, message: 'The engine is pure and deterministic: no DOM, timers, wall time or I/O.' }));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'dev-dist/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // React's rules of hooks: hooks called unconditionally, and effects that list what they read.
    files: ['src/ui/**/*.{ts,tsx}', 'src/embed/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The engine: deterministic, DOM-free, UI-free. Randomness comes from core/rng.ts, time from the logical clock.
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    languageOptions: { globals: { structuredClone: 'readonly' } },
    rules: {
      'no-restricted-globals': ['error', ...engineBannedGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator in core/rng.ts.' },
        { object: 'Date', property: 'now', message: 'Use the logical clock.' },
        { object: 'performance', property: 'now', message: 'Use the logical clock.' },
        { object: 'crypto', property: 'getRandomValues', message: 'Use the seeded generator in core/rng.ts.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date']", message: 'Use the logical clock, not wall time.' },
        { selector: "CallExpression[callee.name='Date']", message: 'Use the logical clock, not wall time.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/**', '**/worker/**', '**/share/**', '**/scenarios/**'],
              message: 'The engine must not import the app around it.',
            },
            {
              group: ['react', 'react-*', 'zustand', 'zustand/*', 'd3-*', 'comlink'],
              message: 'The engine must not import UI or transport libraries.',
            },
            { group: ['node:*', 'fs', 'path', 'os'], message: 'The engine does no I/O.' },
          ],
        },
      ],
    },
  },
);
