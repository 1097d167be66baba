import assert from 'node:assert/strict';
import { validatePolicy, type ClusterIdentities } from '../../../src/core/policy';
import { applyFix, codes, expectAt, only, rangeOf } from './helpers';

const GUID_A = '6a3b3c5e-1f2d-4c1e-9a4b-0c2d3e4f5a6b';
const GUID_B = '0f1e2d3c-4b5a-4968-8776-655443322110';
const CLIENT_A = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const cluster: ClusterIdentities = {
  systemAssigned: false,
  userAssigned: [{ principalId: GUID_A, clientId: CLIENT_A, name: 'export-id' }],
};
const el = (id: string, usages: string) => `{"ObjectId": "${id}", "AllowedUsages": "${usages}"}`;
const check = (text: string, scope: 'cluster' | 'database' = 'cluster', c?: ClusterIdentities) =>
  validatePolicy(text, { scope, cluster: c });

describe('validatePolicy: valid policies', () => {
  it('accepts system and GUID identities with valid usages', () => {
    assert.deepEqual(check(`[${el('system', 'AutomatedFlows, ExternalTable')}, ${el(GUID_A, 'All')}]`), []);
  });
  it('accepts an empty array (no identity allowed)', () => {
    assert.deepEqual(check('[]'), []);
  });
  it('accepts a pretty-printed policy with spaces around commas', () => {
    assert.deepEqual(
      check(
        `[\n  {\n    "ObjectId": "${GUID_A}",\n    "AllowedUsages": "SqlRequest ,  ExportRequest"\n  }\n]`,
        'database',
      ),
      [],
    );
  });
  it('accepts a known cluster identity', () => {
    assert.deepEqual(check(`[${el(GUID_A, 'AutomatedFlows')}]`, 'cluster', cluster), []);
  });
});

