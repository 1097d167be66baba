// Policy previews: the command chosen, what is lost, merge offered when only adding, the impact of losses.
import assert from 'node:assert/strict';
import {
  SavedStates,
  applyEdit,
  clusterAdminProblem,
  formatPolicyPreview,
  formatUses,
  impactOfLosses,
  policyChangedSince,
  previewPolicyEdit,
  restoreSteps,
  unattachedProblem,
  usesOfIdentity,
} from '../../../src/core/operations';
import type { ClusterFacts } from '../../../src/core/workflows/types';

const A = '0e000001-0000-4000-8000-000000000001';
const db = { scope: 'database' as const, database: 'Analytics' };
const before = [
  { objectId: 'system', usages: ['AutomatedFlows', 'ExternalTable'] },
  { objectId: A, usages: ['AutomatedFlows'] },
];

describe('operations: policy previews', () => {
  it('add is .alter-merge and loses nothing', () => {
    const p = previewPolicyEdit(db, before, { kind: 'add', entries: [{ objectId: A, usages: ['SqlRequest'] }] });
    assert.match(p.command.text, /^\.alter-merge database Analytics policy managed_identity/);
    assert.equal(p.command.destructive, false);
    assert.deepEqual(p.losses, []);
  });

  it('removing an identity is an .alter that lists the loss; removing the last is .delete', () => {
    const p = previewPolicyEdit(db, before, { kind: 'remove', objectId: A });
    assert.match(p.command.text, /^\.alter database Analytics policy managed_identity/);
    assert.deepEqual(
      p.losses.map((l) => `${l.kind}:${l.objectId}:${l.removedUsages.join('|')}`),
      [`removed:${A}:AutomatedFlows`],
    );
    const last = previewPolicyEdit(db, [before[1]], { kind: 'remove', objectId: A });
    assert.equal(last.command.text, '.delete database Analytics policy managed_identity');
    assert.match(formatPolicyPreview(p), /- 0e000001[^\n]*identity removed/);
  });

  it('an edit that only adds offers .alter-merge instead', () => {
    const p = previewPolicyEdit(db, before, {
      kind: 'editUsages',
      objectId: A,
      usages: ['AutomatedFlows', 'ExternalTable'],
    });
    assert.deepEqual(p.losses, []);
    assert.match(
      p.mergeInstead?.text ?? '',
      /^\.alter-merge .*"ObjectId":"0e000001-0000-4000-8000-000000000001","AllowedUsages":"ExternalTable"/,
    );
  });

  it('sees a live policy that differs from the preview', () => {
    const p = previewPolicyEdit(db, before, { kind: 'delete' });
    assert.equal(policyChangedSince(p, before), false);
    assert.equal(
      policyChangedSince(p, applyEdit(before, { kind: 'add', entries: [{ objectId: A, usages: ['SqlRequest'] }] })),
      true,
    );
  });
});

const facts: ClusterFacts = {
  name: 'adxfull',
  uri: 'http://x',
  arm: true,
  errors: {},
  resourceId: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Kusto/clusters/adxfull',
  identities: {
    system: { principalId: '5e000003-0000-4000-8000-000000000003' },
    userAssigned: [{ resourceId: '/x/id-adx-export', name: 'id-adx-export', principalId: A, clientId: 'c' }],
  },
  clusterPolicy: [{ objectId: A, usages: ['AutomatedFlows'] }],
  databases: [
    {
      name: 'Analytics',
      errors: {},
      policy: [{ objectId: '5e000003-0000-4000-8000-000000000003', isSystem: true, usages: ['AutomatedFlows'] }],
      exports: [
        { name: 'E1', externalTableName: 'T', managedIdentity: 'system' } as never,
        { name: 'E2', externalTableName: 'T', managedIdentity: A } as never,
      ],
      dataConnections: [{ name: 'hub', kind: 'EventHub', identityResourceId: '/x/id-adx-export' }],
      updatePolicies: [
        { table: 'Enriched', source: 'Raw', query: 'Enrich()', isEnabled: true, managedIdentity: A },
        { table: 'Copy', source: 'Raw', query: 'Raw', isEnabled: true },
      ],
    },
  ],
};

describe('operations: impact', () => {
  it('lists what uses an identity', () => {
    const uses = usesOfIdentity(facts, { system: false, objectId: A, resourceId: '/x/id-adx-export' });
    assert.deepEqual(
      uses.map((u) => `${u.kind}:${u.name}`),
      ['policy:cluster policy', 'export:E2', 'updatePolicy:Enriched', 'dataConnection:hub'],
    );
    assert.deepEqual(formatUses(uses.filter((u) => u.kind === 'updatePolicy')), [
      'Update policy of Enriched (Analytics): from Raw',
    ]);
  });

  it('a loss at database level affects exports only when the cluster policy does not allow it too', () => {
    const drop = previewPolicyEdit(db, [{ objectId: 'system', usages: ['AutomatedFlows'] }], { kind: 'delete' });
    assert.deepEqual(
      impactOfLosses(facts, db, drop.losses, drop.after).map((u) => u.name),
      ['E1'],
    );
    const cluster = previewPolicyEdit({ scope: 'cluster' }, [{ objectId: A, usages: ['AutomatedFlows'] }], {
      kind: 'delete',
    });
    // The update policy running as the same identity needs AutomatedFlows too.
    assert.deepEqual(
      impactOfLosses(facts, { scope: 'cluster' }, cluster.losses, cluster.after).map((u) => u.name),
      ['E2', 'Enriched'],
    );
  });
});

describe('operations: pre-flight and saved state', () => {
  it('says when the caller lacks AllDatabasesAdmin, and when an identity is not attached', () => {
    const row = (role: string, objectId: string) => ({
      role,
      principalType: 'AAD User',
      displayName: 'x',
      objectId,
      fqn: '',
      notes: '',
    });
    assert.equal(clusterAdminProblem([row('AllDatabasesAdmin', 'me')], 'me'), undefined);
    assert.match(clusterAdminProblem([row('AllDatabasesViewer', 'me')], 'me') ?? '', /only as AllDatabasesViewer/);
    assert.match(
      unattachedProblem({ user: [] }, ['system'], 'adxnoid') ?? '',
      /system-assigned identity \(it is off\)/,
    );
    assert.equal(unattachedProblem({ systemPrincipalId: 'p', user: [] }, ['system'], 'c'), undefined);
  });

  it('keeps saved states newest first and restores an empty policy as .delete', async () => {
    const map = new Map<string, unknown>();
    const saved = new SavedStates({
      get: <T>(k: string) => map.get(k) as T,
      update: async (k, v) => {
        map.set(k, v);
      },
      keys: () => [...map.keys()],
    });
    const c = { uri: 'https://c.kusto.windows.net', name: 'c' };
    const s1 = await saved.save(
      { kind: 'policy', cluster: 'c', clusterUri: c.uri, target: db, entries: [], reason: '.alter' },
      new Date('2026-01-01T10:00:00Z'),
    );
    const s2 = await saved.save(
      { kind: 'policy', cluster: 'c', clusterUri: c.uri, target: db, entries: before, reason: '.delete' },
      new Date('2026-01-01T10:00:01Z'),
    );
    assert.deepEqual(
      saved.list(c).map((s) => s.id),
      [s2.id, s1.id],
    );
    assert.equal(restoreSteps(s1)[0].command?.text, '.delete database Analytics policy managed_identity');
    assert.match(restoreSteps(s2)[0].command?.text ?? '', /^\.alter database Analytics policy managed_identity/);
  });
});
