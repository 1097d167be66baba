// The extension's API is not a back door: in Production mode activate() returns facts only, nothing that reads or
// changes a cluster; the test API (tree, operations, workflows) exists only in ExtensionMode.Test.
import assert from 'node:assert/strict';
import Module, { createRequire } from 'node:module';

/** A stand-in for the `vscode` module: every property, call and `new` gives the stand-in again. */
function vscodeStub(): unknown {
  const stub: unknown = new Proxy(function () {}, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : stub),
    set: () => true,
    apply: () => stub,
    construct: () => stub as object,
    // Bundlers copy a CommonJS module into an object whose prototype is the module's: lookups then reach the stand-in.
    getPrototypeOf: () => stub as object,
  });
  return stub;
}

type Loader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

describe('the extension API', () => {
  const vscode = vscodeStub() as { ExtensionMode: { Test: unknown } };
  const loader = Module as unknown as Loader;
  const original = loader._load;
  before(() => {
    loader._load = (request, parent, isMain) => (request === 'vscode' ? vscode : original(request, parent, isMain));
  });
  after(() => {
    loader._load = original;
  });

  const activate = async (mode: unknown): Promise<Record<string, unknown>> => {
    const { activate: run } = createRequire(__filename)('../../../src/extension') as {
      activate(context: unknown): Record<string, unknown>;
    };
    const context = {
      subscriptions: [] as unknown[],
      extensionMode: mode,
      extension: { packageJSON: { version: '0.0.0' } },
      extensionUri: vscode,
      logUri: vscode,
      globalState: vscode,
      workspaceState: vscode,
      globalStorageUri: vscode,
      asAbsolutePath: (p: string) => p,
    };
    return run(context);
  };

  it('in Production mode holds nothing that reads or changes a cluster', async () => {
    // The stand-in answers every enum member with itself: any other value is "not Test" (Production is 1).
    const api = await activate(1);
    assert.deepEqual(Object.keys(api).sort(), ['activatedAt', 'activationMs', 'apiVersion']);
  });

  it('in Test mode adds the test API', async () => {
    const api = await activate(vscode.ExtensionMode.Test);
    for (const key of ['tree', 'operations', 'workflows', 'logUri']) assert.ok(key in api, key);
  });
});