describe('validatePolicy: errors', () => {
  it('MIP001 for broken JSON, at the place it breaks', () => {
    const text = '[{"ObjectId": "system" "AllowedUsages": "All"}]';
    const d = check(text);
    assert.equal(d[0].code, 'MIP001');
    expectAt(d[0], rangeOf(text, '"AllowedUsages"'), 'error');
  });
  it('MIP001 for an empty text', () => {
    expectAt(only(check('  '), 'MIP001'), { offset: 0, length: 2 }, 'error');
  });
  it('MIP002 for an object instead of an array, with a fix wrapping it', () => {
    const text = el('system', 'All');
    const d = only(check(text), 'MIP002');
    expectAt(d, { offset: 0, length: text.length }, 'error');
    assert.deepEqual(check(applyFix(text, d)), []);
  });
  it('MIP003 for an element that is not an object', () => {
    const text = `[${el('system', 'All')}, "system"]`;
    expectAt(only(check(text), 'MIP003'), rangeOf(text, '"system"', 1), 'error');
  });
  it('MIP004 and MIP005 for missing fields, on the element', () => {
    const text = '[{"AllowedUsages": "All"}, {"ObjectId": "system"}]';
    expectAt(only(check(text), 'MIP004'), rangeOf(text, '{"AllowedUsages": "All"}'), 'error');
    expectAt(only(check(text), 'MIP005'), rangeOf(text, '{"ObjectId": "system"}'), 'error');
  });
  it('MIP006 when ObjectId is not a string', () => {
    const text = '[{"ObjectId": 12345, "AllowedUsages": "All"}]';
    expectAt(only(check(text), 'MIP006'), rangeOf(text, '12345'), 'error');
  });
  it('MIP007 when AllowedUsages is not a string; an array of names gets a join fix', () => {
    const text = '[{"ObjectId": "system", "AllowedUsages": ["AutomatedFlows", "SqlRequest"]}]';
    const d = only(check(text), 'MIP007');
    expectAt(d, rangeOf(text, '["AutomatedFlows", "SqlRequest"]'), 'error');
    assert.deepEqual(check(applyFix(text, d)), []);
    const bool = '[{"ObjectId": "system", "AllowedUsages": true}]';
    expectAt(only(check(bool), 'MIP007'), rangeOf(bool, 'true'), 'error');
  });
  it('MIP008 for a value that is neither GUID nor system', () => {
    const text = `[${el('not-a-guid', 'All')}]`;
    const d = only(check(text), 'MIP008');
    expectAt(d, rangeOf(text, 'not-a-guid'), 'error');
    assert.equal(d.fix, undefined);
  });
  it('MIP008 names a placeholder, and braces around a GUID (with a fix)', () => {
    assert.match(only(check(`[${el('<objectId>', 'All')}]`), 'MIP008').message, /placeholder/);
    const text = `[${el(`{${GUID_A}}`, 'All')}]`;
    assert.deepEqual(check(applyFix(text, only(check(text), 'MIP008'))), []);
  });
  it('MIP008 for an identity name when the cluster is known, fixed to its object id', () => {
    const text = `[${el('export-id', 'All')}]`;
    const d = only(check(text, 'cluster', cluster), 'MIP008');
    assert.equal(d.fix?.newText, GUID_A);
  });
  for (const spelling of ['system_assigned', 'SystemAssigned', 'System-Assigned']) {
    it(`MIP009 for '${spelling}', fixed to 'system'`, () => {
      const text = `[${el(spelling, 'All')}]`;
      const d = only(check(text), 'MIP009');
      expectAt(d, rangeOf(text, spelling), 'error');
      assert.equal(applyFix(text, d), `[${el('system', 'All')}]`);
    });
  }
  it('MIP010 for a resource id; with a known cluster the user identity is resolved', () => {
    const rid =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/export-id';
    const text = `[${el(rid, 'All')}]`;
    const plain = only(check(text), 'MIP010');
    expectAt(plain, rangeOf(text, rid), 'error');
    assert.equal(plain.fix, undefined);
    assert.equal(applyFix(text, only(check(text, 'cluster', cluster), 'MIP010')), `[${el(GUID_A, 'All')}]`);
  });
  it("MIP010 for the cluster's own resource id suggests 'system'", () => {
    const text = `[${el('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kusto/clusters/mycluster', 'All')}]`;
    assert.equal(only(check(text), 'MIP010').fix?.newText, 'system');
  });
  it('MIP011 for a client id where the object id is needed (cluster known)', () => {
    const text = `[${el(CLIENT_A, 'All')}]`;
    const d = only(check(text, 'cluster', cluster), 'MIP011');
    expectAt(d, rangeOf(text, CLIENT_A), 'error');
    assert.equal(applyFix(text, d), `[${el(GUID_A, 'All')}]`);
  });
  it('MIP012 for empty usages and for an empty item, with a fix removing the comma', () => {
    const empty = `[${el('system', '')}]`;
    expectAt(only(check(empty), 'MIP012'), { offset: rangeOf(empty, '""').offset + 1, length: 0 }, 'error');
    const text = `[${el('system', 'SqlRequest,,AzureAI')}]`;
    const d = only(check(text), 'MIP012');
    expectAt(d, { offset: rangeOf(text, ',,').offset, length: 1 }, 'error');
    assert.equal(applyFix(text, d), `[${el('system', 'SqlRequest,AzureAI')}]`);
    const trailing = `[${el('system', 'SqlRequest, ')}]`;
    assert.equal(applyFix(trailing, only(check(trailing), 'MIP012')), `[${el('system', 'SqlRequest')}]`);
  });
  it('MIP013 for an unknown usage, suggesting and fixing the closest', () => {
    const text = `[${el('system', 'AutomatedFlow, ExternalTables')}]`;
    const found = check(text).filter((d) => d.code === 'MIP013');
    assert.equal(found.length, 2);
    expectAt(found[0], rangeOf(text, 'AutomatedFlow'), 'error');
    assert.match(found[0].message, /Did you mean 'AutomatedFlows'/);
    assert.deepEqual(check(applyFix(applyFix(text, found[1]), found[0])), []);
  });
  it('MIP013 without a fix when nothing is close', () => {
    const d = only(check(`[${el('system', 'Telemetry')}]`), 'MIP013');
    assert.equal(d.fix, undefined);
    assert.match(d.message, /Valid usages: All, AutomatedFlows/);
  });
  it('MIP014 for SandboxArtifacts in a database policy only', () => {
    const text = `[${el('system', 'SandboxArtifacts')}]`;
    expectAt(only(check(text, 'database'), 'MIP014'), rangeOf(text, 'SandboxArtifacts'), 'error');
    assert.deepEqual(check(text, 'cluster'), []);
  });
  it('MIP015 for usages separated by spaces or semicolons', () => {
    const text = `[${el('system', 'AutomatedFlows ExternalTable; SqlRequest')}]`;
    const d = only(check(text), 'MIP015');
    assert.equal(applyFix(text, d), `[${el('system', 'AutomatedFlows, ExternalTable, SqlRequest')}]`);
  });
});

