// @vscode/test-cli config for desktop VS Code (`npx @vscode/test-cli` after `node scripts/vscode/build-tests.mjs`).
// Untested here: this machine cannot download desktop VS Code. The same bundled suite runs in code-server via
// `npm run test:vscode`.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'in-host',
  files: 'out/test/inhost/**/*.test.js',
  workspaceFolder: './samples',
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'bdd', timeout: 60000, color: true },
});
