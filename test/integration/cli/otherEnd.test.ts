// `check` on the other end of the identity: a failed storage role comes with its ARM fix (the PUT, az, Bicep, whether
// the caller may) in every format, and a failing export with the explainer's broken link.
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { runCheck } from '../../../src/cli/check';
import { fakeIo, FAST, withEnv } from './helpers';

const EXPORTS =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/contosoexports';
const CALLER = 'ad000000-0000-4000-8000-0000000000a1';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

describe('adx-identity check: ARM fixes and the failure explainer', () => {
  let sandbox: RunningSandbox;
  let info: string;
  beforeEach(async () => {
    sandbox = await startSandbox();
    info = JSON.stringify(sandbox.info());
  });
  afterEach(async () => {
    await sandbox.stop();
  });

  async function check(exportName: string, format = 'text') {
    const io = fakeIo();
    const args = ['--sandbox', info, '--cluster', sandbox.clusters.adxfull, '--database', 'Analytics'];
    const code = await withEnv(sandbox, {}, () =>
      runCheck([...args, '--flow', 'continuous-export', '--export', exportName, '--format', format], io, {
        factory: FAST,
      }),
    );
    return { code, out: io.out, err: io.err };
  }

  it('text: the failed storage role prints the PUT (role, scope, identity), that the caller may, az and Bicep', async () => {
    const r = await check('ArchiveJoin');
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /\[FAIL\] id-adx-export holds a role for writing blobs on contosoexports/);
    assert.ok(
      r.out.includes(
        `PUT a role assignment: role Storage Blob Data Contributor, scope ${EXPORTS}, identity id-adx-export (object id 0e000001-0000-4000-8000-000000000001, ServicePrincipal)`,
      ),
      r.out,
    );
    assert.match(r.out, /\n\s+you may apply it\n/);
    assert.ok(
      r.out.includes(
        `az: az role assignment create --assignee-object-id 0e000001-0000-4000-8000-000000000001 --assignee-principal-type ServicePrincipal --role "Storage Blob Data Contributor" --scope "${EXPORTS}"`,
      ),
    );
    assert.match(r.out, /bicep:\n\s+resource target 'Microsoft.Storage\/storageAccounts@2023-05-01' existing = \{/);
    assert.match(r.out, /resource grant 'Microsoft.Authorization\/roleAssignments@2022-04-01'/);
    // EventsToLake's identity holds the role: its report has no ARM fix.
    const granted = await check('EventsToLake');
    assert.doesNotMatch(granted.out, /ARM fix:/);
    assert.match(granted.out, /\[PASS\] .* holds a role for writing blobs on contosoexports/);
  });

  it("a failing export run (seeded, then the sandbox's own run): the explainer names the broken link (role on the target) and points at its fix", async () => {
    // The scenario's recorded failure: the identity could not read the Archive database.
    const seeded = await check('ArchiveJoin');
    assert.match(
      seeded.out,
      /\nWhy the export fails:\n {2}broken link: Kusto database role \(not authorized to access database\)\n.*\n {2}fix: see \[FAIL\] id-adx-export holds Database Viewer on Archive — \.add database Archive viewers/,
    );
    const [run] = sandbox.runContinuousExports('adxfull').filter((x) => x.name === 'ArchiveJoin');
    assert.equal(run.result, 'Failed');
    const text = await check('ArchiveJoin');
    assert.match(
      text.out,
      /\nWhy the export fails:\n {2}broken link: role on the target resource \(AuthorizationPermissionMismatch\)\n {2}why: The storage service authenticated the identity but no role it holds covers the blob operation/,
    );
    assert.match(
      text.out,
      / {2}fix: see \[FAIL\] id-adx-export holds a role for writing blobs on contosoexports .* — Grant Storage Blob Data Contributor to id-adx-export at \/subscriptions\//,
    );

    const json = JSON.parse((await check('ArchiveJoin', 'json')).out) as {
      explanation: { link: string; linkTitle: string; matched: string; failure: string; checks: { id: string }[] };
      checks: { id: string; armFixes?: { canApply: string; fix: { kind: string; scope: string; az: string } }[] }[];
    };
    assert.equal(json.explanation.link, 'targetRole');
    assert.equal(json.explanation.linkTitle, 'role on the target resource');
    assert.equal(json.explanation.matched, 'AuthorizationPermissionMismatch');
    assert.match(
      json.explanation.failure,
      /This request is not authorized to perform this operation using this permission/,
    );
    assert.deepEqual(
      json.explanation.checks.map((c) => c.id),
      ['target-role'],
    );
    const offer = json.checks.find((c) => c.id === 'target-role')!.armFixes![0];
    assert.equal(offer.canApply, 'yes');
    assert.equal(offer.fix.kind, 'roleAssignment');
    assert.equal(offer.fix.scope, EXPORTS);
  });

  it('SARIF carries the ARM fix as properties.armFixes and JUnit in the failure text, with the explanation', async () => {
    sandbox.runContinuousExports('adxfull');
    const sarif = JSON.parse((await check('ArchiveJoin', 'sarif')).out) as {
      runs: { results: { ruleId: string; message: { text: string }; properties?: Record<string, unknown> }[] }[];
    };
    const results = sarif.runs[0].results;
    const role = results.find((r) => r.ruleId === 'continuous-export/target-role')!;
    const [fix] = role.properties!.armFixes as { method: string; path: string; az: string; bicep: string }[];
    assert.equal(fix.method, 'PUT');
    assert.match(fix.path, /contosoexports\/providers\/Microsoft.Authorization\/roleAssignments\/[0-9a-f-]{36}$/);
    assert.match(fix.az, /^az role assignment create /);
    assert.match(fix.bicep, /roleAssignments@2022-04-01/);
    assert.match(role.message.text, /ARM fix: Grant Storage Blob Data Contributor/);
    const lastRun = results.find((r) => r.ruleId === 'continuous-export/last-run')!;
    assert.match(lastRun.message.text, /broken link: role on the target resource \(AuthorizationPermissionMismatch\)/);

    const junit = (await check('ArchiveJoin', 'junit')).out;
    assert.match(junit, /<failure message="it holds no role[^"]*" type="target-role">[^<]*ARM fix: Grant Storage Blob/);
    assert.match(junit, /type="last-run">[^<]*Why the export fails:\n {2}broken link: role on the target resource/);
  });

  it('a caller who may not write role assignments is told so, with the az and Bicep text still printed', async () => {
    const ras = sandbox.state.arm!.roleAssignments;
    const owner = ras.findIndex((r) => r.principalId === CALLER && /8e3af657/.test(r.roleDefinitionId));
    assert.ok(owner >= 0, 'the scenario makes the caller Owner');
    ras.push({
      ...ras[owner],
      name: 'c9000000-0000-4000-8000-0000000000fe',
      roleDefinitionId: ras[owner].roleDefinitionId.replace(/[^/]+$/, READER),
    });
    ras.splice(owner, 1);
    const r = await check('ArchiveJoin');
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /you may not apply it: you may not write role assignments at \/subscriptions\/.*contosoexports \(Microsoft.Authorization\/roleAssignments\/write\)/,
    );
    assert.match(r.out, /az: az role assignment create --assignee-object-id 0e000001-/);
    assert.match(r.out, /bicep:\n/);
  });
});
