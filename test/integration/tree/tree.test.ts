// The whole identity tree of the default sandbox scenario, built by the real SDK clients through the services.
import assert from 'node:assert/strict';
import type { ModelNode } from '../../../src/services/tree/node';
import { childrenAt, expandAll, pathTo, setup, type Setup } from '../services/sandbox';

const labels = (nodes: ModelNode[]): string[] => nodes.map((n) => n.label);

describe('tree: default scenario', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(async () => {
    await s.stop();
  });

  it('lists both subscriptions and their clusters, sorted, with state and URI', async () => {
    const roots = await s.model.getChildren();
    assert.deepEqual(labels(roots), ['Contoso Analytics Dev', 'Contoso Analytics Prod']);
    assert.equal(roots[0].description, 'sandbox');
    assert.match(roots[0].contextValue, /^adxIdentity\.subscription;sandbox/);
    assert.deepEqual(labels(await childrenAt(s.model, 'Contoso Analytics Dev')), ['adxnoid', 'adxsystem']);
    const prod = await childrenAt(s.model, 'Contoso Analytics Prod');
    assert.deepEqual(labels(prod), ['adxfull', 'adxuser']);
    const full = prod[0];
    assert.equal(full.description, `Running · ${s.sandbox.clusters.adxfull}`);
    assert.match(full.tooltip ?? '', /Location: westeurope/);
    assert.match(full.tooltip ?? '', /SKU: /);
    assert.match(full.tooltip ?? '', /Streaming ingestion: (on|off)/);
    assert.match(full.contextValue, /^adxIdentity\.cluster;arm;hasSystemIdentity;hasUserIdentity;/);
    assert.match(full.contextValue, /;copyUri/);
    assert.match(full.contextValue, /;portal/);
    assert.match(
      full.portalUrl ?? '',
      /^https:\/\/portal\.azure\.com\/#@.+\/resource\/subscriptions\/.+\/clusters\/adxfull$/,
    );
  });

  it('shows system and user-assigned identities with ids to copy, or none', async () => {
    const ids = await childrenAt(s.model, 'Contoso Analytics Prod', 'adxfull', 'Identities');
    assert.deepEqual(labels(ids), ['System-assigned', 'id-adx-export', 'id-adx-ingest']);
    assert.equal(ids[0].copy?.objectId, '5e000003-0000-4000-8000-000000000003');
    assert.match(ids[0].tooltip ?? '', /Tenant: 11111111-1111-4111-8111-111111111111/);
    assert.deepEqual(ids[1].copy, {
      objectId: '0e000001-0000-4000-8000-000000000001',
      clientId: '0c000001-0000-4000-8000-000000000001',
      resourceId:
        '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-adx-export',
    });
    assert.match(ids[1].contextValue, /^adxIdentity\.identity;user;copyObjectId;copyClientId;copyResourceId;portal$/);
    const none = await childrenAt(s.model, 'Contoso Analytics Dev', 'adxnoid', 'Identities');
    assert.deepEqual(labels(none), ['none']);
  });

  it('resolves the cluster policy entries to identity names with their usages', async () => {
    const policy = await childrenAt(s.model, 'Contoso Analytics Prod', 'adxfull', 'Managed identity policy');
    assert.deepEqual(
      policy.map((p) => `${p.label}: ${p.description}`),
      ['System-assigned: AutomatedFlows, ExternalTable', 'id-adx-export: AutomatedFlows'],
    );
    assert.deepEqual(labels(await childrenAt(s.model, 'Contoso Analytics Dev', 'adxnoid', 'Managed identity policy')), [
      'No managed identity policy',
    ]);
  });

  it('lists cluster principals by role', async () => {
    const p = await childrenAt(s.model, 'Contoso Analytics Prod', 'adxfull', 'Cluster principals');
    assert.deepEqual(labels(p), ['AllDatabasesAdmin → Ada Admin', 'AllDatabasesViewer → ADX Readers']);
  });

  it('marks follower databases read-only and recognises the cluster identities among database principals by object id', async () => {
    const dbs = await childrenAt(s.model, 'Contoso Analytics Prod', 'adxfull', 'Databases');
    assert.deepEqual(
      dbs.map((d) => [d.label, d.description]),
      [
        ['Analytics', undefined],
        ['Archive', undefined],
        ['TelemetryFollower', 'read-only (follower)'],
      ],
    );
    assert.match(dbs[2].contextValue, /^adxIdentity\.database;readOnly/);
    const principals = await childrenAt(
      s.model,
      'Contoso Analytics Prod',
      'adxfull',
      'Databases',
      'Analytics',
      'Principals',
    );
    const marked = principals.filter((p) => /;clusterIdentity/.test(p.contextValue));
    assert.deepEqual(
      marked.map((p) => p.label),
      // Under the database's own branch the role needs no "Database Analytics" in front of it.
      ['Viewer → System-assigned', 'Viewer → id-adx-export', 'Ingestor → id-adx-ingest'],
    );
    assert.equal(marked[0].description, "this cluster's system identity");
    // The service's own text stays in the tooltip.
    assert.match(marked[0].tooltip ?? '', /^Database Analytics Viewer: /);
    const others = principals.filter((p) => !/;clusterIdentity/.test(p.contextValue)).map((p) => p.label);
    assert.deepEqual(others, ['Admin → Ada Admin', 'User → Reporting App']);
  });

  it('shows database policy, data connections with their identity, and external tables without secrets', async () => {
    const db = ['Contoso Analytics Prod', 'adxfull', 'Databases', 'Analytics'];
    assert.deepEqual(labels(await childrenAt(s.model, ...db)), [
      'Principals',
      'Managed identity policy',
      'Data connections',
      'External tables',
      'Continuous exports',
      'Update policies',
    ]);
    const policy = await childrenAt(s.model, ...db, 'Managed identity policy');
    assert.deepEqual(
      policy.map((p) => `${p.label}: ${p.description}`),
      ['id-adx-ingest: NativeIngestion, DataConnection'],
    );
    const dcs = await childrenAt(s.model, ...db, 'Data connections');
    assert.deepEqual(
      dcs.map((d) => `${d.label}: ${d.description}`),
      ['devices-iothub: IotHub · no managed identity', 'events-eh: EventHub · id-adx-ingest'],
    );
    const sys = await childrenAt(
      s.model,
      'Contoso Analytics Dev',
      'adxsystem',
      'Databases',
      'Telemetry',
      'Data connections',
    );
    assert.deepEqual(
      sys.map((d) => d.description),
      ['EventHub · system-assigned'],
    );
    const ext = await childrenAt(s.model, ...db, 'External tables');
    assert.deepEqual(
      ext.map((t) => `${t.label}: ${t.description}`),
      [
        'ExportedEvents: Blob · impersonate',
        'SqlEvents: Sql · impersonate',
        // The service masks everything after ';': the mode is hidden, never guessed as "key or SAS".
        'KeyedArchive: Blob · auth hidden (masked by the service)',
      ],
    );
    for (const t of ext)
      assert.doesNotMatch(`${t.description} ${t.tooltip}`, /sig=|AccountKey|SharedAccessSignature|https:\/\//i);
  });

  it('lists the tables with an update policy: the source, the identity its query runs as', async () => {
    const db = ['Contoso Analytics Prod', 'adxfull', 'Databases'];
    const policies = await childrenAt(s.model, ...db, 'Analytics', 'Update policies');
    assert.deepEqual(
      policies.map((n) => `${n.label}: ${n.description} [${n.contextValue}]`),
      ['Devices: ← Events · id-adx-export [adxIdentity.updatePolicy;usesIdentity]'],
    );
    assert.match(policies[0].tooltip ?? '', /From Events, as id-adx-export: EnrichDevices\(\)/);
    assert.deepEqual(
      (await childrenAt(s.model, ...db, 'Archive', 'Update policies')).map((n) => n.label),
      ['No update policies'],
    );
  });

  it('marks a failing continuous export, with its failures as children', async () => {
    const exports = await childrenAt(
      s.model,
      'Contoso Analytics Prod',
      'adxfull',
      'Databases',
      'Analytics',
      'Continuous exports',
    );
    assert.deepEqual(labels(exports), ['EventsToLake', 'ArchiveJoin']);
    const [ok, failing] = exports;
    assert.match(ok.description ?? '', /^enabled · last run \d{4}-\d\d-\d\d \d\d:\d\d · lag /);
    assert.equal(ok.collapsible, 'none');
    assert.match(failing.description ?? '', /^failing · enabled · last run /);
    assert.equal(failing.icon.id, 'error');
    assert.match(failing.contextValue, /^adxIdentity\.continuousExport;failing;enabled$/);
    const failures = await s.model.getChildren(failing);
    assert.equal(failures.length, 1);
    assert.match(failures[0].label, /not authorized to access database 'Archive'/);
    assert.match(failures[0].description ?? '', /^Failure · /);
  });

  it('has no error rows anywhere and unique ids', async () => {
    const all = await expandAll(s.model);
    assert.deepEqual(
      all.filter((n) => n.kind === 'error').map((n) => n.label),
      [],
    );
    assert.equal(new Set(all.map((n) => n.id)).size, all.length);
    assert.ok(all.length > 100, `only ${all.length} nodes`);
  });

  it('serves children from cache until invalidated, then reloads', async () => {
    const path = ['Contoso Analytics Prod', 'adxfull', 'Managed identity policy'];
    const node = await pathTo(s.model, ...path);
    const first = await s.model.getChildren(node);
    s.sandbox.state.clusters.find((c) => c.name === 'adxfull')!.managedIdentityPolicy = [
      { ObjectId: 'system', AllowedUsages: 'All' },
    ];
    assert.equal(await s.model.getChildren(node), first);
    s.model.invalidate(node.id);
    const again = await s.model.getChildren(node);
    assert.deepEqual(
      again.map((p) => `${p.label}: ${p.description}`),
      ['System-assigned: All'],
    );
  });
});
