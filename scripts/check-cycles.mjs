#!/usr/bin/env node
// Finds runtime import cycles in src/: esbuild bundles every entry point (type-only imports vanish, as at run time)
// and its metafile lists what each file imports. Exit 1 with each cycle printed, 0 when there is none.
import { build } from 'esbuild';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = [
  'src/extension.ts',
  'src/main.ts',
  'src/cli/main.ts',
  'src/cli/bin.ts',
  'src/cli/lintEntry.ts',
  'src/cli/mcpMain.ts',
  'src/services/sdk.ts',
  'src/services/parser/worker.ts',
  'src/vscode/lm/tools.ts',
];

/** The runtime imports between files of src/, as esbuild resolved them. */
export async function importGraph() {
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    bundle: true,
    write: false,
    metafile: true,
    outdir: 'out-cycles',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  const graph = new Map();
  for (const [file, { imports }] of Object.entries(metafile.inputs)) {
    if (!file.startsWith('src/')) continue;
    graph.set(
      file,
      imports.filter((i) => i.path.startsWith('src/') && i.kind !== 'dynamic-import').map((i) => i.path),
    );
  }
  return graph;
}

/** Every cycle, each as the list of files around it (found once, from its smallest file). */
export function findCycles(graph) {
  const cycles = [];
  const seen = new Set();
  const onPath = [];
  const index = new Map();
  const visit = (file) => {
    index.set(file, onPath.length);
    onPath.push(file);
    for (const next of graph.get(file) ?? []) {
      if (index.has(next)) {
        const cycle = onPath.slice(index.get(next));
        const key = [...cycle].sort().join(' ');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!done.has(next)) visit(next);
    }
    onPath.pop();
    index.delete(file);
    done.add(file);
  };
  const done = new Set();
  for (const file of [...graph.keys()].sort()) if (!done.has(file)) visit(file);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cycles = findCycles(await importGraph());
  for (const c of cycles) console.error(`import cycle: ${[...c, c[0]].join(' → ')}`);
  if (cycles.length) process.exit(1);
  console.log('no runtime import cycle in src/');
}
