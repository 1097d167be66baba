// The export wizard's checks against the sandbox: gaps found and fixed as steps, blockers said before anything runs.
import assert from 'node:assert/strict';
import { buildCreateStorageExternalTableCommand } from '../../../src/core/commands';
import { planSucceeded, formatPlanReport } from '../../../src/core/operations';
import { SYSTEM_ID_PLACEHOLDER } from '../../../src/core/operations/exportPlan';
import { EXPORT_ID, SPARE_ID, SPARE_RESOURCE, opsBench, type OpsBench } from './helpers';

describe('operations: continuous export wizard checks', function () {
  this.timeout(60_000);
  let b: OpsBench;
  before(async () => {
    b = await opsBench();
  });
  after(async () => {
    await b.stop();
  });

  it('a query reading another database needs Viewer there: the plan grants it, then creates the export', async () => {
    const ref = await b.ref('adxfull');
    const plan = await b.ops.planExport(ref, {
      export: {
        database: 'Analytics',
        name: 'JoinLogs',
        externalTable: 'ExportedEvents',
        query: "Events | join (database('Archive').Logs) on $left.Id == $right.Id",
        managedIdentity: EXPORT_ID,
      },
    });
    assert.deepEqual(plan.blockers, []);
    const byId = Object.fromEntries(plan.checks.map((c) => [`${c.id}${c.subject ? `(${c.subject})` : ''}`, c.verdict]));
    assert.equal(byId['identity-attached'], 'passed');
    assert.equal(byId['policy-allows'], 'passed', 'the cluster policy allows AutomatedFlows for id-adx-export');
    const fixes = plan.steps.slice(0, -1).map((s) => s.title);
    assert.ok(
      fixes.some((t) => /Viewer on Archive/.test(t)),
      fixes.join(' | '),
    );
    const report = await b.ops.runSteps(ref, plan.steps);
    assert.ok(planSucceeded(report), formatPlanReport(report).join('\n'));
  });

  it('an unattached identity known only by object id is a blocker; with its resource id the plan attaches it first', async () => {
    const ref = await b.ref('adxfull');
    const input = {
      database: 'Analytics',
      name: 'SpareExport',
      externalTable: 'ExportedEvents',
      query: 'Events',
      managedIdentity: SPARE_ID,
    };
    const blocked = await b.ops.planExport(ref, { export: input });
    assert.ok(
      blocked.blockers.some((x) => /not attached/.test(x)),
      blocked.blockers.join('; '),
    );
    const plan = await b.ops.planExport(ref, { export: input, identityResourceId: SPARE_RESOURCE });
    assert.deepEqual(plan.blockers, []);
    assert.equal(plan.steps[0].arm?.kind, 'attachUserIdentity');
    assert.ok(
      plan.steps.some((s) => /AutomatedFlows/.test(s.title)),
      'the policy gap is a step',
    );
    const report = await b.ops.runSteps(ref, plan.steps);
    assert.ok(planSucceeded(report), formatPlanReport(report).join('\n'));
  });

  it('turning the system identity on: the Viewer grant names its object id, known only once ARM made it', async () => {
    const ref = await b.ref('adxnoid');
    const plan = await b.ops.planExport(ref, {
      export: { database: 'Sales', name: 'OrdersOut', externalTable: 'OrdersLake', query: 'Orders' },
      createExternalTable: buildCreateStorageExternalTableCommand({
        database: 'Sales',
        name: 'OrdersLake',
        columns: [{ name: 'OrderId', type: 'long' }],
        format: 'csv',
        uris: ['https://lake.blob.core.windows.net/orders'],
        auth: { managedIdentity: 'system' },
      }),
      tenant: '11111111-1111-4111-8111-111111111111',
    });
    assert.deepEqual(plan.blockers, []);
    assert.equal(plan.steps[0].arm?.kind, 'enableSystemIdentity');
    const grant = plan.steps.find((s) => /Grant Viewer on Sales/.test(s.title))!;
    // Shown before running with a placeholder, never as aadapp=system.
    assert.ok(grant.command!.text.includes(SYSTEM_ID_PLACEHOLDER), grant.command!.text);
    const report = await b.ops.runSteps(ref, plan.steps);
    assert.ok(planSucceeded(report), formatPlanReport(report).join('\n'));
    const principalId = (await b.ops.run.reload(ref)).cluster.identities?.system?.principalId;
    assert.ok(principalId);
    const rows = await b.catalog.databasePrincipals(ref, 'Sales');
    assert.ok(
      rows.some((r) => r.objectId === principalId && /viewer/i.test(r.role) && r.fqn.includes(principalId!)),
      JSON.stringify(rows),
    );
  });

  it('refuses to plan on a follower database', async () => {
    const ref = await b.ref('adxfull');
    const plan = await b.ops.planExport(ref, {
      export: { database: 'TelemetryFollower', name: 'X', externalTable: 'E', query: 'Readings' },
    });
    assert.match(plan.blockers.join(), /follower/);
    assert.deepEqual(plan.steps, []);
  });
});
