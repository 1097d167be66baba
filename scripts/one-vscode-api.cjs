// An esbuild plugin. Every file that writes `import * as vscode from 'vscode'` would get its own copy of the whole API
// object (esbuild copies a CommonJS module's exports each time it is imported as a namespace: 40 copies in
// dist/main.js, made when the bundle loads). Every import of `vscode` resolves to one module that re-exports it once.
module.exports = {
  name: 'one-vscode-api',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api'
        ? { path: 'vscode', external: true }
        : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({
      contents: "export * from 'vscode';",
      loader: 'js',
    }));
  },
};
