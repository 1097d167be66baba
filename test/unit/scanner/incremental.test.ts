import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyGeneratedEdit, documentsOf, editsOf } from '../../support/kqlDocuments';
import { DocumentScanner, checkDocument, scanDocument } from '../../../src/core/scanner';
import { LineIndex } from '../../../src/core/editor/lineIndex';

const PIECES = [
  '.alter cluster policy managed_identity ```[\n  {"ObjectId": "system",\n\n   "AllowedUsages": "AutomatedFlows"}\n]```',
  '.alter database Db policy managed_identity ```[{"ObjectId": "system_assigned", "AllowedUsages": "Al"}]```',
  '.alter-merge database [\'My DB\'] policy managed_identity \'[{"ObjectId": "system", "AllowedUsages": "SqlRequest"}]\'',
  '.show cluster policy managed_identity',
  "// a comment with a quote '\n.delete cluster policy managed_identity",
  '.create-or-alter continuous-export E to table T with (managedIdentity=system) <| T',
  "T | where s == 'a\n\nb'",
  'T | take 10',
];
const document = documentsOf(PIECES, ['\n\n', '\n', '\n  \n', '\n\n\n'], 8);
const INSERTS = [
  '',
  'x',
  '\n',
  '\n\n',
  '`',
  '```',
  "'",
  '"',
  '//',
  ' ',
  'Flows',
  '[{"ObjectId": "System"}]',
  '\n.show databases\n',
];
const edit = editsOf(INSERTS, fc.oneof(fc.nat({ max: 4 }), fc.nat({ max: 60 })));

function applyAll(
  text: string,
  edits: Array<[number, number, string]>,
  check: (s: DocumentScanner, t: string) => void,
): void {
  const scanner = new DocumentScanner(text);
  let current = text;
  for (const e of edits) {
    current = applyGeneratedEdit(current, e, scanner);
    check(scanner, current);
  }
}

/** Blocks, starts and lines as a fresh scan of `text` gives them. */
function layoutOf(s: DocumentScanner) {
  return s.blocks.map((b, i) => ({ start: s.blockStarts[i], line: s.blockLines[i], gap: b.gap, text: b.text }));
}

/** A scanner of `text` (its block lines already read) after one edit, and a fresh scanner of the edited text. */
function editedAndFresh(text: string, offset: number, removed: number, inserted: string) {
  const scanner = new DocumentScanner(text);
  void scanner.blockLines;
  const current = text.slice(0, offset) + inserted + text.slice(offset + removed);
  scanner.applyEdit(offset, removed, inserted);
  return { scanner, fresh: new DocumentScanner(current), current };
}

