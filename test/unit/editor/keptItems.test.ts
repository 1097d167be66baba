import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyGeneratedEdit, documentsOf, editsOf } from '../../support/kqlDocuments';
import { keepItems, type ItemMaker, type KeptItems } from '../../../src/core/editor/keptItems';
import { LineIndex } from '../../../src/core/editor/lineIndex';
import { KustoDocumentModel } from '../../../src/core/editor/model';

// A diagnostic as the editor shows it: where it is (line and character) and what it says.
interface Shown {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
  readonly code: string;
  readonly message: string;
}

/** What the diagnostics publisher gives the keeper: each block's diagnostics, placed with the text's line index. */
function shown(model: KustoDocumentModel, text: () => string): ItemMaker<Shown> {
  return {
    mayHave: (m, i) => m.hasDiagnostics(i),
    make: (i, out) => {
      const index = new LineIndex(text());
      for (const d of model.diagnosticsOf(i)) {
        const start = index.positionAt(d.offset);
        const end = index.positionAt(d.offset + d.length);
        out.push({
          line: start.line,
          character: start.character,
          endLine: end.line,
          endCharacter: end.character,
          code: d.code,
          message: d.message,
        });
      }
    },
    moveLines: (d, lines) => ({ ...d, line: d.line + lines, endLine: d.endLine + lines }),
  };
}

const PIECES = [
  '.alter cluster policy managed_identity ```[\n  {"ObjectId": "system",\n   "AllowedUsages": "Al"}\n]```',
  '.alter-merge database Db policy managed_identity ```[{"ObjectId": "System", "AllowedUsages": "All"}]```',
  '.alter database Db policy managed_identity ```[{"ObjectId": "system", "AllowedUsages": "All"}]```',
  '.show cluster policy managed_identity',
  "T | where s == 'a'",
  '// only a comment',
];
const document = documentsOf(PIECES, ['\n\n', '\n', '\n\n  ', '\r\n\r\n'], 25);
const INSERTS = ['', 'x', 'l', '\n', '\n\n', '```', "'", '.show databases\n\n', '"AllowedUsages": "All"'];
const edit = editsOf(INSERTS);

describe('items kept per block from one edit to the next', () => {
  it('are what a fresh model shows, after any edits, with or without moving items (property)', () => {
    fc.assert(
      fc.property(
        document,
        fc.array(fc.array(edit, { minLength: 1, maxLength: 3 }), { maxLength: 6 }),
        fc.boolean(),
        (text, rounds, canMove) => {
          let current = text;
          const model = new KustoDocumentModel(text);
          const maker = shown(model, () => current);
          const withoutMove = { ...maker, moveLines: undefined };
          let kept: KeptItems<Shown> = keepItems(model, undefined, maker);
          for (const edits of rounds) {
            for (const e of edits) {
              current = applyGeneratedEdit(current, e, model);
            }
            const before = kept;
            const changes = model.changesSince(before.revision);
            kept = keepItems(model, kept, canMove ? maker : withoutMove);
            const fresh = new KustoDocumentModel(current);
            assert.deepEqual(
              kept.items,
              keepItems(
                fresh,
                undefined,
                shown(fresh, () => current),
              ).items,
            );
            // The items of the blocks before the edits are given again as they were (the same objects); those after
            // them too when no line moved.
            assert.ok(changes);
            const lo = before.index.filter((i) => i < changes.from).length;
            kept.items.slice(0, lo).forEach((d, k) => assert.equal(d, before.items[k]));
            if (changes.lineDelta === 0) {
              const after = before.index.filter((i) => i >= changes.oldEnd).length;
              kept.items
                .slice(kept.items.length - after)
                .forEach((d, k) => assert.equal(d, before.items[before.items.length - after + k]));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an edit that fixes a mistake removes its diagnostic, and gives the others as they were', () => {
    const text = [PIECES[0], PIECES[3], PIECES[0], PIECES[3], PIECES[0]].join('\n\n');
    let current = text;
    const model = new KustoDocumentModel(text);
    const maker = shown(model, () => current);
    const first = keepItems(model, undefined, maker);
    assert.deepEqual(
      first.items.map((d) => d.code),
      ['MIP013', 'MIP013', 'MIP013'],
    );
    // Fix the second policy's "Al".
    const at = text.indexOf('"Al"', text.indexOf('"Al"') + 1) + 3;
    current = `${text.slice(0, at)}l${text.slice(at)}`;
    model.applyEdit(at, 0, 'l');
    const second = keepItems(model, first, maker);
    assert.equal(second.items.length, 2);
    assert.equal(second.items[0], first.items[0], 'the diagnostic before the edit is the same object');
    assert.equal(second.items[1], first.items[2], 'the diagnostic after it too (nothing moved to other lines)');
  });

  it('an edit that adds lines moves the later diagnostics to their new lines, and keeps the earlier ones', () => {
    const text = [PIECES[0], PIECES[3], PIECES[0], PIECES[3], PIECES[0]].join('\n\n');
    let current = text;
    const model = new KustoDocumentModel(text);
    const maker = shown(model, () => current);
    const first = keepItems(model, undefined, maker);
    // Two new lines inside the second policy's literal (a blank line inside ``` does not end the command).
    const at = text.indexOf('```[', text.indexOf('```[') + 1) + 4;
    current = `${text.slice(0, at)}\n\n${text.slice(at)}`;
    model.applyEdit(at, 0, '\n\n');
    const second = keepItems(model, first, maker);
    const fresh = new KustoDocumentModel(current);
    assert.equal(second.items[0], first.items[0]);
    assert.deepEqual(
      second.items.slice(1),
      first.items.slice(1).map((d) => ({ ...d, line: d.line + 2, endLine: d.endLine + 2 })),
    );
    assert.deepEqual(
      second.items,
      keepItems(
        fresh,
        undefined,
        shown(fresh, () => current),
      ).items,
    );
  });

  it('an edit in one block leaves the items of every other block as they were (the same objects)', () => {
    const text = Array.from({ length: 30 }, (_, i) => [PIECES[0], PIECES[2], PIECES[3]][i % 3]).join('\n\n');
    let current = text;
    const model = new KustoDocumentModel(text);
    const maker = shown(model, () => current);
    const first = keepItems(model, undefined, maker);
    assert.equal(first.items.length, 10);
    // A new mistake in the middle, in a clean policy.
    const at = text.indexOf('"All"', text.length / 2) + 2;
    current = `${text.slice(0, at)}x${text.slice(at)}`;
    model.applyEdit(at, 0, 'x');
    const second = keepItems(model, first, maker);
    assert.equal(second.items.length, 11);
    const added = second.items.filter((d) => !first.items.includes(d));
    assert.equal(added.length, 1, 'only the new mistake is a new item');
    assert.equal(added[0].line, new LineIndex(current).positionAt(at).line);
  });
});
