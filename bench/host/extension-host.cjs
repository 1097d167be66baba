// Runs the built extension bundle in a fresh plain-Node process with the `vscode` stand-in, and prints one JSON line.
//   node bench/host/extension-host.cjs activate BUNDLE [FILE]     load + activate(), CPU and wall, modules loaded;
//                                                                  with FILE, that .kql document is open at activation
//   node bench/host/extension-host.cjs keystroke BUNDLE FILE RUNS  one typed character in FILE, through every provider
'use strict';
const Module = require('node:module');
const { join, resolve } = require('node:path');
const { readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');

const stubPath = require.resolve('./vscode-stub.cjs');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubPath : resolveFilename.call(this, request, ...rest);
};
// VS Code's own cost, not the extension's: loaded before anything is timed.
const vscode = require('vscode');

const cpuMs = (from) => {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
};

function memento() {
  const values = new Map();
  return {
    get: (k, d) => (values.has(k) ? values.get(k) : d),
    update: async (k, v) => void values.set(k, v),
    keys: () => [...values.keys()],
  };
}

function context(root) {
  return {
    subscriptions: [],
    extensionUri: vscode.Uri.file(root),
    extensionPath: root,
    extensionMode: vscode.ExtensionMode.Production,
    globalState: { ...memento(), setKeysForSync() {} },
    workspaceState: memento(),
    secrets: {
      get: async () => undefined,
      store: async () => undefined,
      delete: async () => undefined,
      onDidChange: () => new vscode.Disposable(),
    },
    logUri: vscode.Uri.file(join(tmpdir(), 'adxi-bench-log')),
    globalStorageUri: vscode.Uri.file(join(tmpdir(), 'adxi-bench-global')),
    storageUri: undefined,
    asAbsolutePath: (p) => join(root, p),
    extension: {
      id: 'adx-identity.adx-identity',
      extensionUri: vscode.Uri.file(root),
      packageJSON: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')),
    },
  };
}

/** Loads and activates the bundle; what it costs, and which modules besides Node's own came with it. */
function activate(bundle) {
  const root = resolve(bundle, '..', '..');
  const before = new Set(Object.keys(require.cache));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const extension = require(resolve(bundle));
  const loadCpu = cpuMs(cpu0);
  const cpu1 = process.cpuUsage();
  const api = extension.activate(context(root));
  const activateCpu = cpuMs(cpu1);
  const wall = performance.now() - t0;
  const loaded = Object.keys(require.cache).filter((m) => !before.has(m));
  const sdk = loaded.filter((m) => /[\\/](sdk|sandbox)\.js$|node_modules[\\/](@azure|azure-kusto)/.test(m));
  return {
    api,
    result: {
      loadCpuMs: loadCpu,
      activateCpuMs: activateCpu,
      cpuMs: loadCpu + activateCpu,
      wallMs: wall,
      modules: loaded.map((m) => m.slice(root.length + 1)),
      sdkModules: sdk.length,
    },
  };
}

/** A text document as the extension host hands it out: a flat string and a line index, both kept by "VS Code". */
class Document {
  constructor(uri, text) {
    this.uri = uri;
    this.languageId = 'kusto';
    this.version = 1;
    this.isClosed = false;
    this.setText(text);
  }
  setText(text) {
    this.text = text;
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }
  get lineCount() {
    return this.starts.length;
  }
  getText(range) {
    return range ? this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }
  offsetAt(p) {
    const line = Math.min(Math.max(p.line, 0), this.starts.length - 1);
    const end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return Math.min(this.starts[line] + Math.max(p.character, 0), end);
  }
  positionAt(offset) {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, offset - this.starts[lo]);
  }
  lineAt(line) {
    const n = typeof line === 'number' ? line : line.line;
    const end = n + 1 < this.starts.length ? this.starts[n + 1] - 1 : this.text.length;
    return {
      lineNumber: n,
      text: this.text.slice(this.starts[n], end),
      range: new vscode.Range(n, 0, n, end - this.starts[n]),
    };
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);