// Longer documents (up to 40 blocks, some indented or with comment-only blocks) so that an edit's re-read runs inside a
// window of a few blocks, and edits that split, merge, open or close literals make the window grow.
const longDocument = fc
  .array(
    fc.tuple(
      fc.constantFrom(...PIECES, '// only a comment', '// #region x', '// #endregion'),
      fc.constantFrom('\n\n', '\n', '\n  \n', '\n\n\n', '\r\n\r\n', '\n\n  '),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.map(([p, sep]) => p + sep).join(''));

describe('scanner: incremental updates', () => {
  it("re-reads only around the edit, from the blocks' own texts, and ends where a full scan ends (property)", () => {
    fc.assert(
      fc.property(
        longDocument,
        fc.array(edit, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (text, edits, askLines) => {
          const scanner = new DocumentScanner(text);
          if (askLines) void scanner.blockLines;
          let current = text;
          for (const e of edits) {
            // Where the edit lands, read back below.
            const offset = e[0] % (current.length + 1);
            current = applyGeneratedEdit(current, e, scanner);
            assert.equal(scanner.length, current.length);
            const fresh = new DocumentScanner(current);
            assert.deepEqual(layoutOf(scanner), layoutOf(fresh));
            const index = new LineIndex(current);
            assert.deepEqual(
              scanner.blockLines,
              scanner.blockStarts.map((s) => index.lineAt(s)),
            );
            assert.deepEqual(scanner.diagnostics(), checkDocument(current));
            assert.deepEqual(scanner.commands(), scanDocument(current));
            const at = Math.min(offset, current.length);
            assert.equal(scanner.slice(at, 5), current.slice(at, at + 5));
            assert.equal(scanner.text, current);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  it('edits at the start, middle and end, splitting and merging commands, equal a full scan', () => {
    const blocks = Array.from({ length: 30 }, (_, i) => PIECES[i % PIECES.length]);
    const text = blocks.join('\n\n');
    const middle = text.indexOf(PIECES[1], text.length / 2);
    const cases: Array<[string, number, number, string]> = [
      ['type at the start', 0, 0, 'x'],
      ['indent the first command', 0, 0, '  '],
      ['type at the end', text.length, 0, '\n\nT | take 1'],
      ['delete the last character', text.length - 1, 1, ''],
      ['split a command with a blank line', middle + 10, 0, '\n\n'],
      ['merge two commands (remove the blank line between them)', middle - 2, 2, ' '],
      ['open a string that swallows the rest', middle, 0, "'"],
      ['open a ``` that swallows the rest', middle, 0, '```'],
      ['replace most of the document', 5, text.length - 10, '\n\n.show databases\n\n'],
    ];
    for (const [what, offset, removed, inserted] of cases) {
      const { scanner, fresh, current } = editedAndFresh(text, offset, removed, inserted);
      assert.deepEqual(layoutOf(scanner), layoutOf(fresh), what);
      assert.deepEqual(scanner.diagnostics(), fresh.diagnostics(), what);
      assert.equal(scanner.text, current, what);
    }
  });
  it('keeps the blocks after the edit as they are (the same objects) and never builds the whole text for an edit', () => {
    const text = Array.from({ length: 50 }, (_, i) => PIECES[i % PIECES.length]).join('\n\n');
    const scanner = new DocumentScanner(text);
    const before = [...scanner.blocks];
    const at = text.indexOf('"Al"') + 2;
    scanner.applyEdit(at, 0, 'l');
    const after = scanner.blocks;
    assert.equal(after.length, before.length);
    const changed = after.map((b, i) => (b === before[i] ? -1 : i)).filter((i) => i >= 0);
    assert.deepEqual(changed, [1], 'only the edited block is new');
    assert.equal((scanner as unknown as { flat: string | undefined }).flat, undefined);
  });
  it('after random edits, the incremental result equals a full re-scan', () => {
    fc.assert(
      fc.property(document, fc.array(edit, { minLength: 1, maxLength: 6 }), (text, edits) => {
        applyAll(text, edits, (scanner, current) => {
          assert.equal(scanner.text, current);
          assert.deepEqual(scanner.commands(), scanDocument(current));
          const diagnostics = scanner.diagnostics();
          assert.deepEqual(diagnostics, checkDocument(current));
          diagnostics.forEach((d, i) =>
            assert.ok(i === 0 || diagnostics[i - 1].offset <= d.offset, 'diagnostics in text order'),
          );
        });
      }),
      { numRuns: 300 },
    );
  });
  it('keeps the analysis of blocks the edit did not touch (same objects, moved)', () => {
    const text = PIECES.slice(0, 4).join('\n\n');
    const scanner = new DocumentScanner(text);
    const before = scanner.commands();
    scanner.applyEdit(0, 0, 'T\n\n');
    const after = scanner.commands();
    assert.equal(after.length, before.length + 1);
    assert.deepEqual(
      after.slice(1).map((c) => c.start),
      before.map((c) => c.start + 3),
    );
  });
  it('an edit that opens a ``` block re-reads everything after it', () => {
    const scanner = new DocumentScanner('.show databases\n\nT\n\nU');
    scanner.applyEdit(0, 0, '```');
    assert.equal(scanner.commands().length, 1);
    assert.deepEqual(
      scanner.diagnostics().map((d) => d.code),
      ['KQL002'],
    );
    scanner.applyEdit(0, 3, '');
    assert.equal(scanner.commands().length, 3);
  });
  it('a deletion from inside one block into the next does not reuse the deleted block', () => {
    // Old block 'X' starts inside the removed range, exactly where the shifted text puts the merged block.
    const scanner = new DocumentScanner('Rabcdefgh\n\n.show databases');
    scanner.applyEdit(1, 11, '');
    assert.equal(scanner.text, 'Rshow databases');
    assert.deepEqual(scanner.commands(), scanDocument('Rshow databases'));
  });
  it('takes the edited text from the editor when given, and checks it matches the edit', () => {
    const text = PIECES.slice(0, 3).join('\n\n');
    const given = new DocumentScanner(text);
    const built = new DocumentScanner(text);
    const at = text.indexOf('"Al"') + 2;
    given.applyEdit(at, 0, 'l', `${text.slice(0, at)}l${text.slice(at)}`);
    built.applyEdit(at, 0, 'l');
    assert.equal(given.text, built.text);
    assert.deepEqual(given.diagnostics(), built.diagnostics());
    assert.throws(() => given.applyEdit(0, 1, 'xy', 'short'), RangeError);
  });
  it('reads a stray ``` again when the command after it changes its first line', () => {
    const text = '.show tables\n\n```\nT | take 1\n\n.show databases\n\n.show tables';
    for (const [offset, removed, inserted] of [
      [text.indexOf('.show databases'), 1, ''], // no command after the fence any more: it swallows the rest
      [text.indexOf('.show databases'), 0, 'x'],
      [text.indexOf('.show databases') + 1, 0, 'x'], // still a command: the fence stays stray
      [text.lastIndexOf('.show tables'), 1, ''],
    ] as const) {
      const { scanner, fresh, current } = editedAndFresh(text, offset, removed, inserted);
      assert.deepEqual(layoutOf(scanner), layoutOf(fresh), current);
      assert.deepEqual(scanner.diagnostics(), fresh.diagnostics(), current);
    }
  });
  it('rejects an edit outside the text', () => {
    assert.throws(() => new DocumentScanner('abc').applyEdit(2, 5, ''), RangeError);
  });
  it('setCluster re-checks with the cluster facts', () => {
    const scanner = new DocumentScanner(PIECES[0]);
    assert.deepEqual(scanner.diagnostics(), []);
    scanner.setCluster({ systemAssigned: false, userAssigned: [] });
    assert.deepEqual(
      scanner.diagnostics().map((d) => d.code),
      ['MIP110'],
    );
  });
});

describe('scanner: what edits changed among the blocks', () => {
  const positions = (text: string, starts: readonly number[]) => {
    const index = new LineIndex(text);
    return starts.map((s) => index.positionAt(s));
  };

  it('keeps the blocks before `from` and the old blocks from `oldEnd` on as the same objects, moved by the deltas (property)', () => {
    fc.assert(
      fc.property(
        longDocument,
        fc.array(fc.array(edit, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        (text, rounds) => {
          const scanner = new DocumentScanner(text);
          let current = text;
          for (const edits of rounds) {
            const mark = scanner.revision;
            const blocks = [...scanner.blocks];
            const starts = [...scanner.blockStarts];
            const lines = [...scanner.blockLines];
            const before = positions(current, starts);
            const oldLength = current.length;
            const oldLines = new LineIndex(current).lineCount;
            for (const e of edits) {
              current = applyGeneratedEdit(current, e, scanner);
            }
            const changes = scanner.changesSince(mark);
            assert.ok(changes, 'known block by block');
            const { from, oldEnd, newEnd, offsetDelta, lineDelta } = changes;
            const count = scanner.blocks.length;
            assert.ok(from <= oldEnd && from <= newEnd);
            assert.equal(blocks.length - oldEnd, count - newEnd, 'as many blocks kept at the end');
            assert.equal(offsetDelta, current.length - oldLength);
            assert.equal(lineDelta, new LineIndex(current).lineCount - oldLines);
            const after = positions(current, scanner.blockStarts);
            for (let i = 0; i < from; i++) {
              assert.equal(scanner.blocks[i], blocks[i], `block ${i} before the edits is the same object`);
              assert.equal(scanner.blockStarts[i], starts[i]);
              assert.equal(scanner.blockLines[i], lines[i]);
              assert.deepEqual(after[i], before[i]);
            }
            for (let k = 0; k < count - newEnd; k++) {
              const [i, j] = [newEnd + k, oldEnd + k];
              assert.equal(scanner.blocks[i], blocks[j], `block ${i} after the edits is old block ${j}`);
              assert.equal(scanner.blockStarts[i], starts[j] + offsetDelta);
              assert.equal(scanner.blockLines[i], lines[j] + lineDelta);
              assert.deepEqual(after[i], { line: before[j].line + lineDelta, character: before[j].character });
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('says nothing changed without an edit, and cannot tell across a new reading of the whole text', () => {
    const scanner = new DocumentScanner(PIECES.slice(0, 4).join('\n\n'));
    const count = scanner.blocks.length;
    assert.deepEqual(scanner.changesSince(scanner.revision), {
      from: count,
      oldEnd: count,
      newEnd: count,
      offsetDelta: 0,
      lineDelta: 0,
    });
    const mark = scanner.revision;
    scanner.applyEdit(0, 0, 'x');
    assert.deepEqual(scanner.changesSince(mark), { from: 0, oldEnd: 1, newEnd: 1, offsetDelta: 1, lineDelta: 0 });
    scanner.setCluster({ systemAssigned: true, userAssigned: [] });
    assert.equal(scanner.changesSince(mark), undefined);
    assert.equal(scanner.changesSince(mark + 1), undefined);
  });

  it('cannot tell about edits older than the ones it logs', () => {
    const scanner = new DocumentScanner('T\n\nU');
    const mark = scanner.revision;
    for (let i = 0; i < 100; i++) scanner.applyEdit(0, 0, 'x');
    assert.equal(scanner.changesSince(mark), undefined);
    assert.ok(scanner.changesSince(scanner.revision - 10));
  });
});
