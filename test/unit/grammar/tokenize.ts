// Loads the Kusto grammar (from its YAML source) with the JSON grammar VS Code itself ships, and tokenizes text.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

export const root = resolve(__dirname, '..', '..', '..');
const hostDir = join(root, '.cache', 'vscode-host');

/** The JSON grammar of the installed code-server: the one a user's editor embeds, not a copy that could drift. */
export function findJsonGrammar(): string {
  const known = join(
    hostDir,
    'code-server',
    'node_modules',
    'code-server',
    'lib',
    'vscode',
    'extensions',
    'json',
    'syntaxes',
    'JSON.tmLanguage.json',
  );
  const found = existsSync(known) ? known : search(hostDir, 8);
  if (!found) {
    throw new Error(
      `No JSON.tmLanguage.json under ${hostDir}: the grammar tests embed VS Code's own JSON grammar. ` +
        'Run `node scripts/vscode/install.mjs` first (installs code-server into .cache/vscode-host/).',
    );
  }
  return found;
}

function search(dir: string, depth: number): string | undefined {
  if (depth < 0 || !existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (
      entry.isFile() &&
      entry.name === 'JSON.tmLanguage.json' &&
      p.endsWith(join('extensions', 'json', 'syntaxes', 'JSON.tmLanguage.json'))
    )
      return p;
    if (entry.isDirectory()) {
      const hit = search(p, depth - 1);
      if (hit) return hit;
    }
  }
  return undefined;
}

let registry: Promise<textmate.Registry> | undefined;

function getRegistry(): Promise<textmate.Registry> {
  registry ??= (async () => {
    const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const jsonGrammarPath = findJsonGrammar();
    return new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName === 'source.kusto') {
          const yaml = load(readFileSync(join(root, 'syntaxes', 'kusto.tmLanguage.yaml'), 'utf8'));
          return textmate.parseRawGrammar(JSON.stringify(yaml), 'kusto.tmLanguage.json');
        }
        if (scopeName === 'source.json')
          return textmate.parseRawGrammar(readFileSync(jsonGrammarPath, 'utf8'), jsonGrammarPath);
        return null;
      },
    });
  })();
  return registry;
}

export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

/** Tokens per line, carrying the grammar state across lines as the editor does. */
export async function tokenize(text: string): Promise<Token[][]> {
  const grammar = await (await getRegistry()).loadGrammar('source.kusto');
  if (!grammar) throw new Error('source.kusto did not load');
  let state = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** Readable snapshot: each line, then one row per token with its scopes below the root scope. */
export function renderSnapshot(text: string, lines: Token[][]): string {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    out.push(`> ${line}`);
    for (const t of lines[i] ?? []) {
      if (!t.text.trim()) continue;
      out.push(`  ${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ') || '-'}`);
    }
  });
  return out.join('\n') + '\n';
}

/** The scopes of the first token whose text is exactly `text` (on any line). */
export function scopesOf(lines: Token[][], text: string): readonly string[] {
  const t = lines.flat().find((x) => x.text === text);
  if (!t)
    throw new Error(
      `no token ${JSON.stringify(text)}; tokens: ${lines
        .flat()
        .map((x) => x.text)
        .join('|')}`,
    );
  return t.scopes;
}
