// The safety rules against the sandbox with the real clients: re-read before .alter, refusals before sending, a plan
// failing in the middle, retry while a principal is not visible, restore after .delete.
import assert from 'node:assert/strict';
import {
  buildAlterPolicyCommand,
  buildCreateStorageExternalTableCommand,
  buildCreateTableCommand,
  buildAddPrincipalCommand,
} from '../../../src/core/commands';
import {
  formatPlanReport,
  remainingSteps,
  stepsScript,
  planSucceeded,
  RefusedError,
} from '../../../src/core/operations';
import { EXPORT_ID, SPARE_ID, SPARE_RESOURCE, TENANT, opsBench, type OpsBench } from './helpers';

describe('operations: safety against the sandbox', function () {
  this.timeout(60_000);
  let b: OpsBench;
  before(async () => {
    b = await opsBench();
  });
  after(async () => {
    await b.stop();
  });

  it('shows the diff, sees a change made meanwhile, shows the new diff, then saves and alters', async () => {
    const ref = await b.ref('adxfull');
    const proposal = await b.ops.proposePolicy(ref, { scope: 'cluster' }, { kind: 'remove', objectId: EXPORT_ID });
    assert.equal(proposal.preview.losses.length, 1);
    assert.ok(
      proposal.impact.some((u) => u.kind === 'export'),
      `exports relying on ${EXPORT_ID}: ${JSON.stringify(proposal.impact)}`,
    );
    assert.ok(
      proposal.impact.some((u) => u.kind === 'updatePolicy' && u.name === 'Devices'),
      `update policies relying on ${EXPORT_ID}: ${JSON.stringify(proposal.impact)}`,
    );
    assert.equal(proposal.warning, undefined, 'the caller is AllDatabasesAdmin');
    // Someone else adds a usage before the user confirms.
    await b.ops.run.command(
      ref,
      buildAlterPolicyCommand({ scope: 'cluster' }, [{ objectId: 'system', usages: ['SqlRequest'] }], { merge: true }),
    );
    const first = await b.ops.applyPolicy(ref, proposal);
    assert.equal(first.status, 'changed');
    assert.ok(first.status === 'changed');
    const system = first.proposal.preview.before.find((e) => e.objectId === 'system');
    assert.ok(system?.usages.includes('SqlRequest'), 'the new preview starts from the live policy');
    assert.ok(
      first.proposal.preview.after.find((e) => e.objectId === 'system')?.usages.includes('SqlRequest'),
      'and keeps the other change',
    );
    const second = await b.ops.applyPolicy(ref, first.proposal);
    assert.equal(second.status, 'applied');
    const live = await b.ops.readPolicy(ref, { scope: 'cluster' });
    assert.deepEqual(
      live.map((e) => e.objectId),
      ['system'],
    );
    const saved = b.ops.saved.list(ref.cluster)[0];
    assert.ok(saved.kind === 'policy' && saved.entries.some((e) => e.objectId.toLowerCase() === EXPORT_ID));
  });

  it('an .alter that only adds offers .alter-merge instead', async () => {
    const ref = await b.ref('adxsystem');
    const p = await b.ops.proposePolicy(
      ref,
      { scope: 'cluster' },
      { kind: 'editUsages', objectId: 'system', usages: ['NativeIngestion', 'DataConnection', 'AutomatedFlows'] },
    );
    assert.equal(p.preview.losses.length, 0);
    assert.match(p.preview.mergeInstead?.text ?? '', /^\.alter-merge cluster policy managed_identity/);
    const done = await b.ops.applyPolicy(ref, p, { useMerge: true });
    assert.ok(done.status === 'applied' && !done.saved, 'nothing replaced, nothing to save');
  });

  it('refuses a policy naming an identity that is not attached, before sending', async () => {
    const ref = await b.ref('adxsystem');
    await assert.rejects(
      b.ops.proposePolicy(
        ref,
        { scope: 'database', database: 'Telemetry' },
        { kind: 'add', entries: [{ objectId: SPARE_ID, usages: ['AutomatedFlows'] }] },
      ),
      (e: unknown) => e instanceof RefusedError && /not assigned to adxsystem/.test(e.message),
    );
  });

  it('refuses policy and export changes to a follower database without sending; principals get the follower form', async () => {
    const ref = await b.ref('adxfull');
    const system = { kind: 'system', objectId: ref.cluster.identities!.system!.principalId, tenant: TENANT } as const;
    b.sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', latencyMs: 1 });
    try {
      const follower = (e: unknown) => e instanceof RefusedError && /follower/.test(e.message);
      await assert.rejects(
        b.ops.proposePolicy(ref, { scope: 'database', database: 'TelemetryFollower' }, { kind: 'delete' }),
        follower,
      );
      await assert.rejects(b.ops.dropExport(ref, 'TelemetryFollower', 'Any'), follower);
      // A plain .add database on a follower is not sent: the refusal offers the form the follower accepts.
      await assert.rejects(
        b.ops.run.command(ref, buildAddPrincipalCommand('TelemetryFollower', 'viewers', system)),
        (e: unknown) =>
          e instanceof RefusedError &&
          e.message.includes(
            `.add follower database TelemetryFollower viewers ('aadapp=${system.objectId};${TENANT}')`,
          ),
      );
      assert.equal(b.sandbox.faults.hits[0], 0, 'no Kusto request reached the cluster');
      const add = await b.ops.principalCommand(ref, 'TelemetryFollower', 'add', 'viewers', system, 'n');
      assert.equal(
        add.text,
        `.add follower database TelemetryFollower viewers ('aadapp=${system.objectId};${TENANT}') 'n'`,
      );
      const drop = await b.ops.principalCommand(ref, 'Archive', 'drop', 'viewers', system);
      assert.equal(drop.text, `.drop database Archive viewers ('aadapp=${system.objectId};${TENANT}')`);
    } finally {
      b.sandbox.faults.clear();
    }
  });

  it('a plan failing in the middle says what ran, what failed (service message) and what did not run', async () => {
    const ref = await b.ref('adxfull');
    const steps = [
      {
        title: 'Create table Staging',
        command: buildCreateTableCommand('Archive', 'Staging', [{ name: 'x', type: 'string' }]),
      },
      {
        title: 'Grant Viewer to an unknown app',
        command: buildAddPrincipalCommand('Archive', 'viewers', {
          kind: 'app',
          objectId: 'deadbeef-0000-4000-8000-000000000000',
          tenant: TENANT,
        }),
      },
      {
        title: 'Grant Viewer to the system identity',
        command: buildAddPrincipalCommand('Archive', 'viewers', {
          kind: 'system',
          objectId: ref.cluster.identities!.system!.principalId,
          tenant: TENANT,
        }),
      },
    ];
    const report = await b.ops.runSteps(ref, steps);
    assert.equal(planSucceeded(report), false);
    assert.deepEqual(
      report.ran.map((o) => o.step.title),
      ['Create table Staging'],
    );
    assert.equal(report.failed?.step.title, 'Grant Viewer to an unknown app');
    assert.match(report.failed?.message ?? '', /not found/i);
    assert.deepEqual(
      report.notRun.map((s) => s.title),
      ['Grant Viewer to the system identity'],
    );
    const lines = formatPlanReport(report);
    assert.match(lines[1], /^✗ Grant Viewer to an unknown app: /);
    const script = stepsScript(remainingSteps(report));
    assert.ok(
      script.includes(steps[1].command.text) &&
        script.includes(steps[2].command.text) &&
        !script.includes('.create table'),
    );
  });

  it('restores the policy after .delete', async () => {
    const ref = await b.ref('adxsystem');
    const before = await b.ops.readPolicy(ref, { scope: 'cluster' });
    const proposal = await b.ops.proposePolicy(ref, { scope: 'cluster' }, { kind: 'delete' });
    assert.ok(
      proposal.impact.some((u) => u.kind === 'dataConnection'),
      'the Event Hub connection relies on the system identity',
    );
    const done = await b.ops.applyPolicy(ref, proposal);
    assert.ok(done.status === 'applied' && done.saved);
    assert.deepEqual(await b.ops.readPolicy(ref, { scope: 'cluster' }), []);
    const report = await b.ops.restore(ref, done.saved);
    assert.ok(planSucceeded(report));
    assert.deepEqual(await b.ops.readPolicy(ref, { scope: 'cluster' }), before);
  });

  it('before turning off a system identity, lists what uses it', async () => {
    const ref = await b.ref('adxsystem');
    const uses = await b.ops.usesOf(ref, {
      system: true,
      objectId: ref.cluster.identities?.system?.principalId,
      resourceId: ref.cluster.resourceId,
    });
    const kinds = new Set(uses.map((u) => u.kind));
    assert.ok(kinds.has('policy') && kinds.has('dataConnection'), JSON.stringify(uses));
  });

  it('restores a dropped principal', async () => {
    const ref = await b.ref('adxfull');
    const system = { kind: 'system', objectId: ref.cluster.identities!.system!.principalId, tenant: TENANT } as const;
    assert.equal(await b.ops.systemObjectId(ref), system.objectId);
    await b.ops.grant(ref, 'Archive', 'viewers', system);
    const { saved } = await b.ops.revoke(ref, 'Archive', 'viewers', system, 'system-assigned');
    await b.ops.restore(ref, saved);
    const rows = await b.catalog.databasePrincipals(ref, 'Archive');
    assert.ok(rows.some((r) => /viewer/i.test(r.role) && r.objectId === ref.cluster.identities?.system?.principalId));
  });
});

