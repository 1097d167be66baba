// Table update policies: show / alter / delete through the real client, with the managed identity rules of the docs.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import { parseCommand } from '../../../sandbox/kusto/commands';
import { EXPORT_PRINCIPAL, kustoClient, kustoFailure, rowsOf, SPARE_PRINCIPAL } from './helpers';

const INGEST_PRINCIPAL = '0e000002-0000-4000-8000-000000000002';
const SEEDED = [
  {
    IsEnabled: true,
    Source: 'Events',
    Query: 'EnrichDevices()',
    IsTransactional: false,
    PropagateIngestionProperties: false,
    ManagedIdentity: EXPORT_PRINCIPAL,
  },
];

/** A `.alter table … policy update` payload with one entry; `over` replaces or adds fields. */
const policy = (over: Record<string, unknown> = {}) =>
  JSON.stringify([
    {
      IsEnabled: true,
      Source: 'Events',
      Query: 'Events | project DeviceId = Name, Site = Name',
      IsTransactional: true,
      PropagateIngestionProperties: false,
      ...over,
    },
  ]);

describe('sandbox table update policies', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await sandbox.stop();
  });
  const mgmt = (csl: string, db = 'Analytics', cluster = 'adxfull') =>
    kustoClient(sandbox, cluster).executeMgmt(db, csl);

  it("parses the table forms: T, Db.T, ['quoted'], * and string payloads", () => {
    assert.deepEqual(parseCommand('.show table Devices policy update'), { op: 'showUpdatePolicy', table: 'Devices' });
    assert.deepEqual(parseCommand(".show table ['My Db'].['T 1'] policy update"), {
      op: 'showUpdatePolicy',
      database: 'My Db',
      table: 'T 1',
    });
    assert.deepEqual(parseCommand('.show table * policy update'), { op: 'showUpdatePolicy', table: '*' });
    assert.deepEqual(parseCommand('.delete table Analytics.Devices policy update'), {
      op: 'deleteUpdatePolicy',
      database: 'Analytics',
      table: 'Devices',
    });
    const alter = parseCommand('.alter table Analytics.Devices policy update @\'[{"Source":"it\'\'s"}]\'');
    assert.deepEqual(alter, {
      op: 'alterUpdatePolicy',
      database: 'Analytics',
      table: 'Devices',
      payload: '[{"Source":"it\'s"}]',
    });
    assert.throws(() => parseCommand('.alter table * policy update ```[]```'), /Expected a table name/);
    assert.throws(
      () => parseCommand('.alter-merge table T policy update ```[]```'),
      /Only `.alter table T policy update`/,
    );
    assert.throws(() => parseCommand('.show table T policy retention'), /Expected update/);
  });

  it('shows the seeded policy of Devices, with the policy columns', async () => {
    const result = await mgmt('.show table Devices policy update');
    assert.deepEqual(
      result.primaryResults[0].columns.map((c) => c.name),
      ['PolicyName', 'EntityName', 'Policy', 'ChildEntities', 'EntityType'],
    );
    const rows = rowsOf(result);
    assert.equal(rows.length, 1);
    assert.deepEqual(
      { ...rows[0], Policy: JSON.parse(String(rows[0].Policy)) },
      {
        PolicyName: 'TableUpdatePolicy',
        EntityName: '[Analytics].[Devices]',
        Policy: SEEDED,
        ChildEntities: '',
        EntityType: 'Table',
      },
    );
    const qualified = rowsOf(
      await kustoClient(sandbox, 'adxfull').executeMgmt('Archive', '.show table Analytics.Devices policy update'),
    );
    assert.deepEqual(JSON.parse(String(qualified[0].Policy)), SEEDED);
  });

  it('lists every table of the database with *, null for those without a policy', async () => {
    const rows = rowsOf(await mgmt('.show table * policy update'));
    assert.deepEqual(
      rows.map((r) => [r.EntityName, r.Policy === 'null' ? null : JSON.parse(String(r.Policy))]),
      [
        ['[Analytics].[Events]', null],
        ['[Analytics].[Devices]', SEEDED],
      ],
    );
    assert.ok(
      rows.every((r) => r.PolicyName === 'TableUpdatePolicy' && r.EntityType === 'Table' && r.ChildEntities === ''),
    );
  });

  it('answers the documented not-found error for an unknown table', async () => {
    const err = await kustoFailure(mgmt('.show table Nope policy update'));
    assert.equal(err.status, 400);
    assert.equal(err.code, 'BadRequest_TableNotExist');
    assert.match(err.message, /Table 'Nope' was not found/);
  });

  it('alters a policy with the system identity the cluster policy allows, and shows it back', async () => {
    const altered = rowsOf(
      await mgmt(
        `.alter table Events policy update \`\`\`${policy({ Source: 'Devices', ManagedIdentity: 'system' })}\`\`\``,
      ),
    );
    const expected = [
      {
        IsEnabled: true,
        Source: 'Devices',
        Query: 'Events | project DeviceId = Name, Site = Name',
        IsTransactional: true,
        PropagateIngestionProperties: false,
        ManagedIdentity: 'system',
      },
    ];
    assert.equal(altered[0].EntityName, '[Analytics].[Events]');
    assert.deepEqual(JSON.parse(String(altered[0].Policy)), expected);
    const shown = rowsOf(await mgmt('.show table Events policy update'));
    assert.deepEqual(JSON.parse(String(shown[0].Policy)), expected);
    // A string literal payload and the Db.T form replace the policy; no identity is fine too.
    await mgmt(`.alter table Analytics.Devices policy update '${policy()}'`);
    const devices = JSON.parse(String(rowsOf(await mgmt('.show table Devices policy update'))[0].Policy)) as Record<
      string,
      unknown
    >[];
    assert.equal(devices.length, 1);
    assert.equal(devices[0].ManagedIdentity, undefined);
  });

  it('refuses an identity that is not assigned to the cluster', async () => {
    const err = await kustoFailure(
      mgmt(`.alter table Devices policy update \`\`\`${policy({ ManagedIdentity: SPARE_PRINCIPAL })}\`\`\``),
    );
    assert.equal(err.status, 400);
    assert.match(err.message, new RegExp(`Managed identity '${SPARE_PRINCIPAL}' is not assigned to cluster 'adxfull'`));
    const noSystem = await kustoFailure(
      kustoClient(sandbox, 'adxnoid').executeMgmt(
        'Sales',
        `.alter table Orders policy update \`\`\`${policy({ Source: 'Orders', ManagedIdentity: 'system' })}\`\`\``,
      ),
    );
    assert.match(noSystem.message, /'system' is not assigned to cluster 'adxnoid'/);
  });

  it('refuses an identity whose managed identity policy lacks AutomatedFlows', async () => {
    const err = await kustoFailure(
      mgmt(`.alter table Devices policy update \`\`\`${policy({ ManagedIdentity: INGEST_PRINCIPAL })}\`\`\``),
    );
    assert.equal(err.status, 400);
    assert.match(
      err.message,
      new RegExp(`does not allow managed identity '${INGEST_PRINCIPAL}' for usage 'AutomatedFlows'`),
    );
    // Allowed by the database policy, it is accepted.
    await mgmt(
      `.alter-merge database Analytics policy managed_identity \`\`\`[{"ObjectId":"${INGEST_PRINCIPAL}","AllowedUsages":"AutomatedFlows"}]\`\`\``,
    );
    await mgmt(`.alter table Devices policy update \`\`\`${policy({ ManagedIdentity: INGEST_PRINCIPAL })}\`\`\``);
  });

  it('refuses an unknown Source table, malformed JSON and a wrong shape, leaving the policy as it was', async () => {
    const unknown = await kustoFailure(
      mgmt(`.alter table Devices policy update \`\`\`${policy({ Source: 'Logs' })}\`\`\``),
    );
    assert.equal(unknown.status, 400);
    assert.equal(unknown.code, 'BadRequest');
    assert.match(unknown.message, /source table 'Logs' was not found in database 'Analytics'/);
    const malformed = await kustoFailure(
      mgmt('.alter table Devices policy update ```[{"IsEnabled": true, "Source": ]```'),
    );
    assert.equal(malformed.status, 400);
    assert.match(malformed.message, /Failed to parse the update policy: invalid JSON/);
    const notArray = await kustoFailure(
      mgmt(`.alter table Devices policy update \`\`\`${JSON.stringify({ Source: 'Events' })}\`\`\``),
    );
    assert.match(notArray.message, /must be a JSON array/);
    const badBool = await kustoFailure(
      mgmt(`.alter table Devices policy update \`\`\`${policy({ IsTransactional: 'yes' })}\`\`\``),
    );
    assert.match(badBool.message, /IsTransactional must be true or false/);
    const typo = await kustoFailure(
      mgmt(`.alter table Devices policy update \`\`\`${policy({ ManagedIdentityy: 'system' })}\`\`\``),
    );
    assert.match(typo.message, /unknown property 'ManagedIdentityy'/);
    const badId = await kustoFailure(
      mgmt(`.alter table Devices policy update \`\`\`${policy({ ManagedIdentity: 'me' })}\`\`\``),
    );
    assert.match(badId.message, /ManagedIdentity "me" must be 'system' or an object id/);
    const target = await kustoFailure(mgmt(`.alter table Nope policy update \`\`\`${policy()}\`\`\``));
    assert.equal(target.code, 'BadRequest_TableNotExist');
    assert.deepEqual(JSON.parse(String(rowsOf(await mgmt('.show table Devices policy update'))[0].Policy)), SEEDED);
  });

  it('deletes a policy: the row stays, with Policy null', async () => {
    const deleted = rowsOf(await mgmt('.delete table Devices policy update'));
    assert.deepEqual(deleted, [
      {
        PolicyName: 'TableUpdatePolicy',
        EntityName: '[Analytics].[Devices]',
        Policy: 'null',
        ChildEntities: '',
        EntityType: 'Table',
      },
    ]);
    assert.equal(rowsOf(await mgmt('.show table Devices policy update'))[0].Policy, 'null');
    assert.ok(rowsOf(await mgmt('.show table * policy update')).every((r) => r.Policy === 'null'));
  });

  it('refuses changes on a follower database, which still shows its tables', async () => {
    const alter = await kustoFailure(
      mgmt(`.alter table Readings policy update \`\`\`${policy({ Source: 'Readings' })}\`\`\``, 'TelemetryFollower'),
    );
    assert.equal(alter.status, 400);
    assert.match(alter.message, /follower database.*read-only/);
    const del = await kustoFailure(mgmt('.delete table TelemetryFollower.Readings policy update'));
    assert.match(del.message, /follower database/);
    assert.deepEqual(
      rowsOf(await mgmt('.show table * policy update', 'TelemetryFollower')).map((r) => [r.EntityName, r.Policy]),
      [['[TelemetryFollower].[Readings]', 'null']],
    );
  });
});
