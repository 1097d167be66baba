// Holds a fast reader to the general one: on every block of a text where it answers, the same end and the same
// analysis; and mutations of known blocks (characters changed, removed, doubled) to find the forms it must refuse.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextBlock } from '../../src/core/scanner/blocks';
import { analyzeCommand } from '../../src/core/scanner/command';
import { commandAt, fastBlock } from '../../src/core/scanner/fast';
import { generateCorpus } from '../../bench/corpus';
import type { FastReader } from '../../src/core/scanner/fast/types';

/** Checks `read` on every block of `text`; returns how many blocks it answered for. */
export function answersLikeGeneral(read: FastReader, text: string): number {
  let answered = 0;
  for (let b = nextBlock(text, 0); b !== undefined; b = nextBlock(text, b.end)) {
    const fast = read(text, b.start, commandAt(text, b.start));
    if (fast === undefined) continue;
    answered++;
    const where = JSON.stringify(text.slice(b.start, Math.max(b.end, fast.end)));
    assert.equal(b.unterminatedAt, undefined, `answered for a block with an unclosed literal: ${where}`);
    assert.equal(fast.end, b.end, `a different end: ${where}`);
    assert.deepEqual(fast.analysis, analyzeCommand(text.slice(b.start, b.end)), `a different analysis: ${where}`);
  }
  return answered;
}

// What a mutation puts in: the characters every rule and every literal turns on.
const INSERTS = [
  '\n', '\n\n', ' ', "'", '"', '`', '```', '@', 'h', '/', '//', '\\', '<', '>', '{', '}', '(', ')', '[', ']', ',', ';',
  '=', '|', '<|', 'x', 'xxxx', '****', '...', 'EXAMPLE', '-', '.', '0', 'a', 'Z', 'system', 'policy', 'with',
  '\r\n', '\t', '\u00a0', '://', 'https://',
]; // prettier-ignore

/** Blocks of `blocks` with up to three random edits each, joined as documents are (blank lines, comments, CRLF). */
export function mutatedDocuments(blocks: readonly string[]): fc.Arbitrary<string> {
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.constantFrom(...INSERTS));
  const mutated = fc.tuple(fc.constantFrom(...blocks), fc.array(edit, { maxLength: 3 })).map(([b, edits]) => {
    let s = b;
    for (const [at, removed, inserted] of edits) {
      const p = at % (s.length + 1);
      s = s.slice(0, p) + inserted + s.slice(p + removed);
    }
    return s;
  });
  const separator = fc.constantFrom('\n\n', '\n\n\n', '\n \n', '\r\n\r\n', '\n\n// next\n', '\n');
  return fc
    .array(fc.tuple(mutated, separator), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.map(([p, s]) => p + s).join(''));
}

/** Runs both checks: the blocks as written (each must be answered: they are clean) and their mutations. */
export function holdsToGeneral(read: FastReader, clean: readonly string[], ciRuns = 400): void {
  // ADXI_FAST_RUNS=30000 for a long search on a workstation; CI runs the default.
  const runs = Number(process.env.ADXI_FAST_RUNS ?? ciRuns);
  for (const b of clean) {
    const text = `${b}\n\n.show databases\n`;
    assert.equal(answersLikeGeneral(read, text) >= 1, true, `not answered for a clean block: ${JSON.stringify(b)}`);
    const fast = read(text, 0, commandAt(text, 0));
    assert.ok(fast !== undefined, `not answered for a clean block: ${JSON.stringify(b)}`);
  }
  let answered = 0;
  fc.assert(
    fc.property(mutatedDocuments(clean), (text) => {
      answered += answersLikeGeneral(read, text);
    }),
    { numRuns: runs },
  );
  assert.ok(answered > runs / 4, `answered only ${answered} times in ${runs} documents`);
}

/**
 * On a bench corpus: the clean blocks whose command starts with `head` (after its comment lines), how many the
 * dispatcher answered for, each answer checked against the general reader (same end, same analysis).
 */
export function cleanCorpusCoverage(head: RegExp, commands: number, seed: number): { clean: number; answered: number } {
  const { text } = generateCorpus(commands, seed);
  let clean = 0;
  let answered = 0;
  for (let b = nextBlock(text, 0); b !== undefined; b = nextBlock(text, b.end)) {
    const at = commandAt(text, b.start);
    if (!head.test(text.slice(at, at + 80))) continue;
    const general = analyzeCommand(text.slice(b.start, b.end));
    if (general === undefined || general.diagnostics.length > 0) continue;
    clean++;
    const fast = fastBlock(text, b.start);
    if (fast === undefined) continue;
    answered++;
    assert.deepEqual(fast.block, { start: b.start, end: b.end });
    assert.deepEqual(fast.analysis, general);
  }
  return { clean, answered };
}
