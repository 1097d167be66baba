// The Event Hubs namespace's network rules behind a data connection, against the sandbox with the real
// @azure/arm-eventhub client: judged from networkRuleSets/default, fixed by turning on trusted service access.
import assert from 'node:assert/strict';
import { explainFailure } from '../../../src/core/access/explain';
import { ArmApplier } from '../../../src/services/access/apply';
import { memoryStore } from '../operations/helpers';
import { bench, find, type Bench } from './helpers';

const request = { flow: 'native-ingestion' as const, database: 'Analytics', connection: 'events-eh' };
const SUBJECT = 'EventHub events-eh';
const NAMESPACE =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-adx-prod/providers/Microsoft.EventHub/namespaces/ehns-prod';
const CALLER = 'ad000000-0000-4000-8000-0000000000a1';

describe('workflows against the sandbox: the Event Hubs network path', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });

  const namespace = () => b.sandbox.state.arm!.eventHubNamespaces.find((n) => n.name === 'ehns-prod')!;

  it('ehns-prod denies without trusted services: the fix turns them on and the re-check passes; undo restores', async () => {
    const ref = await b.arm('adxfull');
    const before = find(await b.check(ref, request), 'target-network', SUBJECT);
    assert.equal(before.verdict, 'failed');
    assert.match(
      before.reason,
      /ehns-prod denies by default \(defaultAction Deny\).*trustedServiceAccessEnabled false/,
    );
    const offer = before.armFixes![0];
    assert.equal(offer.canApply, 'yes');
    assert.equal(offer.fix.kind, 'eventHubTrustedServices');
    assert.equal(offer.fix.request.method, 'PUT');
    assert.equal(offer.fix.request.path, `${NAMESPACE}/networkRuleSets/default`);
    assert.match(offer.fix.az, /^az rest --method put --url ".*ehns-prod\/networkRuleSets\/default\?api-version=/);
    assert.match(offer.fix.bicep, /Microsoft.EventHub\/namespaces\/networkRuleSets@2024-01-01/);

    // A data connection error of the Event Hubs firewall points at this check and its fix.
    const report = await b.check(ref, request);
    const explained = explainFailure(
      'Ip has been prevented to connect to the endpoint. For more information see: Virtual Network service endpoints',
      report,
    );
    assert.equal(explained.link, 'network');
    assert.ok(explained.checks.some((c) => c.id === 'target-network' && c.armFixes?.length));

    const applier = new ArmApplier(b.catalog, memoryStore());
    const outcome = await applier.apply(b.account, offer.fix);
    assert.equal(outcome.status, 'applied');
    if (outcome.status !== 'applied') return;
    assert.match(outcome.note, /Network rule changes/);
    assert.equal(namespace().networkRuleSet?.trustedServiceAccessEnabled, true);
    assert.equal(namespace().networkRuleSet?.defaultAction, 'Deny');
    const after = find(await b.check(ref, request), 'target-network', SUBJECT);
    assert.equal(after.verdict, 'passed');
    assert.match(after.reason, /trusted Microsoft services.*Azure Data Explorer.*Trusted Microsoft services/);
    assert.equal(after.armFixes, undefined);

    await applier.undo(b.account, outcome.change);
    assert.equal(namespace().networkRuleSet?.trustedServiceAccessEnabled, false);
    assert.equal(find(await b.check(ref, request), 'target-network', SUBJECT).verdict, 'failed');
  });

  it('IP rules alone leave it unknown; applying the fix keeps them', async () => {
    namespace().networkRuleSet = {
      defaultAction: 'Deny',
      trustedServiceAccessEnabled: false,
      ipRules: [{ ipMask: '203.0.113.0/24', action: 'Allow' }],
    };
    const ref = await b.arm('adxfull');
    const check = find(await b.check(ref, request), 'target-network', SUBJECT);
    assert.equal(check.verdict, 'unknown');
    assert.match(check.reason, /1 IP and 0 virtual network rule\(s\) might admit the cluster's outbound addresses/);
    const outcome = await new ArmApplier(b.catalog, memoryStore()).apply(b.account, check.armFixes![0].fix);
    assert.equal(outcome.status, 'applied');
    assert.deepEqual(namespace().networkRuleSet?.ipRules, [{ ipMask: '203.0.113.0/24', action: 'Allow' }]);
    assert.equal(find(await b.check(ref, request), 'target-network', SUBJECT).verdict, 'passed');
  });

  it('a Succeeded managed private endpoint of the cluster to the namespace passes; public access off without one fails', async () => {
    namespace().networkRuleSet = { defaultAction: 'Deny', publicNetworkAccess: 'Disabled' };
    const ref = await b.arm('adxfull');
    const closed = find(await b.check(ref, request), 'target-network', SUBJECT);
    assert.equal(closed.verdict, 'failed');
    assert.match(closed.reason, /allows no public network access .* no managed private endpoint to it/);
    assert.match(closed.advice ?? '', /az kusto managed-private-endpoint create .*--group-id namespace/);
    b.state('adxfull').managedPrivateEndpoints = [
      { name: 'pe-ehns-prod', privateLinkResourceId: NAMESPACE, groupId: 'namespace', provisioningState: 'Succeeded' },
    ];
    const open = find(await b.check(ref, request), 'target-network', SUBJECT);
    assert.equal(open.verdict, 'passed');
    assert.match(open.reason, /managed private endpoint pe-ehns-prod/);
  });

  it('without write access to the namespace the fix is offered as text, and applying it is refused', async () => {
    const ras = b.sandbox.state.arm!.roleAssignments;
    const owner = ras.findIndex((r) => r.principalId === CALLER && /Owner|8e3af657/.test(r.roleDefinitionId));
    assert.ok(owner >= 0, 'the scenario makes the caller Owner');
    // Reader instead of Owner.
    ras.push({
      ...ras[owner],
      name: 'c9000000-0000-4000-8000-0000000000fe',
      roleDefinitionId: ras[owner].roleDefinitionId.replace(/[^/]+$/, 'acdd72a7-3385-48ef-bd42-f606fba81ae7'),
    });
    ras.splice(owner, 1);
    const ref = await b.arm('adxfull');
    const offer = find(await b.check(ref, request), 'target-network', SUBJECT).armFixes![0];
    assert.equal(offer.canApply, 'no');
    const outcome = await new ArmApplier(b.catalog, memoryStore()).apply(b.account, offer.fix);
    assert.equal(outcome.status, 'refused');
    if (outcome.status !== 'refused') return;
    assert.match(outcome.reason, /Microsoft.EventHub\/namespaces\/networkRuleSets\/write/);
    assert.equal(namespace().networkRuleSet?.trustedServiceAccessEnabled, false);
  });
});
