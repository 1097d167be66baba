// The identity code each format writes: valid against the vendored schemas, KQL the official parser accepts, HCL read
// the same as the real HCL parser reads it, and every format read back to the snapshot it came from.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import Ajv from 'ajv-draft-04';
import { armTemplate, exportIac, importIac, IAC_FORMATS } from '../../../src/core/iac';
import { bicepString } from '../../../src/core/iac/bicep';
import { parseHcl } from '../../../src/core/iac/hclReader';
import { iacModel } from '../../../src/core/iac/model';
import { diffSnapshots } from '../../../src/core/workflows/drift';
import type { ClusterSnapshot } from '../../../src/core/workflows/snapshot';
import { schemaErrors } from '../../integration/conformance/specs';
import { describeJudgement, isAccepted, judge } from '../../support/kustoJudge';

const KUSTO_2024 =
  'specification/azure-kusto/resource-manager/Microsoft.Kusto/stable/2024-04-13/kusto-identity-subset.json';
const TENANT = '11111111-1111-4111-8111-111111111111';
const UAI = '0e000001-0000-4000-8000-000000000001';
const UAI_ID =
  '/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-adx-export';

export const SNAPSHOT: ClusterSnapshot = {
  version: 1,
  cluster: 'adxprod',
  takenAt: '2026-11-28T00:00:00.000Z',
  clusterPolicy: [{ objectId: UAI, usages: ['AutomatedFlows'] }],
  systemObjectId: '5e000003-0000-4000-8000-000000000003',
  identity: { system: true, userAssigned: [{ resourceId: UAI_ID, principalId: UAI }] },
  clusterPrincipals: [
    { role: 'AllDatabasesViewer', objectId: UAI, system: false, tenant: TENANT, label: 'id-adx-export' },
  ],
  databases: [
    {
      name: 'Analytics',
      policy: [{ objectId: 'system', usages: ['ExternalTable', 'NativeIngestion'] }],
      principals: [
        {
          role: 'ingestors',
          objectId: '5e000003-0000-4000-8000-000000000003',
          system: true,
          tenant: TENANT,
          label: 'system-assigned',
        },
        { role: 'viewers', objectId: UAI, system: false, tenant: TENANT, label: 'id-adx-export' },
      ],
      externalTables: [
        {
          name: 'Exported Events',
          connections: [{ location: 'https://acct.blob.core.windows.net/events', auth: { mode: 'impersonate' } }],
          definition: {
            kind: 'storage',
            columns: [
              { name: 'Timestamp', type: 'datetime' },
              { name: 'Name', type: 'string' },
            ],
            format: 'csv',
            uris: ['https://acct.blob.core.windows.net/events'],
            auth: 'impersonate',
            folder: "it's ${here}",
          },
        },
      ],
      exports: [
        {
          input: {
            database: 'Analytics',
            name: 'ArchiveJoin',
            externalTable: 'Exported Events',
            query: "Events | where Name != '${x}' and Name != '%{y}'",
            overTables: ['Events'],
            managedIdentity: UAI,
            intervalBetweenRuns: '1h',
          },
          isDisabled: true,
        },
      ],
      updatePolicies: [
        {
          table: 'Devices',
          entries: [
            {
              source: 'Events',
              query: 'EnrichDevices()',
              isEnabled: true,
              isTransactional: false,
              propagateIngestionProperties: false,
              managedIdentity: UAI,
            },
          ],
        },
      ],
    },
  ],
};

describe('identity code: every format reads back to the snapshot it was written from', () => {
  for (const format of IAC_FORMATS) {
    it(format, () => {
      const { snapshot, notes } = importIac(exportIac(SNAPSHOT, format), format);
      assert.deepEqual(notes, []);
      assert.deepEqual(diffSnapshots(snapshot, SNAPSHOT), []);
      assert.deepEqual(diffSnapshots(SNAPSHOT, snapshot), []);
      assert.equal(snapshot.cluster, 'adxprod');
      assert.deepEqual(snapshot.databases[0].exports, SNAPSHOT.databases[0].exports);
      assert.deepEqual(snapshot.databases[0].externalTables, SNAPSHOT.databases[0].externalTables);
    });
    it(`${format}: an edit in the code shows as drift`, () => {
      const code = exportIac(SNAPSHOT, format).replace('AllDatabasesViewer', 'AllDatabasesMonitor');
      assert.deepEqual(
        diffSnapshots(importIac(code, format).snapshot, SNAPSHOT).map((d) => d.detail),
        [`${UAI} is no longer AllDatabasesMonitor`, 'id-adx-export was made AllDatabasesViewer'],
      );
    });
  }
});

