import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyGeneratedEdit, documentsOf, editsOf } from '../../support/kqlDocuments';
import { FoldingCache, foldingFromBlocks, foldingRanges } from '../../../src/core/editor/folding';
import { LineIndex } from '../../../src/core/editor/lineIndex';
import { KustoDocumentModel } from '../../../src/core/editor/model';

describe('folding', () => {
  it('folds each multi-line command block, not single lines, and keeps blank lines inside ``` in the block', () => {
    const text = [
      '.show cluster policy managed_identity', // 0: one line, no fold
      '',
      '.alter cluster policy managed_identity ```[', // 2
      '',
      '  { "ObjectId": "system", "AllowedUsages": "All" }',
      ']```', // 5
      '',
      '',
      'T', // 8
      '| take 1', // 9
    ].join('\n');
    assert.deepEqual(foldingRanges(text), [
      { startLine: 2, endLine: 5 },
      { startLine: 8, endLine: 9 },
    ]);
  });

  it('folds #region pairs; a comment line folds with the command below it', () => {
    const text = '// #region identities\n.show cluster principals\n\n.show database D principals\n// #endregion';
    assert.deepEqual(foldingRanges(text), [
      { startLine: 0, endLine: 4, kind: 'region' },
      { startLine: 0, endLine: 1 },
      { startLine: 3, endLine: 4 },
    ]);
  });
});

describe('LineIndex', () => {
  it('maps offsets to positions and back, CRLF included', () => {
    const text = 'ab\r\ncd\nef';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 3);
    assert.deepEqual(index.positionAt(text.indexOf('d')), { line: 1, character: 1 });
    assert.deepEqual(index.positionAt(text.length), { line: 2, character: 2 });
    assert.equal(index.offsetAt({ line: 2, character: 1 }), text.indexOf('f'));
    assert.equal(index.offsetAt({ line: 0, character: 2 }), 2);
  });
});

describe('folding from a document model', () => {
  it("gives the same block ranges from the model's commands as from a fresh scan", () => {
    const text =
      '.alter cluster policy managed_identity ```[\n{"ObjectId":"system","AllowedUsages":"All"}\n]```\n\nT\n| take 1\n';
    const commands = new KustoDocumentModel(text).analysis().commands;
    assert.deepEqual(
      foldingRanges(
        text,
        commands.map((c) => ({ start: c.blockStart, end: c.end })),
      ),
      foldingRanges(text),
    );
  });
});

describe('folding from the blocks of an edited model', () => {
  const PIECES = [
    '.alter cluster policy managed_identity ```[\n  {"ObjectId": "system",\n\n   "AllowedUsages": "All"}\n]```',
    '.show cluster policy managed_identity',
    '// #region identities',
    '// #endregion',
    '  // #region indented\n.show databases',
    '\u00a0// #region after a no-break space',
    "T\n| where s == '\n// #region inside a string'",
    '// only a comment\n// on two lines',
    'T\n| take 10',
  ];
  const document = documentsOf(PIECES, ['\n\n', '\n', '\r\n\r\n', '\n\n  ', '\n \t\n'], 25);
  const INSERTS = ['', 'x', '\n', '\n\n', '// #region r\n', '// #endregion', "'", '```', ' '];
  const edit = editsOf(INSERTS, fc.nat({ max: 30 }));

  it('equals the ranges read from the whole text, after every edit (property)', () => {
    fc.assert(
      fc.property(document, fc.array(edit, { maxLength: 6 }), (text, edits) => {
        const model = new KustoDocumentModel(text);
        const cache = new FoldingCache();
        let current = text;
        const check = () => {
          const commands = new KustoDocumentModel(current).analysis().commands;
          const expected = foldingRanges(
            current,
            commands.map((c) => ({ start: c.blockStart, end: c.end })),
          );
          assert.deepEqual(foldingFromBlocks(model.blocks, model.blockLines), expected);
          assert.deepEqual(cache.get(model).ranges, expected, 'kept between calls');
        };
        check();
        for (const e of edits) {
          current = applyGeneratedEdit(current, e, model);
          check();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('folding kept from one edit to the next', () => {
  const PIECES = [
    '.alter cluster policy managed_identity ```[\n  {"ObjectId": "system",\n\n   "AllowedUsages": "All"}\n]```',
    '.show cluster policy managed_identity',
    '// only a comment\n// on two lines',
    'T\n| take 10',
  ];
  const document = documentsOf(PIECES, ['\n\n', '\n', '\r\n\r\n', '\n\n  '], 30);
  const INSERTS = ['', 'x', '\n', '\n\n', "'", '```', ' ', 'T\n| take 1\n\n'];
  const edit = editsOf(INSERTS, fc.nat({ max: 30 }));

  it('tells how the ranges changed: the same before the edits, moved after them, new between (property)', () => {
    let spliced = 0;
    fc.assert(
      fc.property(
        document,
        fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 6 }),
        (text, rounds) => {
          const model = new KustoDocumentModel(text);
          const cache = new FoldingCache();
          let previous = cache.get(model).ranges;
          let current = text;
          for (const edits of rounds) {
            for (const e of edits) {
              current = applyGeneratedEdit(current, e, model);
            }
            const { ranges, same, splice } = cache.get(model);
            const commands = new KustoDocumentModel(current).analysis().commands;
            assert.deepEqual(
              ranges,
              foldingRanges(
                current,
                commands.map((c) => ({ start: c.blockStart, end: c.end })),
              ),
            );
            if (same) assert.equal(ranges, previous);
            else if (splice) {
              spliced++;
              const { lo, hi, count, lineDelta } = splice;
              ranges.slice(0, lo).forEach((r, k) => assert.equal(r, previous[k], 'a range before the edits is kept'));
              assert.equal(ranges.length - lo - count, previous.length - hi);
              assert.deepEqual(
                ranges.slice(lo + count),
                previous.slice(hi).map((r) => ({ startLine: r.startLine + lineDelta, endLine: r.endLine + lineDelta })),
              );
            }
            previous = ranges;
          }
        },
      ),
      { numRuns: 300 },
    );
    assert.ok(spliced > 100, `only ${spliced} answers told how they changed`);
  });
});
