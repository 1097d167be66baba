// The linter on real scripts (test/corpus/real): every command carries the codes an expert expects; the linter must
// find exactly those — no false alarm on a valid command, no silent pass on a broken one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, scanDocument } from '../../src/core/scanner';
import { NEWER_THAN_BUNDLED_PARSER } from '../../src/core/scanner/parserFindings';
import { judge } from '../support/kustoJudge';

const DIR = join(__dirname, '../corpus/real');

interface Labelled {
  readonly file: string;
  readonly line: number;
  readonly expected: readonly string[];
  readonly found: readonly string[];
  readonly text: string;
}

function labelled(): { commands: Labelled[]; sources: Set<string>; unlabelled: string[] } {
  const commands: Labelled[] = [];
  const sources = new Set<string>();
  const unlabelled: string[] = [];
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.kql'))) {
    const text = readFileSync(join(DIR, file), 'utf8');
    const source = /^\/\/ source: (.+)$/m.exec(text)?.[1];
    assert.ok(source, `${file} has no // source: line`);
    sources.add(source.replace(/ \(.*$/, '').split(',')[0]);
    const diagnostics = checkDocument(text);
    for (const c of scanDocument(text)) {
      const line = text.slice(0, c.commandStart).split('\n').length;
      const label = /\/\/ expect: (.+)/.exec(text.slice(c.start, c.commandStart))?.[1];
      if (label === undefined) {
        unlabelled.push(`${file}:${line}`);
        continue;
      }
      const expected = label.trim() === 'none' ? [] : label.split(',').map((s) => s.trim());
      const found = diagnostics.filter((d) => d.offset >= c.start && d.offset <= c.end).map((d) => d.code);
      commands.push({
        file,
        line,
        expected: [...new Set(expected)].sort(),
        found: [...new Set(found)].sort(),
        text: text.slice(c.commandStart, c.end),
      });
    }
  }
  return { commands, sources, unlabelled };
}

describe('linter on real scripts (test/corpus/real)', () => {
  const { commands, sources, unlabelled } = labelled();

  it('holds at least 50 labelled commands from at least 10 public sources', () => {
    assert.deepEqual(unlabelled, [], 'every command has an // expect: line');
    assert.ok(commands.length >= 50, `${commands.length} commands`);
    assert.ok(sources.size >= 10, `${sources.size} sources: ${[...sources].join(', ')}`);
  });

  it('0 false alarms and 0 misses', () => {
    const falseAlarms: string[] = [];
    const misses: string[] = [];
    for (const c of commands) {
      for (const code of c.found) if (!c.expected.includes(code)) falseAlarms.push(`${c.file}:${c.line} ${code}`);
      for (const code of c.expected) if (!c.found.includes(code)) misses.push(`${c.file}:${c.line} ${code}`);
    }
    const valid = commands.filter((c) => c.expected.length === 0).length;
    console.log(
      `      corpus: ${commands.length} commands (${valid} valid, ${commands.length - valid} broken) from ${sources.size} sources; ` +
        `false alarms: ${falseAlarms.length}, misses: ${misses.length}`,
    );
    assert.deepEqual({ falseAlarms, misses }, { falseAlarms: [], misses: [] });
  });

  it('the official parser accepts every command labelled valid (but one newer than it, and template tokens)', function () {
    this.timeout(120_000);
    const judged = commands.filter(
      (c) =>
        c.expected.length === 0 &&
        !c.text.includes('$$') &&
        !NEWER_THAN_BUNDLED_PARSER.some((v) => c.text.toLowerCase().startsWith(v)),
    );
    const rejected = judged
      .map((c) => ({ at: `${c.file}:${c.line}`, d: judge(c.text) }))
      .filter((r) => r.d.diagnostics.length > 0 || r.d.skipped.length > 0)
      .map((r) => `${r.at}: ${[...r.d.diagnostics, ...r.d.skipped].join(' ')}`);
    assert.ok(judged.length >= 30, `${judged.length} judged`);
    assert.deepEqual(rejected, []);
  });
});
