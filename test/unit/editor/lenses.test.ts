import { strict as assert } from 'node:assert';
import { lensesFor, shortIdentity } from '../../../src/core/editor/lenses';
import { KustoDocumentModel } from '../../../src/core/editor/model';
import { SAMPLE, at } from './sample';

describe('policy lenses', () => {
  const lenses = lensesFor(new KustoDocumentModel(SAMPLE).analysis().commands);

  it('sit above the alter, alter-merge and delete policy commands only', () => {
    assert.deepEqual(
      lenses.map((l) => l.offset),
      [at(SAMPLE, '.alter '), at(SAMPLE, '.alter-merge'), at(SAMPLE, '.delete')],
    );
  });

  it('summarise a valid policy with its identities and usages', () => {
    assert.equal(lenses[0].title, '✓ policy valid — 2 identities: system (AutomatedFlows), 1f3… (NativeIngestion)');
    assert.equal(lenses[0].reveal, undefined);
  });

  it('count the problems of an invalid policy and reveal the first error', () => {
    assert.equal(lenses[1].title, '✗ 3 problems');
    assert.deepEqual(lenses[1].reveal, { offset: at(SAMPLE, 'system_assigned'), length: 'system_assigned'.length });
    assert.match(lenses[1].tooltip, /MIP009/);
  });

  it('warn before a delete', () => {
    assert.match(lenses[2].title, /^⚠ deletes the database Db managed identity policy/);
  });

  it('say "valid, N warnings" when there is no error, and list at most three identities', () => {
    const ids = [
      'System',
      '11111111-1111-1111-1111-111111111111',
      '22222222-2222-2222-2222-222222222222',
      '33333333-3333-3333-3333-333333333333',
    ];
    const body = ids.map((id) => `{"ObjectId":"${id}","AllowedUsages":"All"}`).join(',');
    const text = `.alter-merge cluster policy managed_identity \`\`\`[${body}]\`\`\``;
    const [lens] = lensesFor(new KustoDocumentModel(text).analysis().commands);
    assert.equal(lens.title, '⚠ policy valid, 1 warning — 4 identities: System (All), 111… (All), 222… (All), +1 more');
    assert.ok(lens.reveal);
  });

  it('follow edits: fixing the text turns the lens green', () => {
    const model = new KustoDocumentModel(
      '.alter cluster policy managed_identity ```[{"ObjectId":"sytem","AllowedUsages":"All"}]```',
    );
    assert.match(lensesFor(model.analysis().commands)[0].title, /^✗ 1 problem$/);
    model.applyEdit(model.text.indexOf('sytem'), 5, 'system');
    assert.equal(lensesFor(model.analysis().commands)[0].title, '✓ policy valid — 1 identity: system (All)');
  });

  it('shorten GUIDs but not system', () => {
    assert.equal(shortIdentity('system'), 'system');
    assert.equal(shortIdentity('1f3a3c2e-8d2b-4b57-9f6e-0c1d2e3f4a5b'), '1f3…');
  });
});
