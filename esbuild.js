// Bundles the extension (activation shell + the rest, loaded on first use), the lazily loaded Azure SDK bundle, the CLI and the sandbox.
// `node esbuild.js` builds once, `--watch` rebuilds on change, `--production` minifies.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// How the Azure SDKs and the command line stay files of their own (shared with scripts/pack-cli.mjs).
const { sdkStaysSeparate, cliStaysSplit } = require('./scripts/cli-splits.cjs');

// `adx-identity sandbox` reaches the sandbox only through `import('../../sandbox/main')` in src/cli/sandbox.ts:
// it stays the separate dist/sandbox.js, loaded only by that subcommand (and started as a process by the extension).
const sandboxStaysSeparate = {
  name: 'sandbox-stays-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/\.\.\/sandbox\/main$/ }, () => ({ path: './sandbox.js', external: true }));
  },
};

// The activation shell (src/extension.ts) loads the rest of the extension with `require('./main')` on first use:
// it stays the separate dist/main.js, so activation pays only for the shell.
const mainStaysSeparate = {
  name: 'main-stays-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\/main$/ }, (args) =>
      args.importer.endsWith(`${require('path').sep}extension.ts`) ? { path: './main.js', external: true } : undefined,
    );
  },
};

// The language model tools' code reaches the extension only through `import('./tools')` in src/vscode/lm: it stays the
// separate dist/tools.js, loaded on the first tool call.
const toolsStaySeparate = {
  name: 'tools-stay-separate',
  setup(build) {
    const sep = require('path').sep;
    build.onResolve({ filter: /^\.\/tools$/ }, (args) =>
      args.importer.includes(`${sep}vscode${sep}lm${sep}`) ? { path: './tools.js', external: true } : undefined,
    );
  },
};

// One copy of the `vscode` API object in each bundle, not one per importing file (scripts/one-vscode-api.cjs).
const oneVscodeApi = require('./scripts/one-vscode-api.cjs');

const problemMatcherLog = {
  name: 'problem-matcher-log',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  // jsonc-parser's UMD entry requires './impl/*' at run time, which a bundle cannot resolve: take its ESM build.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  legalComments: 'none',
};

const entries = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [mainStaysSeparate, toolsStaySeparate] },
  { entryPoints: ['src/main.ts'], outfile: 'dist/main.js', plugins: [sdkStaysSeparate, toolsStaySeparate] },
  // What the language model tools run (the invoker, the checks, the generate spec validator), loaded on first use.
  { entryPoints: ['src/vscode/lm/tools.ts'], outfile: 'dist/tools.js', plugins: [sdkStaysSeparate] },
  // `adx-identity mcp` alone, for the VSIX: the extension starts it for VS Code's agents.
  { entryPoints: ['src/cli/mcpMain.ts'], outfile: 'dist/mcp.js', plugins: [sdkStaysSeparate] },
  { entryPoints: ['src/services/sdk.ts'], outfile: 'dist/sdk.js' },
  {
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [cliStaysSplit],
  },
  { entryPoints: ['src/cli/lintEntry.ts'], outfile: 'dist/cli-lint.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-full.js', plugins: [sdkStaysSeparate, sandboxStaysSeparate] },
  // The local sandbox, self-contained (its default scenario inside): `adx-identity sandbox` and the extension's
  // "Try It on the Built-in Sandbox", which runs it as a child process.
  { entryPoints: ['sandbox/main.ts'], outfile: 'dist/sandbox.js' },
  // The official parser's worker thread (the opt-in `adxIdentity.editor.officialParser`); the parser itself is copied below.
  { entryPoints: ['src/services/parser/worker.ts'], outfile: 'dist/parser-worker.js' },
];

/**
 * The official Kusto parser ships as two prebuilt scripts that define globals: they are copied as they are (bundling
 * would gain nothing) with their license notice, and loaded by the worker only when the setting is on.
 */
function copyParser() {
  const fs = require('fs');
  const path = require('path');
  const from = path.join(__dirname, 'node_modules', '@kusto', 'language-service-next');
  const to = path.join(__dirname, 'dist', 'kusto-parser');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['bridge.min.js', 'Kusto.Language.Bridge.min.js'])
    fs.copyFileSync(path.join(from, file), path.join(to, file));
  const { version, license } = require(path.join(from, 'package.json'));
  fs.writeFileSync(
    path.join(to, 'NOTICE.txt'),
    `@kusto/language-service-next ${version} (Kusto.Language), ${license} license, (c) Microsoft Corporation.\n` +
      'Copied unchanged from the npm package; used only when the setting adxIdentity.editor.officialParser is on.\n',
  );
}

async function main() {
  const contexts = await Promise.all(
    entries.map((entry) =>
      esbuild.context({
        ...common,
        ...entry,
        plugins: [...(entry.plugins ?? []), oneVscodeApi, ...(watch ? [problemMatcherLog] : [])],
      }),
    ),
  );
  if (watch) {
    copyParser();
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  copyParser();
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
