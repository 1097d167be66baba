// Continuous export runs judged from ARM state: EventsToLake's identity holds Storage Blob Data Contributor and its
// run completes; ArchiveJoin's does not and fails with the storage service's AuthorizationPermissionMismatch until the
// missing role assignment is PUT (real @azure/arm-authorization); a storage firewall that blocks the cluster fails with
// AuthorizationFailure until a resource access rule names it (real @azure/arm-storage). Also the timer and HTTP path.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { StorageManagementClient } from '@azure/arm-storage';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { armOptions, EXPORT_PRINCIPAL, fixedCredential, kustoClient, rawArm, rowsOf, SUB_PROD } from './helpers';

const EXPORTS = `/subscriptions/${SUB_PROD}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/contosoexports`;
const FULL_ID = `/subscriptions/${SUB_PROD}/resourceGroups/rg-adx-prod/providers/Microsoft.Kusto/clusters/adxfull`;
const BLOB_CONTRIBUTOR = '/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe';

describe('sandbox continuous export runs (judged from ARM)', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await sandbox.stop();
  });
  const mgmt = (csl: string) => kustoClient(sandbox, 'adxfull').executeMgmt('Analytics', csl);
  const exportRow = async (name: string) =>
    rowsOf(await mgmt('.show continuous-exports')).find((r) => r.Name === name)!;
  const lastFailure = async (name: string) => rowsOf(await mgmt(`.show continuous-export ${name} failures`)).pop()!;

  it('EventsToLake completes; ArchiveJoin fails with AuthorizationPermissionMismatch until its role is granted', async () => {
    const before = await exportRow('EventsToLake');
    const artifactsBefore = rowsOf(await mgmt('.show continuous-export EventsToLake exported-artifacts')).length;
    const runs = sandbox.runContinuousExports('adxfull');
    assert.deepEqual(
      runs.map((r) => [r.name, r.result]),
      [
        ['EventsToLake', 'Completed'],
        ['ArchiveJoin', 'Failed'],
      ],
    );
    const lake = await exportRow('EventsToLake');
    assert.equal(lake.LastRunResult, 'Completed');
    assert.ok(new Date(String(lake.LastRunTime)) > new Date(String(before.LastRunTime)));
    assert.ok(new Date(String(lake.ExportedTo)) > new Date(String(before.ExportedTo)));
    const artifacts = rowsOf(await mgmt('.show continuous-export EventsToLake exported-artifacts'));
    assert.equal(artifacts.length, artifactsBefore + 1);
    assert.match(String(artifacts.at(-1)!.Path), /^https:\/\/contosoexports\.blob\.core\.windows\.net\/events\//);
    assert.equal(artifacts.at(-1)!.NumRecords, 5);

    const archive = await exportRow('ArchiveJoin');
    assert.equal(archive.LastRunResult, 'Failed');
    const failure = await lastFailure('ArchiveJoin');
    assert.match(String(failure.Details), /AuthorizationPermissionMismatch/);
    assert.match(
      String(failure.Details),
      /This request is not authorized to perform this operation using this permission\./,
    );
    assert.equal(failure.FailureKind, 'Failure');

    // The fix the product offers: Storage Blob Data Contributor for id-adx-export on the account.
    const auth = new AuthorizationManagementClient(fixedCredential(sandbox, 'arm'), SUB_PROD, armOptions(sandbox));
    await auth.roleAssignments.create(EXPORTS, randomUUID(), {
      roleDefinitionId: BLOB_CONTRIBUTOR,
      principalId: EXPORT_PRINCIPAL,
      principalType: 'ServicePrincipal',
    });
    const next = sandbox.runContinuousExports('adxfull');
    assert.equal(next.find((r) => r.name === 'ArchiveJoin')?.result, 'Completed');
    assert.equal((await exportRow('ArchiveJoin')).LastRunResult, 'Completed');
  });

  it('a grant on the resource group, or a custom role whose wildcard covers the write, is enough; a condition is not', async () => {
    const arm = sandbox.state.arm!;
    const grant = (scope: string, roleDefinitionId: string, condition?: string) =>
      arm.roleAssignments.push({
        name: randomUUID(),
        scope,
        roleDefinitionId,
        principalId: EXPORT_PRINCIPAL,
        principalType: 'ServicePrincipal',
        condition,
        createdOn: '',
        updatedOn: '',
      });
    const result = () => sandbox.runContinuousExports('adxfull').find((r) => r.name === 'ArchiveJoin')?.result;
    grant(
      EXPORTS,
      BLOB_CONTRIBUTOR,
      "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'x'",
    );
    assert.equal(result(), 'Failed', 'a conditional assignment does not count');
    grant(
      `/subscriptions/${SUB_PROD}/resourceGroups/rg-data`,
      `/subscriptions/${SUB_PROD}/providers/Microsoft.Authorization/roleDefinitions/c1000000-0000-4000-8000-000000000001`,
    );
    assert.equal(result(), 'Completed', 'the custom Lake Writer role at the resource group');
  });

  it('a storage firewall that blocks the cluster fails with AuthorizationFailure; a resource access rule opens it', async () => {
    await mgmt(
      ".create external table ToArchive (Name:string) kind=storage dataformat=csv (h@'https://contosoarchive.blob.core.windows.net/archive;impersonate')",
    );
    await mgmt(
      '.create-or-alter continuous-export ToArchive over (Events) to table ToArchive with (managedIdentity=system, intervalBetweenRuns=1h) <| Events | project Name',
    );
    const run = () => sandbox.runContinuousExports('adxfull').find((r) => r.name === 'ToArchive')!;
    assert.equal(run().result, 'Failed');
    const failure = await lastFailure('ToArchive');
    assert.match(String(failure.Details), /ErrorCode: AuthorizationFailure\./);
    assert.match(String(failure.Details), /\(This request is not authorized to perform this operation\.\)/);

    const storage = new StorageManagementClient(fixedCredential(sandbox, 'arm'), SUB_PROD, armOptions(sandbox));
    const acct = await storage.storageAccounts.getProperties('rg-data', 'contosoarchive');
    await storage.storageAccounts.update('rg-data', 'contosoarchive', {
      networkRuleSet: {
        ...acct.networkRuleSet!,
        resourceAccessRules: [{ tenantId: sandbox.tenants[0], resourceId: FULL_ID }],
      },
    });
    assert.equal(run().result, 'Completed');

    // The trusted-services exception counts for the system-assigned identity only.
    await storage.storageAccounts.update('rg-data', 'contosoarchive', {
      networkRuleSet: { defaultAction: 'Deny', bypass: 'AzureServices' },
    });
    assert.equal(run().result, 'Completed');
    await storage.storageAccounts.update('rg-data', 'contosoarchive', {
      networkRuleSet: { defaultAction: 'Deny', bypass: 'None' },
    });
    assert.equal(run().result, 'Failed');
    // A managed private endpoint of the cluster that succeeded reaches the account whatever the firewall says.
    sandbox.state.clusters.find((c) => c.name === 'adxfull')!.managedPrivateEndpoints![0].provisioningState =
      'Succeeded';
    assert.equal(run().result, 'Completed');
  });

  it('over HTTP for a sandbox in another process: POST …/sandbox/continuous-exports/run with an ARM token', async () => {
    const post = (token?: string, query = '') =>
      rawArm(sandbox, `/sandbox/continuous-exports/run${query}`, {
        method: 'POST',
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const ok = await post(sandbox.token('arm'), '?cluster=adxfull');
    assert.equal(ok.status, 200);
    const body = JSON.parse(ok.body) as { runs: { name: string; result: string; details?: string }[] };
    assert.deepEqual(body.runs.map((r) => r.name).sort(), ['ArchiveJoin', 'EventsToLake']);
    assert.match(body.runs.find((r) => r.name === 'ArchiveJoin')!.details!, /AuthorizationPermissionMismatch/);
    assert.equal((await post()).status, 401);
    assert.equal((await post(sandbox.token('kusto'))).status, 401);
    assert.equal((await post(sandbox.token('arm'), '?cluster=nope')).status, 404);
  });

  it('on a timer when exportRunEveryMs is set', async () => {
    const timed = await startSandbox({ exportRunEveryMs: 25 });
    try {
      const exp = timed.state.clusters.find((c) => c.name === 'adxfull')!.databases[0].continuousExports[0];
      const first = exp.lastRunTime;
      const deadline = Date.now() + 5_000;
      while (exp.lastRunTime === first && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.notEqual(exp.lastRunTime, first);
      assert.equal(exp.lastRunResult, 'Completed');
    } finally {
      await timed.stop();
    }
  });
});
