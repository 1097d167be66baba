import { strict as assert } from 'node:assert';
import { applyEdits, codeActionsAt } from '../../../src/core/editor/codeActions';
import { KustoDocumentModel } from '../../../src/core/editor/model';
import { SAMPLE, at } from './sample';

function fixAt(text: string, needle: string, title: RegExp): string {
  const model = new KustoDocumentModel(text);
  const actions = codeActionsAt(model, at(text, needle), 0);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action, `no action ${title} at ${needle}; got ${actions.map((a) => a.title).join(' | ')}`);
  return applyEdits(text, action.edits);
}

describe('editor code actions', () => {
  it('report diagnostics with exact ranges inside the JSON', () => {
    const { diagnostics } = new KustoDocumentModel(SAMPLE).analysis();
    const spans = diagnostics.map((d) => `${d.code}:${SAMPLE.slice(d.offset, d.offset + d.length)}`);
    assert.deepEqual(spans, [
      'MIP009:system_assigned',
      'MIP101:AutomatedFlows',
      'MIP013:NativeIngestoin',
      'KQL001:system',
    ]);
    assert.equal(diagnostics[1].offset, at(SAMPLE, 'AutomatedFlows', 2));
  });

  it('replace system_assigned by system', () => {
    assert.match(
      fixAt(SAMPLE, 'system_assigned', /system/),
      /"ObjectId": "system", "AllowedUsages": "AutomatedFlows, AutomatedFlows/,
    );
  });

  it('remove a duplicate usage', () => {
    assert.match(
      fixAt(SAMPLE, 'AutomatedFlows, NativeIngestoin', /Remove/),
      /"AllowedUsages": "AutomatedFlows, NativeIngestoin"/,
    );
  });

  it('replace a usage typo by the closest valid one', () => {
    assert.match(fixAt(SAMPLE, 'NativeIngestoin', /NativeIngestion/), /AutomatedFlows, NativeIngestion" }/);
  });

  it('quote managedIdentity=system', () => {
    assert.match(fixAt(SAMPLE, 'system) <|', /Quote/), /with \(managedIdentity="system"\) <\| T/);
  });

  it('offer .alter -> .alter-merge anywhere in an alter policy command, and not on alter-merge', () => {
    const fixed = fixAt(SAMPLE, '"NativeIngestion" }', /alter-merge/);
    assert.match(fixed, /^\/\/ identities for the export\n\.alter-merge cluster policy managed_identity ```\[/);
    const model = new KustoDocumentModel(SAMPLE);
    assert.ok(!codeActionsAt(model, at(SAMPLE, '.alter-merge'), 0).some((a) => a.kind === 'refactor.rewrite'));
    assert.ok(!codeActionsAt(model, at(SAMPLE, '.delete'), 0).some((a) => a.kind === 'refactor.rewrite'));
  });

  it('offer nothing on a clean command', () => {
    assert.deepEqual(codeActionsAt(new KustoDocumentModel(SAMPLE), at(SAMPLE, '.show'), 5), []);
  });

  it('keep the model in step with edits (incremental rescans give the same result as a fresh scan)', () => {
    const model = new KustoDocumentModel(SAMPLE);
    const edit = { offset: at(SAMPLE, 'NativeIngestoin'), length: 15, newText: 'NativeIngestion' };
    model.applyEdit(edit.offset, edit.length, edit.newText);
    const fresh = new KustoDocumentModel(applyEdits(SAMPLE, [edit]));
    assert.deepEqual(model.analysis(), fresh.analysis());
    assert.equal(model.analysis().diagnostics.length, 3);
  });
});
