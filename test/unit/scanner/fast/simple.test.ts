import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextBlock } from '../../../../src/core/scanner/blocks';
import { analyzeCommand } from '../../../../src/core/scanner/command';
import { blockEnd } from '../../../../src/core/scanner/fast/end';
import { fastBlock } from '../../../../src/core/scanner/fast';
import { readQuery, readShow } from '../../../../src/core/scanner/fast/simple';
import { generateCorpus } from '../../../../bench/corpus';
import { answersLikeGeneral, holdsToGeneral, mutatedDocuments } from '../../../support/fastPath';

const QUERIES = [
  'Events\n| where Timestamp > ago(1d)\n| take 10',
  "T | where Name == 'it''s' and Path has @'C:\\dir\\'",
  'T | extend s = "a \\" quote", t = h\'hidden\'',
  '// why\nT | project a // trailing comment\n| take 1',
  'print x = ```multi\nline```',
  "let f = (a:string) { strcat(a, '/') };\nf('x')",
  'T\r\n| summarize count() by bin(Timestamp, 1h)',
  "['My Table'] | where a < b and c > d",
  "#connect cluster('help').database('Samples')",
  '(T) | union U | count',
];
const SHOWS = [
  '.show databases',
  '.show cluster policy managed_identity',
  '.SHOW Database Sales Policy Managed_Identity',
  ".show database ['Sales EU'] policy managed_identity",
  '.show database [ "x-1" ] principals',
  '.show continuous-exports',
  '.show continuous-export Export7 failures',
  '.show external tables',
  '.show table Events policy update',
  '.show cluster policy',
  ".show database D policy ['odd']",
  '// before\n.show database Ops policy caching',
  '.show database $x.y-z principals',
];

describe('scanner, fast way: where a block ends', () => {
  it('blockEnd agrees with nextBlock wherever it answers, and answers for ordinary blocks', () => {
    const corpus = generateCorpus(300, 7).text;
    let answered = 0;
    for (let b = nextBlock(corpus, 0); b !== undefined; b = nextBlock(corpus, b.end)) {
      const end = blockEnd(corpus, b.start);
      assert.equal(end, b.end, JSON.stringify(corpus.slice(b.start, b.end)));
      answered++;
    }
    assert.ok(answered >= 300);
    fc.assert(
      fc.property(mutatedDocuments([...QUERIES, ...SHOWS, corpus.slice(0, 2000)]), (text) => {
        for (let b = nextBlock(text, 0); b !== undefined; b = nextBlock(text, b.end)) {
          const end = blockEnd(text, b.start);
          if (end === undefined) continue;
          assert.equal(b.unterminatedAt, undefined, JSON.stringify(text.slice(b.start)));
          assert.equal(end, b.end, JSON.stringify(text.slice(b.start)));
        }
      }),
      { numRuns: 600 },
    );
  });
  it('leaves unclosed literals and fences with a blank line inside to nextBlock', () => {
    for (const text of ["T | where a == 'open\n\nU", '.alter x ```[\n\n.show databases', "T @'a''", 'print "x\\']) {
      assert.equal(blockEnd(text, 0), undefined, JSON.stringify(text));
    }
  });
});

describe('scanner, fast way: queries and plain .show commands', () => {
  it('reads queries as the general reader does', () => holdsToGeneral(readQuery, QUERIES));
  it('reads .show commands as the general reader does, policy names and targets included', () =>
    holdsToGeneral(readShow, SHOWS));
  it('refuses what a rule reads: strings, placeholders, redacted words, pipes', () => {
    for (const text of [
      '.show database <db> principals',
      '.show database xxxx principals',
      ".show databases | where DatabaseName == 'x'",
      ".show database 'x' principals",
    ]) {
      assert.equal(readShow(text, 0, 0), undefined, text);
    }
  });
  it('on a whole mixed document, every block a fast reader answers for reads as the general way reads it', () => {
    const { text } = generateCorpus(800, 3);
    let fast = 0;
    for (let b = nextBlock(text, 0); b !== undefined; b = nextBlock(text, b.end)) {
      const f = fastBlock(text, b.start);
      if (f === undefined) continue;
      fast++;
      assert.deepEqual(f.block, { start: b.start, end: b.end });
      assert.deepEqual(f.analysis, analyzeCommand(text.slice(b.start, b.end)));
    }
    assert.ok(fast > 100, `the fast readers answered for ${fast} blocks`);
    assert.ok(answersLikeGeneral(readQuery, text) > 50);
  });
});
