import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyGeneratedEdit, documentsOf, editsOf } from '../../support/kqlDocuments';
import { isRunnable } from '../../../src/core/editor/live';
import { LineIndex } from '../../../src/core/editor/lineIndex';
import { KustoDocumentModel } from '../../../src/core/editor/model';
import type { BlockEntry } from '../../../src/core/scanner';
import { placeLenses, type PlacedLens, type PlacedLenses } from '../../../src/vscode/editor/lensCache';

// A lens as the Run lens provider makes it: placed at the command's start, resolved with the command's block.
interface TestLens extends PlacedLens {
  command: { title: string; command: string; arguments: [BlockEntry] } | undefined;
}

function lens(model: KustoDocumentModel, block: BlockEntry, start: number): TestLens {
  const at = new LineIndex(model.text).positionAt(start);
  return { block, range: { start: at, end: at }, command: undefined, isResolved: false } as unknown as TestLens;
}

const PIECES = [
  '.alter cluster policy managed_identity ```[\n  {"ObjectId": "system",\n   "AllowedUsages": "All"}\n]```',
  '.show cluster policy managed_identity',
  '// a comment\n.delete cluster policy managed_identity',
  'T | take 10',
  '// only a comment',
  '  .show databases',
];
const document = documentsOf(PIECES, ['\n\n', '\n', '\n\n  ', '\r\n\r\n'], 30);
const INSERTS = ['', 'x', ' ', '\n', '\n\n', '```', "'", '.show databases\n\n'];
const edit = editsOf(INSERTS);

/** A lens like `l`, `lines` lines further, unresolved (as the providers move the lenses after an added line). */
function moveLines(l: TestLens, lines: number): TestLens {
  const at = { line: l.range.start.line + lines, character: l.range.start.character };
  return { ...l, range: { start: at, end: at }, command: undefined } as unknown as TestLens;
}

describe('lenses kept from one keystroke to the next', () => {
  it('are where a fresh placement puts them, and a kept resolved lens still names its command (property)', () => {
    fc.assert(
      fc.property(
        document,
        fc.array(fc.tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean()), { maxLength: 6 }),
        fc.boolean(),
        (text, rounds, canMove) => {
          const model = new KustoDocumentModel(text);
          let current = text;
          const make = (c: { start: number }, block: BlockEntry) => [lens(model, block, c.start)];
          let placed: PlacedLenses<TestLens> | undefined;
          for (const [edits, resolveAll] of [[[], true] as const, ...rounds]) {
            for (const e of edits) {
              current = applyGeneratedEdit(current, e, model);
            }
            placed = placeLenses(model, placed, {
              wants: isRunnable,
              make,
              ...(canMove && { moveLines }),
            });
            const index = new LineIndex(current);
            const commands = model.analysis().commands.filter(isRunnable);
            assert.equal(placed.items.length, commands.length);
            placed.items.forEach((l, i) => {
              const c = commands[i];
              assert.deepEqual(l.range.start, index.positionAt(c.start), 'placed at its command');
              assert.equal(model.commandOfBlock(l.block, l.range.start.line), c, 'resolves to its command');
              if (l.command)
                assert.equal(
                  model.commandOfBlock(l.command.arguments[0], 0),
                  c,
                  'a kept resolved lens names its command',
                );
              // Resolve some (as VS Code does for those on screen).
              if (resolveAll) l.command = { title: 'Run', command: 'run', arguments: [l.block] };
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a keystroke keeps every other lens object, resolved, still naming its command', () => {
    const text = Array.from({ length: 40 }, (_, i) => PIECES[i % 4]).join('\n\n');
    const model = new KustoDocumentModel(text);
    const make = (c: { start: number }, block: BlockEntry) => [lens(model, block, c.start)];
    const first = placeLenses(model, undefined, { wants: isRunnable, make });
    for (const l of first.items) l.command = { title: 'Run', command: 'run', arguments: [l.block] };
    const at = text.indexOf('"All"', text.length / 2) + 2;
    model.applyEdit(at, 0, 'l');
    const second = placeLenses(model, first, { wants: isRunnable, make });
    const kept = second.items.filter((l) => first.items.includes(l));
    assert.equal(kept.length, second.items.length - 1, 'only the edited command gets a new lens');
    const commands = model.analysis().commands.filter(isRunnable);
    second.items.forEach((l, i) => {
      if (!kept.includes(l)) return assert.equal(l.command, undefined, 'the new lens is not resolved yet');
      assert.ok(l.command);
      // Those after the edit moved by a character: their command, found from the block, has its new offset.
      assert.equal(model.commandOfBlock(l.command.arguments[0], 0), commands[i]);
    });
  });

  it('a new line moves the lenses after it one line down (unresolved) and keeps those before it', () => {
    const text = Array.from({ length: 40 }, (_, i) => PIECES[i % 4]).join('\n\n');
    const model = new KustoDocumentModel(text);
    const make = (c: { start: number }, block: BlockEntry) => [lens(model, block, c.start)];
    const maker = { wants: isRunnable, make, moveLines };
    const first = placeLenses(model, undefined, maker);
    for (const l of first.items) l.command = { title: 'Run', command: 'run', arguments: [l.block] };
    // Enter at the end of a command in the middle: the lenses of the commands after it go one line down.
    const at = text.indexOf('\n\n', text.length / 2);
    model.applyEdit(at, 0, '\n');
    const second = placeLenses(model, first, maker);
    const index = new LineIndex(model.text);
    const commands = model.analysis().commands.filter(isRunnable);
    assert.deepEqual(
      second.items.map((l) => l.range.start),
      commands.map((c) => index.positionAt(c.start)),
    );
    const before = second.items.filter((l) => l.range.start.line < index.positionAt(at).line);
    assert.ok(before.length > 0 && before.every((l) => first.items.includes(l) && l.command !== undefined));
    // (The command right after the new line is made again: the blank lines before it changed.)
    const after = second.items.slice(before.length + 1);
    assert.ok(after.length > 0 && after.every((l) => !first.items.includes(l) && l.command === undefined));
    after.forEach((l, k) => assert.equal(l.range.start.line, first.items[before.length + 1 + k].range.start.line + 1));
  });
});
