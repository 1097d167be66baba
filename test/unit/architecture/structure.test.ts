// The shape the code keeps: one command registration path, no node id parsed back, no runtime import cycle, and the
// declarative files generated from src/core matching what is committed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { USAGES } from '../../../src/core/usages';

const root = join(__dirname, '..', '..', '..');
/** The build scripts are plain ES modules: loaded by URL, typed at the call. */
const script = (name: string): string => pathToFileURL(join(root, 'scripts', name)).href;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(join(root, 'src')).map((path) => ({
  path: relative(root, path).replace(/\\/g, '/'),
  text: readFileSync(path, 'utf8'),
}));

describe('architecture', () => {
  it('registers every command through the one registry', () => {
    const registering = files.filter((f) => /\bregisterCommand\(/.test(f.text)).map((f) => f.path);
    // The activation shell registers the manifest's ids as proxies that hand each call to the registry's handler.
    assert.deepEqual(registering, ['src/vscode/commands/registry.ts', 'src/vscode/shell/lazy.ts']);
  });

  it('parses no tree node id or context value back into data', () => {
    const parsing = files.filter(
      (f) =>
        /\.id\.(split|slice|lastIndexOf|indexOf|startsWith)\(|\bsegment\(|\.contextValue\)|test\(\w+\.contextValue/.test(
          f.text,
        ) ||
        (/`\$\{\w+\}\/(databases|policy|principals|cluster:)/.test(f.text) && !f.path.endsWith('tree/ids.ts')),
    );
    assert.deepEqual(
      parsing.map((f) => f.path),
      [],
    );
  });

  it('has no runtime import cycle in src/', async function () {
    this.timeout(60_000);
    const { importGraph, findCycles } = (await import(script('check-cycles.mjs'))) as {
      importGraph(): Promise<Map<string, string[]>>;
      findCycles(g: Map<string, string[]>): string[][];
    };
    const graph = await importGraph();
    assert.ok(graph.has('src/services/tree/cluster.ts'), 'the graph covers the tree');
    assert.deepEqual(findCycles(graph), []);
    // The finder does find one when there is one.
    assert.deepEqual(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
      [['a', 'b']],
    );
  });

  it('puts one copy of the vscode API in the extension bundle, not one per file that imports it', async function () {
    this.timeout(60_000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { build } = require('esbuild') as typeof import('esbuild');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const oneVscodeApi = require(join(root, 'scripts', 'one-vscode-api.cjs')) as import('esbuild').Plugin;
    const bundle = async (plugins: import('esbuild').Plugin[]) => {
      const { outputFiles } = await build({
        absWorkingDir: root,
        entryPoints: ['src/main.ts'],
        bundle: true,
        write: false,
        platform: 'node',
        format: 'cjs',
        external: ['vscode'],
        mainFields: ['module', 'main'],
        logLevel: 'silent',
        plugins,
      });
      return outputFiles[0].text.split('require("vscode")').length - 1;
    };
    assert.equal(await bundle([oneVscodeApi]), 1);
    // Without it, each importing file has its own.
    assert.ok((await bundle([])) > 10);
  });

  it('generates the JSON Schema usage enum and the snippets from src/core, as committed', async function () {
    this.timeout(60_000);
    const { stale } = (await import(script('generate-contributions.mjs'))) as {
      stale(): Promise<string[]>;
    };
    assert.deepEqual(await stale(), [], 'run npm run build and commit what it generates');
    const enums: unknown[] = [];
    const walk = (node: unknown, key?: string): void => {
      if (!node || typeof node !== 'object') return;
      const items = (node as { items?: { enum?: unknown } }).items;
      if (key === 'usages' && items?.enum) enums.push(items.enum);
      for (const [k, v] of Object.entries(node)) walk(v, k);
    };
    walk(JSON.parse(readFileSync(join(root, 'schemas', 'generate-spec.schema.json'), 'utf8')));
    assert.deepEqual(enums, [USAGES.map((u) => u.name)]);
  });
});
