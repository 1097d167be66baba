#!/usr/bin/env node
// Converts the readable grammar source (syntaxes/*.tmLanguage.yaml) into the JSON VS Code loads.
// Run by `npm run build` / `vscode:prepublish`; the JSON is generated, so it is git-ignored.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

const syntaxes = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'syntaxes');

/** Parses one YAML grammar and checks that every regex compiles, so a typo fails the build rather than the editor. */
export function convertGrammar(yamlText, file = 'grammar') {
  const grammar = load(yamlText);
  if (!grammar || typeof grammar.scopeName !== 'string') throw new Error(`${file}: no scopeName`);
  const walk = (node, path) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (['match', 'begin', 'end', 'while'].includes(key) && typeof value === 'string')
        checkRegex(value, `${path}.${key}`, file);
      else walk(value, `${path}.${key}`);
    }
  };
  walk(grammar, '');
  return grammar;
}

// Oniguruma syntax is close to JS's; rewrite its few extras so JS can at least catch unbalanced groups and typos.
function checkRegex(source, where, file) {
  const js = source
    .replace(/^\(\?i\)/, '')
    .replace(/\\[GAzZh]/g, '')
    .replace(/\(\?x\)/g, '');
  try {
    new RegExp(js, 'u');
  } catch {
    try {
      new RegExp(js);
    } catch (e) {
      throw new Error(`${file}${where}: bad regex ${JSON.stringify(source)}: ${e.message}`);
    }
  }
}

function main() {
  const files = readdirSync(syntaxes).filter((f) => f.endsWith('.tmLanguage.yaml'));
  for (const f of files) {
    const grammar = convertGrammar(readFileSync(join(syntaxes, f), 'utf8'), f);
    const out = join(syntaxes, f.replace(/\.yaml$/, '.json'));
    writeFileSync(out, JSON.stringify(grammar, null, 2) + '\n');
    console.log(`grammar: ${f} -> ${out.slice(syntaxes.length + 1)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
