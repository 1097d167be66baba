#!/usr/bin/env node
// Generates the declarative files that repeat src/core: the JSON Schema's usage enum (schemas/generate-spec.schema.json)
// the .kql snippets (snippets/kusto.json) and package.json's language model tools, from src/core/usages.ts,
// src/core/editor/snippets.ts and src/core/tools/definitions.ts.
// Run by `npm run build`; `--check` only compares and exits 1 when a committed file differs (a test runs it).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMA = join(root, 'schemas', 'generate-spec.schema.json');
const SNIPPETS = join(root, 'snippets', 'kusto.json');
const PACKAGE = join(root, 'package.json');

/** The core modules, bundled in memory and loaded (they are TypeScript; the build does not emit them on their own). */
async function loadCore() {
  const { outputFiles } = await build({
    absWorkingDir: root,
    stdin: {
      contents:
        "export { USAGES } from './src/core/usages';\nexport { renderSnippetFile } from './src/core/editor/snippets';\n" +
        "export { TOOLS, ALLOW_CHANGES_SETTING } from './src/core/tools/definitions';\n",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    logLevel: 'silent',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(SCHEMA));
  return module.exports;
}

/** Sets every `usages` array's item enum in the schema to the usages core knows. */
function withUsageEnum(schema, names) {
  const walk = (node, key) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n));
    if (!node || typeof node !== 'object') return;
    if (key === 'usages' && node.type === 'array' && node.items && Array.isArray(node.items.enum))
      node.items.enum = [...names];
    for (const [k, v] of Object.entries(node)) walk(v, k);
  };
  walk(schema);
  return schema;
}

/** package.json with `contributes.languageModelTools` written from the tool table (the change tool only behind its setting). */
function withTools(pkg, tools, setting) {
  pkg.contributes.languageModelTools = tools.map((t) => ({
    name: t.name,
    displayName: t.title,
    toolReferenceName: t.toolReferenceName,
    canBeReferencedInPrompt: true,
    icon: '$(key)',
    userDescription: t.title,
    modelDescription: t.modelDescription,
    tags: [...t.tags],
    inputSchema: t.inputSchema,
    ...(t.readOnly ? {} : { when: `config.${setting}` }),
  }));
  return pkg;
}

/** The files as they should be: path → text. */
export async function generated() {
  const { USAGES, renderSnippetFile, TOOLS, ALLOW_CHANGES_SETTING } = await loadCore();
  const schema = withUsageEnum(
    JSON.parse(readFileSync(SCHEMA, 'utf8')),
    USAGES.map((u) => u.name),
  );
  return new Map([
    [SCHEMA, `${JSON.stringify(schema, null, 2)}\n`],
    [SNIPPETS, renderSnippetFile()],
    [
      PACKAGE,
      `${JSON.stringify(withTools(JSON.parse(readFileSync(PACKAGE, 'utf8')), TOOLS, ALLOW_CHANGES_SETTING), null, 2)}\n`,
    ],
  ]);
}

/** The generated files whose committed text differs. */
export async function stale() {
  const out = [];
  for (const [file, text] of await generated()) if (readFileSync(file, 'utf8') !== text) out.push(file);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const files = await stale();
    for (const f of files)
      console.error(`${f.slice(root.length + 1)} differs from what src/core generates: npm run build`);
    process.exit(files.length ? 1 : 0);
  }
  for (const [file, text] of await generated()) {
    if (readFileSync(file, 'utf8') === text) continue;
    writeFileSync(file, text);
    console.log(`generated ${file.slice(root.length + 1)}`);
  }
}
