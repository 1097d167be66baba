import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { KustoDocumentModel } from '../../../src/core/editor/model';

const PIECES = [
  '.alter cluster policy managed_identity ```[\n  {"ObjectId": "system",\n   "AllowedUsages": "Al"}\n]```',
  '.alter-merge database Db policy managed_identity ```[{"ObjectId": "System", "AllowedUsages": "All"}]```',
  '.show cluster policy managed_identity',
  'T | take 10',
  '// only a comment',
];
const document = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom('\n\n', '\n', '\n\n  ')), { maxLength: 25 })
  .map((parts) => parts.map(([p, sep]) => p + sep).join(''));
const INSERTS = ['', 'x', 'l', '\n', '\n\n', '```', "'", '.show databases\n\n'];
const edit = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.constantFrom(...INSERTS), fc.boolean());

describe('document model: edit by edit', () => {
  it('gives the analysis and layout of a fresh model, whether or not it was asked between edits (property)', () => {
    fc.assert(
      fc.property(document, fc.array(edit, { minLength: 1, maxLength: 8 }), (text, edits) => {
        const model = new KustoDocumentModel(text);
        model.analysis();
        let current = text;
        for (const [rawOffset, rawRemoved, inserted, ask] of edits) {
          const offset = rawOffset % (current.length + 1);
          const removed = Math.min(rawRemoved, current.length - offset);
          current = current.slice(0, offset) + inserted + current.slice(offset + removed);
          model.applyEdit(offset, removed, inserted);
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
