// The other end of the identity against the sandbox with the real Authorization / Storage SDKs: judged from ARM, fixed
// through ARM, and the sandbox's next export run succeeds.
import assert from 'node:assert/strict';
import { explainFailure } from '../../../src/core/access/explain';
import { ArmApplier } from '../../../src/services/access/apply';
import { memoryStore } from '../operations/helpers';
import { bench, find, EXPORT_ID, type Bench } from './helpers';

const request = (exportName: string) => ({ flow: 'continuous-export' as const, database: 'Analytics', exportName });
const SUB2 = '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002';
const EXPORTS = `${SUB2}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/contosoexports`;
const CALLER = 'ad000000-0000-4000-8000-0000000000a1';

describe('workflows against the sandbox: the other end of the identity', () => {
  let b: Bench;
  beforeEach(async () => {
    b = await bench();
  });
  afterEach(async () => {
    await b.stop();
  });

  async function archiveJoinWithViewer() {
    const ref = await b.arm('adxfull');
    await b.fix(ref, await b.check(ref, request('ArchiveJoin')));
    return ref;
  }

  it('ArchiveJoin fails on the storage role with the PUT fix; applying it makes the check and the next export run pass', async () => {
    const ref = await archiveJoinWithViewer();
    const before = await b.check(ref, request('ArchiveJoin'));
    const role = find(before, 'target-role');
    assert.equal(role.verdict, 'failed');
    assert.match(role.reason, /needs Storage Blob Data Contributor/);
    const offer = role.armFixes![0];
    assert.equal(offer.canApply, 'yes');
    assert.equal(offer.fix.kind, 'roleAssignment');
    if (offer.fix.kind !== 'roleAssignment') return;
    assert.equal(offer.fix.scope, EXPORTS);
    assert.equal(offer.fix.principalId, EXPORT_ID);
    assert.equal(offer.fix.principalType, 'ServicePrincipal');
    assert.match(
      offer.fix.request.path,
      /contosoexports\/providers\/Microsoft.Authorization\/roleAssignments\/[0-9a-f-]{36}$/,
    );

    // The sandbox's export run fails with the storage service's text; the explainer names the broken link.
    const [run] = b.sandbox.runContinuousExports('adxfull').filter((r) => r.name === 'ArchiveJoin');
    assert.equal(run.result, 'Failed');
    const failed = await b.check(ref, request('ArchiveJoin'));
    const explained = explainFailure(find(failed, 'last-run').reason, failed);
    assert.equal(explained.link, 'targetRole');
    assert.deepEqual(
      explained.checks.map((c) => c.id),
      ['target-role'],
    );

    const applier = new ArmApplier(b.catalog, memoryStore());
    const outcome = await applier.apply(b.account, offer.fix);
    assert.equal(outcome.status, 'applied');
    if (outcome.status !== 'applied') return;
    assert.match(outcome.note, /several minutes/);
    assert.equal(find(await b.check(ref, request('ArchiveJoin')), 'target-role').verdict, 'passed');
    const [next] = b.sandbox.runContinuousExports('adxfull').filter((r) => r.name === 'ArchiveJoin');
    assert.equal(next.result, 'Completed');

    // Applying it again is RoleAssignmentExists under another name or the same: still success. Undo removes it.
    const again = await applier.apply(b.account, offer.fix);
    assert.equal(again.status, 'applied');
    await applier.undo(b.account, outcome.change);
    assert.equal(find(await b.check(ref, request('ArchiveJoin')), 'target-role').verdict, 'failed');
  });

  it('a resource-group grant passes, a custom wildcard role passes, a conditional one is unknown', async () => {
    const ref = await archiveJoinWithViewer();
    const ras = b.sandbox.state.arm!.roleAssignments;
    const add = (name: string, scope: string, roleDefinitionId: string, condition?: string) =>
      ras.push({
        name,
        scope,
        roleDefinitionId,
        principalId: EXPORT_ID,
        principalType: 'ServicePrincipal',
        createdOn: '2026-11-01T00:00:00Z',
        updatedOn: '2026-11-01T00:00:00Z',
        ...(condition ? { condition, conditionVersion: '2.0' } : {}),
      });
    add(
      'c9000000-0000-4000-8000-000000000001',
      `${SUB2}/resourceGroups/rg-data`,
      `${SUB2}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
    );
    const rg = find(await b.check(ref, request('ArchiveJoin')), 'target-role');
    assert.equal(rg.verdict, 'passed');
    assert.match(rg.reason, /at .*resourceGroups\/rg-data$/);
    ras.pop();
    add(
      'c9000000-0000-4000-8000-000000000002',
      `${SUB2}/resourceGroups/rg-data`,
      `${SUB2}/providers/Microsoft.Authorization/roleDefinitions/c1000000-0000-4000-8000-000000000001`,
    );
    const custom = find(await b.check(ref, request('ArchiveJoin')), 'target-role');
    assert.equal(custom.verdict, 'passed');
    assert.match(custom.reason, /Lake Writer \(custom\)/);
    ras.pop();
    add(
      'c9000000-0000-4000-8000-000000000003',
      EXPORTS,
      `${SUB2}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`,
      "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals 'other'",
    );
    const conditional = find(await b.check(ref, request('ArchiveJoin')), 'target-role');
    assert.equal(conditional.verdict, 'unknown');
    assert.match(conditional.reason, /with a condition/);
  });

  it('without roleAssignments/write the fix is offered as az / Bicep text, and applying it is refused', async () => {
    const ref = await archiveJoinWithViewer();
    const ras = b.sandbox.state.arm!.roleAssignments;
    const owner = ras.findIndex((r) => r.principalId === CALLER && /Owner|8e3af657/.test(r.roleDefinitionId));
    assert.ok(owner >= 0, 'the scenario makes the caller Owner');
    ras.push({
      ...ras[owner],
      name: 'c9000000-0000-4000-8000-0000000000ff',
      roleDefinitionId: ras[owner].roleDefinitionId.replace(/[^/]+$/, 'acdd72a7-3385-48ef-bd42-f606fba81ae7'),
    });
    ras.splice(owner, 1);
    const role = find(await b.check(ref, request('ArchiveJoin')), 'target-role');
    const offer = role.armFixes![0];
    assert.equal(offer.canApply, 'no');
    assert.match(offer.whyNot ?? '', /copy the az command or the Bicep/);
    assert.match(offer.fix.az, /^az role assignment create --assignee-object-id 0e000001-/);
    assert.match(offer.fix.bicep, /Microsoft.Authorization\/roleAssignments@2022-04-01/);
    const outcome = await new ArmApplier(b.catalog, memoryStore()).apply(b.account, offer.fix);
    assert.equal(outcome.status, 'refused');
  });
});
