#!/usr/bin/env node
// npm run pack:cli — the `adx-identity` command line as its own npm package: the CLI and SDK bundles, the official
// parser's scripts, and a package.json with the bin and no dependencies (everything is bundled), packed by `npm pack`.
// Usage: node scripts/pack-cli.mjs [--out DIR]   (prints the .tgz path on the last line)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const out = resolve(outArg >= 0 ? process.argv[outArg + 1] : root);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const stage = mkdtempSync(join(tmpdir(), 'adx-identity-cli-'));

// The same split as esbuild.js: the SDKs in dist/sdk.js, the CLI's front door, its linter and the rest.
const { sdkStaysSeparate, cliStaysSplit } = createRequire(import.meta.url)('./cli-splits.cjs');
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  // Only the extension's sign-in helpers import vscode, behind a dynamic import the CLI never takes (the test runs the
  // installed package where no `vscode` module exists).
  external: ['vscode'],
  logLevel: 'warning',
};

try {
  // The front door, then what it loads: the linter alone for `lint`, the whole command line for the rest.
  await esbuild.build({
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: join(stage, 'dist', 'cli.js'),
    banner: { js: '#!/usr/bin/env node' },
    plugins: [cliStaysSplit],
  });
  await esbuild.build({
    ...common,
    entryPoints: ['src/cli/lintEntry.ts'],
    outfile: join(stage, 'dist', 'cli-lint.js'),
  });
  await esbuild.build({
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: join(stage, 'dist', 'cli-full.js'),
    plugins: [sdkStaysSeparate],
  });
  await esbuild.build({ ...common, entryPoints: ['src/services/sdk.ts'], outfile: join(stage, 'dist', 'sdk.js') });
  const parserFrom = join(root, 'node_modules', '@kusto', 'language-service-next');
  const parserTo = join(stage, 'dist', 'kusto-parser');
  mkdirSync(parserTo, { recursive: true });
  for (const f of ['bridge.min.js', 'Kusto.Language.Bridge.min.js'])
    copyFileSync(join(parserFrom, f), join(parserTo, f));
  const parser = JSON.parse(readFileSync(join(parserFrom, 'package.json'), 'utf8'));
  writeFileSync(
    join(parserTo, 'NOTICE.txt'),
    `@kusto/language-service-next ${parser.version} (Kusto.Language), ${parser.license} license, (c) Microsoft Corporation.\n` +
      'Copied unchanged from the npm package; used only by `adx-identity lint --official-parser`.\n',
  );
  for (const f of ['LICENSE', 'README.md']) copyFileSync(join(root, f), join(stage, f));
  writeFileSync(
    join(stage, 'package.json'),
    `${JSON.stringify(
      {
        name: pkg.name,
        version: pkg.version,
        description:
          'adx-identity command line: lint, check, audit and wait-principal for managed identities in Azure Data Explorer.',
        license: pkg.license,
        repository: pkg.repository,
        bin: { 'adx-identity': 'dist/cli.js' },
        files: [
          'dist/cli.js',
          'dist/cli-lint.js',
          'dist/cli-full.js',
          'dist/sdk.js',
          'dist/kusto-parser/',
          'LICENSE',
          'README.md',
        ],
        engines: { node: pkg.engines.node },
      },
      null,
      2,
    )}\n`,
  );
  mkdirSync(out, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  process.stdout.write(`${join(out, name)}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
