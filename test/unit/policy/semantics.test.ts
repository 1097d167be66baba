import assert from 'node:assert/strict';
import {
  diffPolicies,
  formatPolicy,
  formatPolicyDiff,
  lossesOfAlter,
  lossesOfDelete,
  mergePolicy,
  parsePolicy,
  validatePolicy,
} from '../../../src/core/policy';

const A = '6a3b3c5e-1f2d-4c1e-9a4b-0c2d3e4f5a6b';
const B = '0f1e2d3c-4b5a-4968-8776-655443322110';
const current = parsePolicy(
  `[{"ObjectId": "system", "AllowedUsages": "AutomatedFlows, SqlRequest"}, {"ObjectId": "${A}", "AllowedUsages": "ExternalTable"}]`,
)!;

describe('policy semantics', () => {
  it('parsePolicy reads entries and normalises usage casing and duplicates', () => {
    assert.deepEqual(
      parsePolicy('[{"ObjectId": "system", "AllowedUsages": "sqlrequest, SqlRequest , AzureAI", "ClientId": "x"}]'),
      [{ objectId: 'system', usages: ['SqlRequest', 'AzureAI'] }],
    );
    assert.equal(parsePolicy('{"ObjectId": "system"}'), undefined);
    assert.equal(parsePolicy('[oops'), undefined);
  });
  it('.alter-merge adds usages to a known ObjectId (any casing) and appends new ObjectIds', () => {
    const change = [
      { objectId: A.toUpperCase(), usages: ['ExternalTable', 'ExportRequest'] },
      { objectId: B, usages: ['All'] },
    ];
    assert.deepEqual(mergePolicy(current, change), [
      { objectId: 'system', usages: ['AutomatedFlows', 'SqlRequest'] },
      { objectId: A, usages: ['ExternalTable', 'ExportRequest'] },
      { objectId: B, usages: ['All'] },
    ]);
    assert.deepEqual(current[1].usages, ['ExternalTable'], 'the input is not changed');
  });
  it('.alter loses the identities and usages the new policy leaves out', () => {
    const next = [{ objectId: 'system', usages: ['AutomatedFlows', 'AzureAI'] }];
    assert.deepEqual(lossesOfAlter(current, next), [
      { objectId: 'system', kind: 'changed', addedUsages: [], removedUsages: ['SqlRequest'] },
      { objectId: A, kind: 'removed', addedUsages: [], removedUsages: ['ExternalTable'] },
    ]);
    assert.deepEqual(lossesOfAlter(current, current), []);
  });
  it('.delete loses everything', () => {
    assert.deepEqual(
      lossesOfDelete(current).map((c) => [c.objectId, c.kind, c.removedUsages]),
      [
        ['system', 'removed', ['AutomatedFlows', 'SqlRequest']],
        [A, 'removed', ['ExternalTable']],
      ],
    );
  });
  it('a diff reads per ObjectId: added, removed, changed', () => {
    const after = [
      { objectId: 'system', usages: ['AutomatedFlows', 'AzureAI'] },
      { objectId: B, usages: ['All'] },
    ];
    assert.deepEqual(formatPolicyDiff(diffPolicies(current, after)), [
      '~ system: +AzureAI -SqlRequest',
      `- ${A}: ExternalTable (identity removed)`,
      `+ ${B}: All (new identity)`,
    ]);
    assert.deepEqual(formatPolicyDiff(diffPolicies(current, current)), ['(no change)']);
  });
  it('formatPolicy writes a policy the validator accepts', () => {
    assert.deepEqual(validatePolicy(formatPolicy(current), { scope: 'cluster' }), []);
    assert.equal(formatPolicy([]), '[]');
  });
});
