// Bundles the in-host tests for the extension host (Node 24): index.js with mocha inside, one file per *.test.ts.
// Adding test/vscode/inhost/<name>.test.ts is all it takes for a test to run.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import esbuild from 'esbuild';
import { root } from './paths.mjs';

export const inhostSource = join(root, 'test', 'vscode', 'inhost');
export const inhostOut = join(root, 'out', 'test', 'inhost');

function testSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return testSources(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

export async function buildInhostTests() {
  rmSync(inhostOut, { recursive: true, force: true });
  const tests = testSources(inhostSource);
  if (!tests.length) throw new Error(`no *.test.ts under ${relative(root, inhostSource)}`);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(inhostSource, 'index.ts'), ...tests],
    outbase: inhostSource,
    outdir: inhostOut,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    // Same as esbuild.js: jsonc-parser's UMD entry hides its requires from the bundler; its ESM build does not.
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    // mocha resolves reporters and test files with a computed require(); those stay runtime requires.
    logOverride: {
      'unsupported-require-call': 'silent',
      'unsupported-dynamic-import': 'silent',
      'require-resolve-not-external': 'silent',
    },
  });
  return { entry: join(inhostOut, 'index.js'), count: tests.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { entry, count } = await buildInhostTests();
  console.log(`built ${entry} and ${count} test file(s)`);
}
