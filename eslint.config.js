// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'events',
  'url',
  'util',
  'zlib',
  'stream',
];

/** The layering of docs/design.md, enforced: shared is pure, the core never sees electron, the renderer sees only shared and browser code. */
const layer = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'docs/**',
      'companion-module/pkg/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-deprecated': 'error',
      '@typescript-eslint/no-unnecessary-condition': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(
    ['shared/**'],
    [
      ...NODE_BUILTINS,
      'electron',
      '**/core/**',
      '**/renderer/**',
      '**/electron/**',
      'react',
      'react-dom',
      'socket.io',
      'socket.io-client',
    ],
    'shared/ is pure TypeScript: no Node, no DOM, no electron, no app layers.',
  ),
  {
    // Some libraries' typings pull @types/node into every config, so the type-checker alone
    // cannot keep Node globals out of shared/; this rule does.
    files: ['shared/**'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'Buffer',
          'process',
          'require',
          '__dirname',
          '__filename',
          'global',
          'setImmediate',
          'window',
          'document',
          'localStorage',
        ].map((name) => ({
          name,
          message: 'shared/ runs in Node and the browser alike: no Node or DOM globals.',
        })),
      ],
    },
  },
  layer(
    ['core/**'],
    ['electron', 'electron/*', '**/renderer/**', '**/electron/**', 'react', 'react-dom'],
    'The core is plain Node: it never imports electron or renderer code.',
  ),
  layer(
    ['renderer/**'],
    [...NODE_BUILTINS, 'electron', '**/core/**', '**/electron/**', 'socket.io'],
    'The renderer imports only shared/ and browser libraries.',
  ),
  layer(
    ['companion-module/**'],
    [
      'electron',
      'electron/*',
      '**/core/**',
      '**/renderer/**',
      '**/electron/**',
      'react',
      'react-dom',
      'socket.io',
    ],
    'The Companion module is its own package: it imports only shared/ and its own libraries.',
  ),
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
