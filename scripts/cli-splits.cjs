// esbuild plugins for how the command line is split into files, shared by esbuild.js and scripts/pack-cli.mjs.
const { sep } = require('node:path');

/**
 * The CLI (and the extension) reach the Azure SDKs only through `import('./sdk')` in src/services: that import stays
 * external, so the SDKs live in dist/sdk.js alone, loaded on first use.
 */
const sdkStaysSeparate = {
  name: 'sdk-stays-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\/sdk$/ }, (args) =>
      args.importer.includes(`${sep}services${sep}`) ? { path: './sdk.js', external: true } : undefined,
    );
  },
};

/**
 * dist/cli.js is the command line's front door (src/cli/bin.ts): `lint` requires dist/cli-lint.js, any other command
 * dist/cli-full.js, each through a `require` left to run time.
 */
const cliStaysSplit = {
  name: 'cli-stays-split',
  setup(build) {
    const parts = { './lintEntry': './cli-lint.js', './main': './cli-full.js' };
    build.onResolve({ filter: /^\.\/(lintEntry|main)$/ }, (args) =>
      args.importer.endsWith(`${sep}bin.ts`) ? { path: parts[args.path], external: true } : undefined,
    );
  },
};

module.exports = { sdkStaysSeparate, cliStaysSplit };