describe('identity code: ARM JSON against the deployment template and Microsoft.Kusto 2024-04-13 schemas', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const template = ajv.compile(
    JSON.parse(
      readFileSync(join(__dirname, '../../fixtures/arm-deployment/deploymentTemplate-subset.json'), 'utf8'),
    ) as object,
  );
  const t = armTemplate(SNAPSHOT) as { resources: Record<string, unknown>[] };
  const of = (type: string) => t.resources.filter((r) => r.type === type);

  it('the template and each resource body validate', () => {
    assert.ok(template(t), JSON.stringify(template.errors));
    const [cluster] = of('Microsoft.Kusto/clusters');
    assert.deepEqual(schemaErrors(KUSTO_2024, 'Identity', cluster.identity), []);
    for (const r of of('Microsoft.Kusto/clusters/principalAssignments'))
      assert.deepEqual(schemaErrors(KUSTO_2024, 'ClusterPrincipalAssignment', r), []);
    for (const r of of('Microsoft.Kusto/clusters/databases/principalAssignments'))
      assert.deepEqual(schemaErrors(KUSTO_2024, 'DatabasePrincipalAssignment', r), []);
    const scripts = of('Microsoft.Kusto/clusters/databases/scripts');
    assert.deepEqual(
      scripts.map((s) => (s.properties as { scriptLevel: string }).scriptLevel),
      ['Cluster', 'Database'],
    );
    for (const r of scripts) assert.deepEqual(schemaErrors(KUSTO_2024, 'Script', r), []);
  });

  it('grants and scripts run after the cluster (its identity); database scripts after the cluster policy', () => {
    const scripts = of('Microsoft.Kusto/clusters/databases/scripts');
    for (const r of [...of('Microsoft.Kusto/clusters/databases/principalAssignments'), ...scripts])
      assert.ok(
        (r.dependsOn as string[]).includes("[resourceId('Microsoft.Kusto/clusters', parameters('clusterName'))]"),
      );
    assert.ok((scripts[1].dependsOn as string[]).some((d) => d.includes("'adxid-cluster-policy'")));
    const system = of('Microsoft.Kusto/clusters/databases/principalAssignments').find((r) =>
      String((r.properties as { principalId: string }).principalId).startsWith('[reference('),
    );
    assert.ok(system, 'the system identity is named by a reference to the deployed cluster');
  });

  it('negative: the schemas refuse what the service refuses', () => {
    assert.notDeepEqual(schemaErrors(KUSTO_2024, 'Identity', { type: 'System' }), []);
    const script = of('Microsoft.Kusto/clusters/databases/scripts')[0] as { properties: object };
    assert.notDeepEqual(
      schemaErrors(KUSTO_2024, 'Script', { ...script, properties: { ...script.properties, scriptLevel: 'Server' } }),
      [],
    );
    assert.notDeepEqual(
      schemaErrors(KUSTO_2024, 'Script', {
        ...script,
        properties: { ...script.properties, principalPermissionsAction: 'Keep' },
      }),
      [],
    );
    const grant = of('Microsoft.Kusto/clusters/databases/principalAssignments')[0] as { properties: object };
    assert.notDeepEqual(
      schemaErrors(KUSTO_2024, 'DatabasePrincipalAssignment', {
        ...grant,
        properties: { ...grant.properties, role: 'AllDatabasesAdmin' },
      }),
      [],
    );
    assert.equal(template({ ...t, contentVersion: '1.0' }), false);
    assert.equal(template({ $schema: 'x', contentVersion: '1.0.0.0' }), false);
  });
});

describe('identity code: the embedded KQL, judged by the official parser', function () {
  this.timeout(180_000);
  for (const script of iacModel(SNAPSHOT).scripts)
    for (const c of script.commands)
      it(`${script.name}: ${c.text.slice(0, 60)}`, () => {
        const result = judge(c.text);
        assert.ok(isAccepted(result), describeJudgement(c.text, result));
      });
  it('a script refuses .enable/.disable: the disabled export carries isDisabled=true instead', () => {
    const content = iacModel(SNAPSHOT).scripts[1].content;
    assert.match(content, /isDisabled=true\) <\| /);
    assert.doesNotMatch(content, /^\.(enable|disable) /m);
  });
});

describe('identity code: the Terraform is read as the real HCL parser (hcl2json) reads it', () => {
  it('same resources, labels and attribute values', async () => {
    const tf = exportIac(SNAPSHOT, 'terraform');
    const real = (await hcl2json('main.tf', tf)) as {
      resource: Record<string, Record<string, Record<string, unknown>[]>>;
    };
    const ours = parseHcl(tf).filter((b) => b.type === 'resource');
    assert.deepEqual(
      ours.map((b) => b.labels.join('.')).sort(),
      Object.entries(real.resource)
        .flatMap(([type, byLabel]) => Object.keys(byLabel).map((l) => `${type}.${l}`))
        .sort(),
    );
    for (const b of ours) {
      const theirs = real.resource[b.labels[0]][b.labels[1]][0];
      for (const [key, value] of b.attributes) {
        // Literal strings must read the same; hcl2json keeps expressions as `${…}` text.
        if (typeof value === 'string')
          assert.equal(
            value,
            (theirs[key] as string).replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'),
            `${b.labels.join('.')}.${key}`,
          );
      }
    }
    const script = real.resource.azurerm_kusto_script.script_2[0].script_content as string;
    assert.ok(script.includes('.create-or-alter continuous-export ArchiveJoin'));
  });
  it('hcl2json accepts the file and our reader refuses what it must not guess', async () => {
    await assert.rejects(hcl2json('bad.tf', 'resource "a" "b" {\n  x = "unterminated\n}\n'));
    assert.throws(
      () => parseHcl('resource "a" "b" {\n  x = "unterminated\n}\n'),
      /line break inside a quoted string|unterminated/,
    );
  });
});

describe('identity code: Bicep strings', () => {
  it('escapes quotes, backslashes and interpolation', () => {
    assert.equal(bicepString("a'b\\c${d}\n"), "'a\\'b\\\\c\\${d}\\n'");
  });
});
