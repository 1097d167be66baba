// The readiness view's HTML for Azure fixes: Grant… only when the caller may, always the copies, the reason otherwise.
import assert from 'node:assert/strict';
import { roleAssignmentFix, type ArmFixOffer } from '../../../src/core/access';
import type { FlowReport } from '../../../src/core/workflows';
import { verdictHtml } from '../../../src/vscode/workflows/verdictHtml';

const SCOPE =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/contosoexports';
const fix = roleAssignmentFix({
  scope: SCOPE,
  role: 'storageBlobDataContributor',
  principalId: '0e000001-0000-4000-8000-000000000001',
  identityLabel: 'id-adx-export',
});

function html(offer: ArmFixOffer, explanation = false): string {
  const report: FlowReport = {
    flow: 'continuous-export',
    cluster: 'adxfull',
    database: 'Analytics',
    verdict: 'failed',
    checks: [
      {
        id: 'target-role',
        title: 'id-adx-export holds a role for writing blobs on contosoexports',
        verdict: 'failed',
        reason: 'it holds no role',
        fixes: [],
        armFixes: [offer],
      },
    ],
  };
  return verdictHtml({
    cspSource: 'x',
    nonce: 'n',
    title: 't',
    report,
    lastChange: 'Grant something',
    ...(explanation
      ? {
          explanation: {
            link: 'targetRole',
            matched: 'AuthorizationPermissionMismatch',
            explanation: 'no role covers it',
            checks: report.checks,
            failure: 'Azure Storage returned status 403',
          },
        }
      : {}),
  });
}

describe('verdict view: Azure fixes', () => {
  it('offers Grant… with the copies, naming role, scope and identity, when the caller may', () => {
    const h = html({ fix, canApply: 'yes' });
    assert.match(h, /<button data-action="applyArm" data-check="0" data-fix="0">Grant…<\/button>/);
    assert.match(h, /data-action="copyAz"[^>]*>Copy az</);
    assert.match(h, /data-action="copyBicep"[^>]*>Copy Bicep</);
    assert.ok(h.includes(`role Storage Blob Data Contributor, scope ${SCOPE}, identity id-adx-export`));
    assert.match(h, /<pre class="az">az role assignment create /);
    assert.match(h, />Undo Last Azure Change…</);
  });

  it('shows only the copies and the reason when the caller may not write role assignments', () => {
    const h = html({ fix, canApply: 'no', whyNot: 'you may not write role assignments at this scope' });
    assert.doesNotMatch(h, /data-action="applyArm"/);
    assert.match(h, /<div class="whynot">you may not write role assignments at this scope<\/div>/);
    assert.match(h, />Copy az</);
  });

  it('heads the verdict with an explanation linking the check that fixes it', () => {
    const h = html({ fix, canApply: 'yes' }, true);
    assert.match(h, /Why it failed: role on the target resource \(AuthorizationPermissionMismatch\)/);
    assert.match(h, /<a href="#check-0">id-adx-export holds a role/);
    assert.match(h, /<li class="check failed" id="check-0"/);
  });
});
