// Documented variants of Kusto answers reach the checks as `unknown` with where to look, never as `failed` or nothing.
import assert from 'node:assert/strict';
import { parseContinuousExportRows } from '../../../src/core/results/continuousExports';
import { describeConnection } from '../../../src/core/results/externalTables';
import { exportInput } from '../../../src/core/workflows/exportCommand';
import { runChecks } from '../../../src/core/workflows/flows';
import { analytics, byId, cluster, direct, exportRow, SYSTEM, TENANT } from './facts';

const masked = {
  name: 'ExportedEvents',
  tableType: 'Blob',
  connections: [describeConnection('https://acct.blob.core.windows.net/events;*******')],
};
const NOW = new Date('2026-11-28T00:00:00Z');

describe('checks over masked connection strings', () => {
  const facts = cluster({ databases: [analytics({ externalTables: [masked], externalTableColumns: {} })] });

  it('external-table: the auth mode is unknown (never failed, never "key or SAS"), with where to find it', () => {
    const r = runChecks(facts, { flow: 'external-table', database: 'Analytics' });
    const c = byId(r.checks, 'connection-auth');
    assert.equal(c.verdict, 'unknown');
    assert.match(c.reason, /masks the connection string after ";".*--script.*portal \/ ARM/);
    assert.doesNotMatch(JSON.stringify(r), /key or SAS/);
    assert.equal(r.verdict, 'unknown');
  });

  it('external-table: the .kql script kept in git gives the mode back', () => {
    const scriptText =
      ".create external table ExportedEvents (x:int) kind=storage dataformat=csv (h@'https://acct.blob.core.windows.net/events;managed_identity=system')\n";
    const r = runChecks(facts, { flow: 'external-table', database: 'Analytics', scriptText });
    const c = byId(r.checks, 'connection-auth');
    assert.equal(c.verdict, 'passed');
    assert.equal(c.reason, 'managed_identity=system');
  });

  it('continuous export without an identity over a masked table: unknown, since impersonation would need one', () => {
    const e = exportRow({ managedIdentity: undefined, exportProperties: {} });
    const f = cluster({ databases: [analytics({ externalTables: [masked], exports: [e] })] });
    const r = runChecks(f, { flow: 'continuous-export', database: 'Analytics', exportName: 'EventsToLake' }, NOW);
    const set = byId(r.checks, 'identity-set');
    assert.equal(set.verdict, 'unknown');
    assert.match(set.reason, /uses impersonation: .*--script/);
  });

  it('continuous export with an identity: the store check is unknown with where to find the mode', () => {
    const f = cluster({ databases: [analytics({ externalTables: [masked] })] });
    const r = runChecks(f, { flow: 'continuous-export', database: 'Analytics', exportName: 'EventsToLake' }, NOW);
    const store = byId(r.checks, 'external-table-auth');
    assert.equal(store.verdict, 'unknown');
    assert.match(store.reason, /hidden here/);
  });
});

describe('ExportProperties in PascalCase with numbers', () => {
  const cols = ['Name', 'ExternalTableName', 'Query', 'IsDisabled', 'ExportProperties'];
  const read = (props: object) =>
    parseContinuousExportRows({
      columns: cols.map((name) => ({ name })),
      rows: [['E', 'T', 'Q', false, JSON.stringify(props)]],
    })[0];

  it('is read with or without the identity, and carried into a recreate', () => {
    const withId = read({ SizeLimit: 104857600, ManagedIdentity: SYSTEM, Distributed: true, Distribution: 'PerNode' });
    assert.equal(withId.managedIdentity, SYSTEM);
    const input = exportInput('Db', withId);
    assert.equal(input.sizeLimit, 104857600);
    assert.equal(input.distributed, true);
    assert.equal(input.distribution, 'per_node');
    const without = read({ SizeLimit: 104857600 });
    assert.equal(without.managedIdentity, undefined);
    assert.equal(exportInput('Db', without).sizeLimit, 104857600);
  });
});

describe('the system identity in fixes without ARM', () => {
  it('the role fix names the object id the service filled in where IsSystem is true', () => {
    const f = direct({
      databases: [analytics({ principals: [] })],
    });
    const r = runChecks(f, { flow: 'continuous-export', database: 'Analytics', exportName: 'EventsToLake' }, NOW);
    const role = byId(r.checks, 'role-viewer', 'Analytics');
    assert.equal(role.verdict, 'failed');
    assert.equal(
      role.fixes[0].text.split(' (')[1],
      `'aadapp=${SYSTEM};${TENANT}') 'adx-identity: Viewer for system-assigned'`,
    );
  });
});
