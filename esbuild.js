// Bundles the extension, the lazily loaded Azure SDK bundle and the CLI.
// `node esbuild.js` builds once, `--watch` rebuilds on change, `--production` minifies.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The extension reaches the SDK bundle only through `import('./sdk')` in src/services;
// keeping that import external leaves the Azure SDKs out of dist/extension.js.
const sdkStaysSeparate = {
  name: 'sdk-stays-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\/sdk$/ }, (args) =>
      args.importer.includes(`${require('path').sep}services${require('path').sep}`)
        ? { path: './sdk.js', external: true }
        : undefined,
    );
  },
};

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
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', plugins: [sdkStaysSeparate] },
  { entryPoints: ['src/services/sdk.ts'], outfile: 'dist/sdk.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [sdkStaysSeparate] },
];

async function main() {
  const contexts = await Promise.all(
    entries.map((entry) =>
      esbuild.context({ ...common, ...entry, plugins: [...(entry.plugins ?? []), ...(watch ? [problemMatcherLog] : [])] }),
    ),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
