// A policy payload that is not JSON at all: one root cause, so one problem (the parser's recovery used to give one per word).
import { strict as assert } from 'node:assert';
import { lensesFor } from '../../../src/core/editor/lenses';
import { KustoDocumentModel } from '../../../src/core/editor/model';

const lensOf = (text: string) => lensesFor(new KustoDocumentModel(text).analysis().commands)[0];

describe('a policy that is not JSON', () => {
  it('shows one problem covering the payload, not one per word', () => {
    const text = '.alter cluster policy managed_identity ```not json at all```\n';
    const lens = lensOf(text);
    assert.equal(lens.title, '✗ 1 problem');
    assert.match(lens.tooltip, /MIP001 This is not JSON/);
    assert.deepEqual(lens.reveal, { offset: text.indexOf('not json'), length: 'not json at all'.length });
  });

  it('still locates each error inside a payload that is JSON', () => {
    assert.equal(lensOf('.alter cluster policy managed_identity ```[{"ObjectId": x}]```\n').title, '✗ 2 problems');
  });
});