describe('validatePolicy: warnings and infos', () => {
  it('MIP101 for a usage listed twice, with a fix removing the second', () => {
    const text = `[${el('system', 'SqlRequest, AzureAI, SqlRequest')}]`;
    const d = only(check(text), 'MIP101');
    expectAt(d, rangeOf(text, 'SqlRequest', 1), 'warning');
    assert.equal(applyFix(text, d), `[${el('system', 'SqlRequest, AzureAI')}]`);
  });
  it('MIP102 for All with others', () => {
    const text = `[${el('system', 'All, SqlRequest')}]`;
    expectAt(only(check(text), 'MIP102'), rangeOf(text, 'All, SqlRequest'), 'warning');
    assert.deepEqual(
      codes(check(`[${el('system', 'All, All')}]`)),
      ['MIP101'],
      'All twice is a duplicate, not All with others',
    );
  });
  it('MIP103 for the same ObjectId twice, whatever the casing', () => {
    const text = `[${el(GUID_A, 'All')}, ${el(GUID_A.toUpperCase(), 'SqlRequest')}]`;
    expectAt(only(check(text), 'MIP103'), rangeOf(text, `"${GUID_A.toUpperCase()}"`), 'warning');
    const same = `[${el(GUID_B, 'All')},\n${el('system', 'All')},\n${el(GUID_B, 'SqlRequest')}]`;
    expectAt(only(check(same), 'MIP103'), rangeOf(same, `"${GUID_B}"`, 1), 'warning');
    assert.deepEqual(codes(check(`[${el('system', 'All')}, ${el('system', 'AzureAI')}]`)), ['MIP103']);
  });
  it('MIP104 for an unknown field, naming a near one', () => {
    const text = '[{"ObjectId": "system", "AllowedUsages": "All", "AllowedUsage": "All"}]';
    const d = only(check(text), 'MIP104');
    expectAt(d, rangeOf(text, '"AllowedUsage"'), 'warning');
    assert.match(d.message, /did you mean 'AllowedUsages'/);
  });
  it('MIP105 for comments and MIP106 for trailing commas (with a fix)', () => {
    const text = `[ // the export\n${el('system', 'All')},\n]`;
    expectAt(only(check(text), 'MIP105'), rangeOf(text, '// the export'), 'warning');
    const d = only(check(text), 'MIP106');
    expectAt(d, { offset: rangeOf(text, ',\n]').offset, length: 1 }, 'warning');
    assert.equal(codes(check(applyFix(text, d))).join(), 'MIP105');
  });
  it('MIP107 for a field name in the wrong casing, fixed in place', () => {
    const text = '[{"objectid": "system", "AllowedUsages": "All"}]';
    const d = only(check(text), 'MIP107');
    expectAt(d, rangeOf(text, '"objectid"'), 'warning');
    assert.deepEqual(check(applyFix(text, d)), []);
  });
  it('MIP108 for a usage in the wrong casing', () => {
    const text = `[${el('system', 'automatedflows')}]`;
    const d = only(check(text), 'MIP108');
    expectAt(d, rangeOf(text, 'automatedflows'), 'warning');
    assert.deepEqual(check(applyFix(text, d)), []);
  });
  it('MIP109 for an identity the known cluster does not have', () => {
    const text = `[${el(GUID_B, 'All')}]`;
    expectAt(only(check(text, 'cluster', cluster), 'MIP109'), rangeOf(text, GUID_B), 'warning');
    assert.deepEqual(check(text), []);
  });
  it('MIP110 for system when the cluster has no system-assigned identity', () => {
    const text = `[${el('system', 'All')}]`;
    expectAt(only(check(text, 'cluster', cluster), 'MIP110'), rangeOf(text, 'system'), 'warning');
    assert.deepEqual(check(text, 'cluster', { ...cluster, systemAssigned: true }), []);
  });
  it('MIP111 for System in other casing', () => {
    const text = `[${el('System', 'All')}]`;
    const d = only(check(text), 'MIP111');
    expectAt(d, rangeOf(text, 'System'), 'warning');
    assert.deepEqual(check(applyFix(text, d)), []);
  });
  it('MIP112 for a field given twice in one element', () => {
    const text = '[{"ObjectId": "system", "AllowedUsages": "All", "ObjectId": "system"}]';
    expectAt(only(check(text), 'MIP112'), rangeOf(text, '"ObjectId"', 1), 'warning');
  });
  it('MIP201 for each service-filled field', () => {
    const text = `[{"ObjectId": "system", "AllowedUsages": "All", "ClientId": "${GUID_B}", "TenantId": "${GUID_B}", "DisplayName": "x", "IsSystem": true}]`;
    const infos = check(text);
    assert.deepEqual(codes(infos), ['MIP201', 'MIP201', 'MIP201', 'MIP201']);
    assert.ok(infos.every((d) => d.severity === 'info'));
    expectAt(infos[3], rangeOf(text, '"IsSystem": true'), 'info');
  });
  it('points at the whole string when escapes make inner offsets unsafe, and offers no fix', () => {
    const text = '[{"ObjectId": "system", "AllowedUsages": "Sql\\u0052equest, AzureAI, AzureAI"}]';
    const d = only(check(text), 'MIP101');
    expectAt(d, rangeOf(text, '"Sql\\u0052equest, AzureAI, AzureAI"'), 'warning');
    assert.equal(d.fix, undefined);
  });
});
