import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'esbuild.js', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Build, test and harness scripts run in Node.
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // CommonJS scripts (the bench's plain-Node helpers) load modules with require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The core is plain TypeScript: it must run in the CLI, in tests and in the editor alike.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core must not depend on VS Code.' },
            { name: 'azure-kusto-data', message: 'src/core must not depend on an Azure SDK.' },
          ],
          patterns: [
            {
              group: ['@azure/*', '@microsoft/*', 'azure-kusto-*', '**/services/**', '**/vscode/**'],
              message: 'src/core must not depend on an Azure SDK, services or the vscode layer.',
            },
          ],
        },
      ],
    },
  },
  {
    // The sandbox is an independent reading of the docs: sharing the core would make it agree with our bugs.
    files: ['sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src/**', '../src/*'], message: "The sandbox must not import the extension's code." },
          ],
        },
      ],
    },
  },
);
