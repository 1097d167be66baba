import assert from 'node:assert/strict';
import {
  eventHubNetworkCheck,
  eventHubTrustedServicesFix,
  evaluateEventHubNetwork,
  explainFailure,
  armFixSummary,
  type EventHubNetworkFacts,
  type TargetFacts,
} from '../../../src/core/access';

const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const RG = '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-adx-prod';
const NS = `${RG}/providers/Microsoft.EventHub/namespaces/ehns-prod`;
const CLUSTER = `${RG}/providers/Microsoft.Kusto/clusters/adxfull`;
const SUBNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/ingest`;

const ns = (
  ruleSet: EventHubNetworkFacts['ruleSet'],
  over: Partial<EventHubNetworkFacts> = {},
): EventHubNetworkFacts => ({
  id: NS,
  name: 'ehns-prod',
  tenantId: TENANT,
  ruleSet,
  ...over,
});
const cluster = { resourceId: CLUSTER, tenantId: TENANT };

describe('access: Event Hubs network path', () => {
  it('an open namespace passes; Deny without trusted services or rules fails with the trusted-services remedy', () => {
    assert.equal(evaluateEventHubNetwork(ns({ defaultAction: 'Allow' }), cluster).verdict, 'passed');
    const r = evaluateEventHubNetwork(ns({ defaultAction: 'Deny', trustedServiceAccessEnabled: false }), cluster);
    assert.equal(r.verdict, 'failed');
    assert.match(r.reason, /defaultAction Deny.*trustedServiceAccessEnabled false/);
    assert.deepEqual(r.remedy, { kind: 'trustedServiceAccess' });
  });

  it('trusted services pass for a cluster in the same tenant, citing the Event Hubs docs; another tenant fails', () => {
    const trusted = ns({ defaultAction: 'Deny', trustedServiceAccessEnabled: true });
    const same = evaluateEventHubNetwork(trusted, cluster);
    assert.equal(same.verdict, 'passed');
    assert.match(same.reason, /Azure Data Explorer.*"Trusted Microsoft services"/);
    const other = evaluateEventHubNetwork(trusted, { ...cluster, tenantId: OTHER_TENANT });
    assert.equal(other.verdict, 'failed');
    assert.match(other.reason, /only those in its own tenant/);
    assert.deepEqual(other.remedy, { kind: 'privateEndpoint', groupId: 'namespace' });
  });

  it('IP or virtual network rules alone are unknown: the cluster’s outbound addresses are not in ARM', () => {
    const ip = evaluateEventHubNetwork(ns({ defaultAction: 'Deny', ipRules: [{ ipMask: '10.0.0.0/8' }] }), cluster);
    assert.equal(ip.verdict, 'unknown');
    assert.match(ip.reason, /1 IP and 0 virtual network rule/);
    const vnet = evaluateEventHubNetwork(
      ns({ defaultAction: 'Deny', virtualNetworkRules: [{ subnet: { id: SUBNET } }] }),
      cluster,
    );
    assert.equal(vnet.verdict, 'unknown');
  });

  it('a Succeeded managed private endpoint of group namespace passes, whatever the rules; another group does not', () => {
    const closed = ns({ defaultAction: 'Deny', publicNetworkAccess: 'Disabled' });
    const pe = (groupId: string, provisioningState: string) => ({
      ...cluster,
      managedPrivateEndpoints: [{ name: 'pe-eh', privateLinkResourceId: NS.toLowerCase(), groupId, provisioningState }],
    });
    assert.equal(evaluateEventHubNetwork(closed, pe('namespace', 'Succeeded')).verdict, 'passed');
    const pending = evaluateEventHubNetwork(closed, pe('namespace', 'Pending'));
    assert.equal(pending.verdict, 'failed');
    assert.match(pending.reason, /pe-eh is Pending/);
    const wrong = evaluateEventHubNetwork(closed, pe('blob', 'Succeeded'));
    assert.equal(wrong.verdict, 'failed');
    assert.deepEqual(wrong.remedy, { kind: 'privateEndpoint', groupId: 'namespace' });
    assert.equal(evaluateEventHubNetwork(closed, cluster).verdict, 'unknown', 'endpoints not read');
  });

  it('public access off on the namespace itself counts; a perimeter or an unread rule set is unknown', () => {
    const off = evaluateEventHubNetwork(ns(undefined, { publicNetworkAccess: 'Disabled' }), {
      ...cluster,
      managedPrivateEndpoints: [],
    });
    assert.equal(off.verdict, 'failed');
    assert.equal(
      evaluateEventHubNetwork(ns({ publicNetworkAccess: 'SecuredByPerimeter' }), cluster).verdict,
      'unknown',
    );
    const unread = evaluateEventHubNetwork(ns(undefined, { ruleSetError: 'Forbidden' }), cluster);
    assert.equal(unread.verdict, 'unknown');
    assert.match(unread.reason, /could not be read: Forbidden/);
  });
});

describe('access: Event Hubs trusted-services fix', () => {
  const facts = ns({
    defaultAction: 'Deny',
    trustedServiceAccessEnabled: false,
    publicNetworkAccess: 'Enabled',
    ipRules: [{ ipMask: '203.0.113.0/24', action: 'Allow' }],
    virtualNetworkRules: [{ subnet: { id: SUBNET }, ignoreMissingVnetServiceEndpoint: true }],
  });

  it('PUTs networkRuleSets/default with trusted services on, keeping every rule it has', () => {
    const f = eventHubTrustedServicesFix(facts);
    assert.equal(f.request.method, 'PUT');
    assert.equal(f.request.path, `${NS}/networkRuleSets/default`);
    assert.deepEqual(f.request.body, {
      properties: {
        defaultAction: 'Deny',
        publicNetworkAccess: 'Enabled',
        trustedServiceAccessEnabled: true,
        ipRules: [{ ipMask: '203.0.113.0/24', action: 'Allow' }],
        virtualNetworkRules: [{ subnet: { id: SUBNET }, ignoreMissingVnetServiceEndpoint: true }],
      },
    });
    assert.match(armFixSummary(f), /trustedServiceAccessEnabled true .*1 IP and 1 virtual network rule\(s\) kept/);
  });

  it('the same as an az rest call and a Bicep networkRuleSets resource', () => {
    const f = eventHubTrustedServicesFix(facts);
    assert.equal(
      f.az,
      `az rest --method put --url "${NS}/networkRuleSets/default?api-version=2024-01-01" --body '${JSON.stringify(f.request.body)}'`,
    );
    assert.match(
      f.bicep,
      /resource namespace 'Microsoft.EventHub\/namespaces@2024-01-01' existing = \{\n {2}name: 'ehns-prod'/,
    );
    assert.match(
      f.bicep,
      /'Microsoft.EventHub\/namespaces\/networkRuleSets@2024-01-01' = \{\n {2}parent: namespace\n {2}name: 'default'/,
    );
    assert.match(f.bicep, /trustedServiceAccessEnabled: true/);
    assert.match(f.bicep, /ipMask: '203.0.113.0\/24'/);
    assert.match(f.bicep, new RegExp(`subnet: \\{ id: '${SUBNET.replace(/[/.]/g, '\\$&')}' \\}`));
    assert.match(f.bicep, /ignoreMissingVnetServiceEndpoint: true/);
  });
});

describe('access: the Event Hubs network check', () => {
  const request = {
    key: NS.toLowerCase(),
    kind: 'eventhub' as const,
    name: 'ehns-prod',
    resourceId: NS,
    principals: [],
  };
  const target = (over: Partial<TargetFacts>): TargetFacts => ({
    key: request.key,
    kind: 'eventhub',
    name: 'ehns-prod',
    resourceId: NS,
    tenantId: TENANT,
    eventHub: ns({ defaultAction: 'Deny', trustedServiceAccessEnabled: false }),
    ...over,
  });
  const facts = { targets: {}, resourceId: CLUSTER, tenantId: TENANT };

  it('offers the fix, appliable only when the caller may write the namespace', () => {
    const yes = eventHubNetworkCheck(target({ caller: { canWriteResource: true } }), request, facts, 'EventHub x');
    assert.equal(yes.id, 'target-network');
    assert.equal(yes.verdict, 'failed');
    assert.equal(yes.armFixes?.[0].fix.kind, 'eventHubTrustedServices');
    assert.equal(yes.armFixes?.[0].canApply, 'yes');
    const no = eventHubNetworkCheck(target({ caller: { canWriteResource: false } }), request, facts, 'EventHub x');
    assert.equal(no.armFixes?.[0].canApply, 'no');
    assert.match(no.armFixes?.[0].whyNot ?? '', /copy the az command or the Bicep/);
  });

  it('a namespace that was not found or not read is unknown, saying why', () => {
    const missing = eventHubNetworkCheck(target({ missing: 'ehns-prod is not visible to you' }), request, facts, 's');
    assert.equal(missing.verdict, 'unknown');
    assert.match(missing.reason, /not visible to you/);
    assert.equal(eventHubNetworkCheck(undefined, request, facts, 's').verdict, 'unknown');
  });

  it('the Event Hubs firewall error points at this check', () => {
    const check = eventHubNetworkCheck(target({ caller: { canWriteResource: true } }), request, facts, 's');
    const e = explainFailure('Ip has been prevented to connect to the endpoint.', {
      flow: 'native-ingestion',
      cluster: 'adxfull',
      verdict: 'failed',
      checks: [check],
    });
    assert.equal(e.link, 'network');
    assert.match(e.explanation, /trusted Microsoft services/);
    assert.deepEqual(
      e.checks.map((c) => c.id),
      ['target-network'],
    );
  });
});