describe('operations: retry while a new principal is not visible', function () {
  this.timeout(60_000);
  let b: OpsBench;
  before(async () => {
    b = await opsBench({ principalVisibilityDelayMs: 1500 });
  });
  after(async () => {
    await b.stop();
  });

  it('attaches id-spare, then the grant retries with backoff until the service sees it', async () => {
    const ref = await b.ref('adxnoid');
    const uses = await b.ops.usesOf(ref, { system: false, objectId: SPARE_ID, resourceId: SPARE_RESOURCE });
    assert.deepEqual(uses, []);
    await b.ops.runSteps(ref, [
      { title: 'Attach id-spare', arm: { kind: 'attachUserIdentity', resourceId: SPARE_RESOURCE } },
    ]);
    const retries: string[] = [];
    await b.ops.grant(
      ref,
      'Sales',
      'viewers',
      { kind: 'app', objectId: SPARE_ID, tenant: TENANT },
      { onRetry: (n, _w, m) => retries.push(`${n}: ${m}`) },
    );
    assert.ok(retries.length >= 1, 'it retried at least once');
    assert.match(retries[0], /not found/i);
    const rows = await b.catalog.databasePrincipals(ref, 'Sales');
    assert.ok(rows.some((r) => r.objectId === SPARE_ID));
  });

  it("the export wizard's plan attaches an identity and its grant step retries until the identity is visible", async () => {
    const ref = await b.ref('adxfull');
    const plan = await b.ops.planExport(ref, {
      export: {
        database: 'Archive',
        name: 'LogsOut',
        externalTable: 'Missing',
        query: 'Logs',
        managedIdentity: SPARE_ID,
      },
      identityResourceId: SPARE_RESOURCE,
      createExternalTable: buildCreateStorageExternalTableCommand({
        database: 'Archive',
        name: 'Missing',
        columns: [{ name: 'x', type: 'string' }],
        format: 'csv',
        uris: ['https://a.blob.core.windows.net/c'],
        auth: 'impersonate',
      }),
    });
    assert.equal(plan.steps[0].arm?.kind, 'attachUserIdentity');
    const retries: number[] = [];
    const report = await b.ops.runSteps(ref, plan.steps, { onRetry: (n) => retries.push(n) });
    assert.ok(planSucceeded(report), formatPlanReport(report).join('\n'));
    assert.ok(retries.length >= 1, 'the grant waited for the new identity');
  });
});
