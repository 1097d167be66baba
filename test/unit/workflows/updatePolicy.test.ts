// Flow 7: an update policy running as a managed identity, checked over hand-built facts.
import assert from 'node:assert/strict';
import type { UpdatePolicyRow } from '../../../src/core/results/updatePolicies';
import { runChecks } from '../../../src/core/workflows/flows';
import { queryReads } from '../../../src/core/workflows/updatePolicy';
import { analytics, archive, byId, cluster, EXPORT_ID, principal, SYSTEM } from './facts';

const FUNCTIONS = [
  { name: 'EnrichDevices', parameters: '()', body: '{ Events | join (LogsOf("x")) on Name }' },
  { name: 'LogsOf', parameters: '(s:string)', body: "{ database('Archive').Logs | where Source == s }" },
  { name: 'Unused', parameters: '()', body: "{ database('Nowhere').T }" },
];
const enrich: UpdatePolicyRow = {
  table: 'Devices',
  source: 'Events',
  query: 'EnrichDevices()',
  isEnabled: true,
  managedIdentity: EXPORT_ID,
};
const facts = (
  rows: UpdatePolicyRow[],
  over: Parameters<typeof analytics>[0] = {},
  archiveOver: Parameters<typeof archive>[0] = {},
) =>
  cluster({
    databases: [
      analytics({ updatePolicies: rows, functions: FUNCTIONS, tables: ['Events', 'Devices'], ...over }),
      archive(archiveOver),
    ],
  });
const check = (f: ReturnType<typeof facts>, identity?: string) =>
  runChecks(f, {
    flow: 'update-policy',
    database: 'Analytics',
    table: 'Devices',
    ...(identity ? { identity } : {}),
    tenant: '11111111-1111-4111-8111-111111111111',
  });

describe('workflows: update policy', () => {
  it('follows the functions a query calls, to any depth, to the databases it reads', () => {
    assert.deepEqual(queryReads('EnrichDevices() | take 1', 'Analytics', FUNCTIONS), {
      databases: ['Analytics', 'Archive'],
      functions: ['EnrichDevices', 'LogsOf'],
    });
    assert.deepEqual(queryReads("Events | union database('Sales').Orders", 'Analytics', FUNCTIONS), {
      databases: ['Analytics', 'Sales'],
      functions: [],
    });
    assert.equal(
      queryReads('EnrichDevices()', 'Analytics', undefined, { functions: 'Forbidden (403)' }).unknown,
      'could not read the stored functions: Forbidden (403)',
    );
    assert.equal(
      queryReads('Events | where x > 1', 'Analytics', undefined).unknown,
      undefined,
      'a query calling nothing needs no functions',
    );
  });

  it('passes for id-adx-export: assigned, AutomatedFlows in the cluster policy, Viewer on Analytics and on Archive (read through a function)', () => {
    const r = check(facts([enrich]));
    assert.equal(r.verdict, 'passed', JSON.stringify(r.checks.filter((c) => c.verdict !== 'passed')));
    assert.deepEqual(
      r.checks.map((c) => `${c.id}=${c.verdict}`),
      [
        'update-policy-exists=passed',
        'source-exists=passed',
        'policy-enabled=passed',
        'identity-set=passed',
        'identity-attached=passed',
        'policy-allows=passed',
        'role-viewer=passed',
        'role-viewer=passed',
      ],
    );
    assert.match(byId(r.checks, 'role-viewer', 'Archive').title, /holds Database Viewer on Archive/);
  });

  it("without an identity while a function reads Archive: the fix sets one and keeps the table's other entries", () => {
    const local: UpdatePolicyRow = {
      table: 'Devices',
      source: 'Events',
      query: 'Events | take 1',
      isEnabled: true,
      isTransactional: true,
    };
    const r = check(facts([{ ...enrich, managedIdentity: undefined }, local]));
    const set = r.checks.filter((c) => c.id === 'identity-set');
    assert.deepEqual(
      set.map((c) => c.verdict),
      ['failed', 'passed'],
    );
    assert.match(set[0].reason, /reads Archive \(through EnrichDevices, LogsOf\)/);
    assert.equal(
      set[0].fixes[0].text,
      '.alter table Devices policy update ```[{"IsEnabled":true,"Source":"Events","Query":"EnrichDevices()","IsTransactional":false,' +
        '"PropagateIngestionProperties":false,"ManagedIdentity":"system"},{"IsEnabled":true,"Source":"Events","Query":"Events | take 1","IsTransactional":true,"PropagateIngestionProperties":false}]```',
    );
    assert.equal(set[0].fixes[0].destructive, true);
    // With the functions unreadable, nobody can say whether an identity is needed.
    const unreadable = check(
      cluster({
        databases: [
          analytics({
            updatePolicies: [{ ...enrich, managedIdentity: undefined }],
            tables: ['Events'],
            errors: { functions: 'Forbidden (403)' },
          }),
          archive(),
        ],
      }),
    );
    assert.equal(byId(unreadable.checks, 'identity-set').verdict, 'unknown');
  });

  it('the system identity lacking Viewer on Archive fails with the .add; another expected identity fails with the switch', () => {
    const r = check(facts([{ ...enrich, managedIdentity: 'system' }], {}, { principals: [] }));
    const archiveRole = byId(r.checks, 'role-viewer', 'Archive');
    assert.equal(archiveRole.verdict, 'failed');
    assert.match(
      archiveRole.fixes[0].text,
      new RegExp(`^\\.add database Archive viewers \\('aadapp=${SYSTEM};11111111-1111-4111-8111-111111111111'\\)`),
    );
    const other = check(facts([enrich]), 'system');
    const set = byId(other.checks, 'identity-set');
    assert.equal(set.verdict, 'failed');
    assert.match(set.fixes[0].text, /"ManagedIdentity":"system"\}\]```$/);
    assert.equal(
      byId(check(facts([{ ...enrich, managedIdentity: SYSTEM }]), 'system').checks, 'identity-set').verdict,
      'passed',
      'the system principal id is the system identity',
    );
  });

  it('a disabled policy, a missing source, a table without a policy, and unread policies', () => {
    const disabled = check(facts([{ ...enrich, isEnabled: false }]));
    assert.match(byId(disabled.checks, 'policy-enabled').fixes[0].text, /"IsEnabled":true,"Source":"Events"/);
    assert.equal(byId(check(facts([{ ...enrich, source: 'Gone' }])).checks, 'source-exists').verdict, 'failed');
    const none = check(facts([]));
    assert.deepEqual([none.verdict, none.checks[0].id], ['failed', 'update-policy-exists']);
    const unread = check(
      cluster({ databases: [analytics({ errors: { updatePolicies: 'Forbidden (403)' } }), archive()] }),
    );
    assert.deepEqual(
      [unread.checks[0].verdict, unread.checks[0].reason],
      ['unknown', 'could not read the update policies: Forbidden (403)'],
    );
    // Roles come from the facts: an identity with no role on Analytics fails there.
    const noRole = check(facts([enrich], { principals: [principal('Analytics', 'Ingestor', EXPORT_ID)] }));
    assert.equal(byId(noRole.checks, 'role-viewer', 'Analytics').verdict, 'failed');
  });
});
