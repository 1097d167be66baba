import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyGeneratedEdit, documentsOf } from '../../support/kqlDocuments';
import { KustoDocumentModel } from '../../../src/core/editor/model';

const PIECES = [
  '.alter cluster policy managed_identity ```[\n  {"ObjectId": "system",\n   "AllowedUsages": "Al"}\n]```',
  '.alter-merge database Db policy managed_identity ```[{"ObjectId": "System", "AllowedUsages": "All"}]```',
  '.show cluster policy managed_identity',
  'T | take 10',
  '// only a comment',
];
const document = documentsOf(PIECES, ['\n\n', '\n', '\n\n  '], 25);
const INSERTS = ['', 'x', 'l', '\n', '\n\n', '```', "'", '.show databases\n\n'];
const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...INSERTS), fc.boolean());

describe('document model: edit by edit', () => {
  it('gives the analysis and layout of a fresh model, whether or not it was asked between edits (property)', () => {
    fc.assert(
      fc.property(document, fc.array(edit, { minLength: 1, maxLength: 8 }), (text, edits) => {
        const model = new KustoDocumentModel(text);
        model.analysis();
        let current = text;
        for (const e of edits) {
          current = applyGeneratedEdit(current, e, model);
          const ask = e[3];
          if (!ask) continue;
          const fresh = new KustoDocumentModel(current);
          assert.deepEqual(model.analysis(), fresh.analysis());
          assert.deepEqual(
            model.layout().blocks.map((b) => b.text),
            fresh.layout().blocks.map((b) => b.text),
          );
          assert.deepEqual(model.layout().lines, fresh.layout().lines);
        }
        assert.deepEqual(model.analysis(), new KustoDocumentModel(current).analysis());
      }),
      { numRuns: 300 },
    );
  });
});

describe('document model: one block at a time', () => {
  it('finds the command and the diagnostics at an offset as the whole analysis does (property)', () => {
    fc.assert(
      fc.property(
        document,
        fc.array(edit, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (text, edits, probes) => {
          const model = new KustoDocumentModel(text);
          let current = text;
          for (const e of edits) {
            current = applyGeneratedEdit(current, e, model);
          }
          const { commands, diagnostics } = new KustoDocumentModel(current).analysis();
          for (const probe of probes) {
            const at = probe % (current.length + 1);
            const length = probe % 7;
            const expected = commands.find((c) => c.blockStart <= at && at <= c.end);
            assert.deepEqual(model.commandAt(at), expected);
            const touching = (d: { offset: number; length: number }) =>
              d.offset <= at + length && at <= d.offset + d.length;
            assert.deepEqual(model.diagnosticsNear(at, length).filter(touching), diagnostics.filter(touching));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the command of a block an edit did not touch (the same object) while the block stays at its offset', () => {
    const text = Array.from({ length: 6 }, (_, i) => PIECES[i % PIECES.length]).join('\n\n');
    const model = new KustoDocumentModel(text);
    const before = model.analysis().commands;
    // A typo in the last command: the commands before it stay where they were.
    const at = text.lastIndexOf('.show');
    model.applyEdit(at + 2, 0, 'x');
    const after = model.analysis().commands;
    assert.equal(after.length, before.length);
    after.forEach((c, i) => {
      if (c.blockStart < at) assert.equal(c, before[i], `command ${i} before the edit is kept`);
      else assert.notEqual(c, before[i]);
    });
    // An edit at the start moves every later command: each is made again with its new offsets.
    model.applyEdit(0, 0, '// a comment\n');
    const moved = model.analysis().commands;
    assert.deepEqual(
      moved.map((c) => c.start),
      after.map((c) => c.start + '// a comment\n'.length),
    );
  });
});
