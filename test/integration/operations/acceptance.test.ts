// Acceptance: adxnoid goes from "no identity" to "continuous export running with its system-assigned identity" through the
// operations layer alone (no KQL typed: every command comes from a builder), and a policy change is undone.
import assert from 'node:assert/strict';
import { buildCreateStorageExternalTableCommand } from '../../../src/core/commands';
import { quoteName } from '../../../src/core/kql';
import { formatPlanReport, planSucceeded } from '../../../src/core/operations';
import { parseContinuousExportRows } from '../../../src/core/results';
import { opsBench, type OpsBench } from './helpers';

describe('operations: adxnoid from no identity to a running export, and undo', function () {
  this.timeout(60_000);
  let b: OpsBench;
  before(async () => {
    b = await opsBench();
  });
  after(async () => {
    await b.stop();
  });

  it('plans every gap as a step, runs them, and the export runs with the system identity', async () => {
    const ref = await b.ref('adxnoid');
    assert.equal(ref.cluster.identities?.system, undefined, 'starts without identity');
    const createTable = buildCreateStorageExternalTableCommand({
      database: 'Sales',
      name: 'SalesLake',
      columns: [
        { name: 'Id', type: 'long' },
        { name: 'Amount', type: 'real' },
      ],
      format: 'parquet',
      uris: ['https://lake.blob.core.windows.net/sales'],
      auth: 'impersonate',
    });
    // The wizard offers the database's tables as the query: nothing typed.
    const tables = await b.ops.tables(ref, 'Sales');
    assert.deepEqual(tables, ['Orders']);
    const plan = await b.ops.planExport(ref, {
      export: {
        database: 'Sales',
        name: 'SalesToLake',
        externalTable: 'SalesLake',
        query: quoteName(tables[0], 'table'),
        managedIdentity: 'system',
        intervalBetweenRuns: '1h',
      },
      createExternalTable: createTable,
    });
    assert.deepEqual(plan.blockers, []);
    assert.deepEqual(
      plan.steps.map((s) => s.arm?.kind ?? s.command?.text.split(' ').slice(0, 2).join(' ')),
      [
        'enableSystemIdentity',
        '.create external',
        '.alter-merge database',
        '.add database',
        '.create-or-alter continuous-export',
      ],
    );
    const report = await b.ops.runSteps(ref, plan.steps);
    assert.ok(planSucceeded(report), formatPlanReport(report).join('\n'));
    assert.ok(report.ref.cluster.identities?.system?.principalId, 'the cluster now has a system identity');
    const logged = b.log.find((l) => l.includes('.create external table SalesLake'));
    // A storage string that cannot hold a secret stays readable; one with a key or SAS is hidden (redact.test.ts).
    assert.ok(
      logged?.includes("(h@'https://lake.blob.core.windows.net/sales;impersonate')"),
      `the secret-free storage string is logged as sent: ${logged}`,
    );
    assert.ok(
      b.log.some((l) => l.startsWith('→ ARM PATCH') && l.includes('SystemAssigned')),
      'the ARM request is logged',
    );

    const exports = parseContinuousExportRows(
      await b.ops.run.command(ref, {
        text: '.show continuous-exports',
        scope: 'database',
        database: 'Sales',
        destructive: false,
      }),
    );
    const e = exports.find((x) => x.name === 'SalesToLake');
    assert.ok(e && !e.isDisabled, 'the export exists and is enabled');
    assert.equal(e.managedIdentity?.toLowerCase(), 'system');
    // Run again: the wizard finds nothing left to fix but the export itself.
    const again = await b.ops.planExport(report.ref, {
      export: {
        database: 'Sales',
        name: 'SalesToLake',
        externalTable: 'SalesLake',
        query: 'Orders',
        managedIdentity: 'system',
      },
    });
    assert.deepEqual(
      again.steps.map((s) => s.title),
      ['Create continuous export SalesToLake'],
    );
  });

  it('removing the identity from the policy shows the export that relies on it, and restore undoes it', async () => {
    const ref = await b.ref('adxnoid');
    const target = { scope: 'database' as const, database: 'Sales' };
    const proposal = await b.ops.proposePolicy(ref, target, { kind: 'remove', objectId: 'system' });
    assert.equal(proposal.preview.command.text, '.delete database Sales policy managed_identity');
    assert.deepEqual(
      proposal.impact.map((u) => `${u.kind}:${u.name}`),
      ['export:SalesToLake'],
    );
    const outcome = await b.ops.applyPolicy(ref, proposal);
    assert.equal(outcome.status, 'applied');
    assert.ok(outcome.status === 'applied' && outcome.saved, 'the previous policy was saved');
    assert.deepEqual(await b.ops.readPolicy(ref, target), []);

    const saved = b.ops.saved.list(ref.cluster)[0];
    const restored = await b.ops.restore(ref, saved);
    assert.ok(planSucceeded(restored));
    assert.deepEqual(await b.ops.readPolicy(ref, target), [{ objectId: 'system', usages: ['AutomatedFlows'] }]);
  });
});