async function keystroke(bundle, file, runs) {
  activate(bundle);
  const registered = vscode.__registered;
  const doc = new Document(vscode.Uri.file(resolve(file)), readFileSync(file, 'utf8'));
  registered.documents.push(doc);
  registered.onOpen.fire(doc);
  const token = new vscode.CancellationTokenSource().token;
  const collections = registered.diagnostics.filter((c) => c.name === 'adx-identity');
  const published = () => collections.reduce((n, c) => n + c.sets, 0);
  const parts = { change: [], lenses: [], actions: [], folding: [], diagnostics: [], total: [] };
  const warmup = 5;
  for (let run = 0; run < warmup + runs; run++) {
    // Inside a policy's usages, at a different place each run, as someone editing the file would.
    const near = Math.floor(doc.text.length * (0.2 + 0.06 * (run % 10)));
    const at = doc.text.indexOf('"AllowedUsages"', near) + '"AllowedUsages": "'.length + 1;
    const position = doc.positionAt(at);
    // The extension host's own work: the new text and its line index (untimed, it is not ours).
    doc.setText(Buffer.from(`${doc.text.slice(0, at)}x${doc.text.slice(at)}`, 'utf8').toString('utf8'));
    doc.version++;
    const before = published();
    const times = {};
    const step = (name, fn) => {
      const c0 = process.cpuUsage();
      const out = fn();
      times[name] = cpuMs(c0);
      return out;
    };
    step('change', () =>
      registered.onChange.fire({
        document: doc,
        contentChanges: [{ range: new vscode.Range(position, position), rangeOffset: at, rangeLength: 0, text: 'x' }],
        reason: undefined,
      }),
    );
    // What is on screen: about 45 lines around the cursor; lens titles are resolved only there, and (as the extension
    // host does) only for lenses that have no command yet.
    const visible = new vscode.Range(Math.max(0, position.line - 20), 0, position.line + 25, 0);
    step('lenses', () => {
      for (const p of registered.codeLens) {
        for (const lens of p.provideCodeLenses(doc, token) ?? []) {
          if (
            lens.range.start.line >= visible.start.line &&
            lens.range.start.line <= visible.end.line &&
            !lens.isResolved
          )
            p.resolveCodeLens?.(lens, token);
        }
      }
    });
    step('actions', () => {
      for (const p of registered.codeActions)
        p.provideCodeActions(
          doc,
          new vscode.Range(position, position),
          { diagnostics: [], only: undefined, triggerKind: 2 },
          token,
        );
    });
    step('folding', () => {
      for (const p of registered.folding) p.provideFoldingRanges(doc, {}, token);
    });
    // The diagnostics are debounced: CPU counts only what runs, so the wait for the timer costs nothing here.
    const c0 = process.cpuUsage();
    if (published() === before) await Promise.race(collections.map((c) => new Promise((r) => c.waiters.push(r))));
    times.diagnostics = cpuMs(c0);
    times.total = times.change + times.lenses + times.actions + times.folding + times.diagnostics;
    if (run >= warmup) for (const k of Object.keys(parts)) parts[k].push(times[k]);
  }
  const result = {};
  for (const [k, xs] of Object.entries(parts)) result[k] = { min: min(xs), median: median(xs) };
  result.runs = runs;
  result.commands = doc.text.length;
  return result;
}

async function main() {
  const [mode, bundle, file, runs] = process.argv.slice(2);
  if (mode === 'activate') {
    // Activation by opening a .kql file (onLanguage:kusto): the document is there before activate() runs.
    if (file)
      vscode.__registered.documents.push(new Document(vscode.Uri.file(resolve(file)), readFileSync(file, 'utf8')));
    const { result } = activate(bundle);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else if (mode === 'keystroke') {
    process.stdout.write(`${JSON.stringify(await keystroke(bundle, file, Number(runs) || 21))}\n`);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
