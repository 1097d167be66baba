// A stand-in for the `vscode` module, so the production bundle can be loaded and activated in a plain Node process:
// the classes the extension constructs are real enough to compute with, registrations are captured so the bench can
// call the very providers and listeners the extension registers, and any other API answers with an inert value.
'use strict';

/** Any property, call or `new` gives this back: an API the bench does not model costs nothing and breaks nothing. */
const inert = new Proxy(function inert() {}, {
  get: (_t, p) =>
    p === 'then'
      ? undefined
      : p === Symbol.toPrimitive
        ? () => ''
        : p === Symbol.iterator
          ? [][Symbol.iterator]
          : inert,
  set: () => true,
  defineProperty: () => true,
  apply: () => inert,
  construct: () => inert,
});

class Disposable {
  constructor(fn) {
    this.fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d?.dispose?.()));
  }
  dispose() {
    this.fn?.();
    this.fn = undefined;
  }
}

class EventEmitter {
  listeners = new Set();
  event = (listener, thisArg) => {
    const l = thisArg ? listener.bind(thisArg) : listener;
    this.listeners.add(l);
    return new Disposable(() => this.listeners.delete(l));
  };
  fire(value) {
    for (const l of [...this.listeners]) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}
class Range {
  constructor(a, b, c, d) {
    if (typeof a === 'number') {
      this.start = new Position(a, b);
      this.end = new Position(c, d);
    } else {
      this.start = a;
      this.end = b;
    }
  }
}
class Selection extends Range {}
class Diagnostic {
  constructor(range, message, severity) {
    Object.assign(this, { range, message, severity });
  }
}
class CodeLens {
  constructor(range, command) {
    Object.assign(this, { range, command });
  }
  get isResolved() {
    return !!this.command;
  }
}
class CodeAction {
  constructor(title, kind) {
    Object.assign(this, { title, kind });
  }
}
class CodeActionKind {
  constructor(value) {
    this.value = value;
  }
  append(part) {
    return new CodeActionKind(`${this.value}.${part}`);
  }
  contains(other) {
    return other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
  static QuickFix = new CodeActionKind('quickfix');
  static Refactor = new CodeActionKind('refactor');
  static RefactorRewrite = new CodeActionKind('refactor.rewrite');
  static Empty = new CodeActionKind('');
}
class WorkspaceEdit {
  edits = [];
  replace(uri, range, newText) {
    this.edits.push({ uri, range, newText });
  }
  insert(uri, position, newText) {
    this.edits.push({ uri, range: new Range(position, position), newText });
  }
}
class FoldingRange {
  constructor(start, end, kind) {
    Object.assign(this, { start, end, kind });
  }
}
class Uri {
  constructor(scheme, path) {
    this.scheme = scheme;
    this.path = path;
    this.fsPath = path;
  }
  static file(path) {
    return new Uri('file', path);
  }
  static parse(value) {
    return new Uri(value.split(':')[0], value.replace(/^[a-z-]+:\/*/i, '/'));
  }
  static joinPath(base, ...parts) {
    return new Uri(base.scheme, [base.path, ...parts].join('/'));
  }
  with() {
    return this;
  }
  toString() {
    return `${this.scheme}://${this.path}`;
  }
}
class TreeItem {
  constructor(label, collapsibleState) {
    Object.assign(this, { label, collapsibleState });
  }
}
class ThemeIcon {
  constructor(id, color) {
    Object.assign(this, { id, color });
  }
  static File = new ThemeIcon('file');
  static Folder = new ThemeIcon('folder');
}
class ThemeColor {
  constructor(id) {
    this.id = id;
  }
}
class MarkdownString {
  constructor(value = '') {
    this.value = value;
  }
  appendMarkdown(v) {
    this.value += v;
    return this;
  }
  appendText(v) {
    this.value += v;
    return this;
  }
  appendCodeblock(v) {
    this.value += v;
    return this;
  }
}
class CancellationTokenSource {
  token = { isCancellationRequested: false, onCancellationRequested: () => new Disposable() };
  cancel() {
    this.token.isCancellationRequested = true;
  }
  dispose() {}
}

function inertNamespace(values = {}) {
  return new Proxy(values, { get: (t, p) => (p in t ? t[p] : inert) });
}

/** What the extension registered, for the bench to call. */
const registered = {
  commands: new Map(),
  codeLens: [],
  codeActions: [],
  folding: [],
  diagnostics: [],
  onOpen: new EventEmitter(),
  onChange: new EventEmitter(),
  onClose: new EventEmitter(),
  onConfig: new EventEmitter(),
  documents: [],
};

const provider = (list) => (_selector, p) => {
  list.push(p);
  return new Disposable(() => list.splice(list.indexOf(p), 1));
};

const configuration = {
  get: (_key, fallback) => fallback,
  has: () => false,
  inspect: () => undefined,
  update: async () => undefined,
};

module.exports = new Proxy(
  {
    __registered: registered,
    Disposable,
    EventEmitter,
    Position,
    Range,
    Selection,
    Diagnostic,
    CodeLens,
    CodeAction,
    CodeActionKind,
    WorkspaceEdit,
    FoldingRange,
    Uri,
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    CancellationTokenSource,
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    FoldingRangeKind: { Comment: 1, Imports: 2, Region: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    // Namespaces the bundle reads: they must be own keys, since a bundle copies the module's keys on import.
    window: inertNamespace(),
    env: inertNamespace({ language: 'en', appName: 'bench', uiKind: 1 }),
    authentication: inertNamespace(),
    extensions: inertNamespace({ all: [] }),
    l10n: inertNamespace({ t: (message) => message }),
    lm: inertNamespace(),
    chat: inertNamespace(),
    tasks: inertNamespace(),
    debug: inertNamespace(),
    tests: inertNamespace(),
    version: '1.105.0',
    commands: new Proxy(
      {
        registerCommand: (id, fn) => {
          registered.commands.set(id, fn);
          return new Disposable(() => registered.commands.delete(id));
        },
        executeCommand: async () => undefined,
      },
      { get: (t, p) => t[p] ?? inert },
    ),
    languages: new Proxy(
      {
        registerCodeLensProvider: provider(registered.codeLens),
        registerCodeActionsProvider: provider(registered.codeActions),
        registerFoldingRangeProvider: provider(registered.folding),
        createDiagnosticCollection: (name) => {
          const collection = {
            name,
            sets: 0,
            last: undefined,
            waiters: [],
            set(_uri, d) {
              this.sets++;
              this.last = d;
              for (const w of this.waiters.splice(0)) w();
            },
            delete() {},
            clear() {},
            dispose() {},
          };
          registered.diagnostics.push(collection);
          return collection;
        },
      },
      { get: (t, p) => t[p] ?? inert },
    ),
    workspace: new Proxy(
      {
        onDidOpenTextDocument: registered.onOpen.event,
        onDidChangeTextDocument: registered.onChange.event,
        onDidCloseTextDocument: registered.onClose.event,
        onDidChangeConfiguration: registered.onConfig.event,
        getConfiguration: () => configuration,
        get textDocuments() {
          return registered.documents;
        },
        isTrusted: true,
      },
      { get: (t, p) => (p in t ? t[p] : inert) },
    ),
  },
  { get: (t, p) => (p in t ? t[p] : inert) },
);
