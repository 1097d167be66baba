// The import direction on public files (test/fixtures/iac-samples, see its SOURCE.md), not only on our own output:
// each reads into the identity parts it declares, and what the file leaves to the deployment (parameters without a
// default, deployer(), data sources, dynamic blocks, script URLs) comes back as a note, never as a guess.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { iacFormatOf, importIac } from '../../../src/core/iac';
import { parseHcl, type HclBlock, type HclValue } from '../../../src/core/iac/hclReader';
import { diffSnapshots } from '../../../src/core/workflows/drift';

const ROOT = join(__dirname, '../../fixtures/iac-samples');
const path = (name: string) => join(ROOT, name);
const source = (name: string) => readFileSync(path(name), 'utf8');
const read = (name: string, text = source(name)) =>
  importIac(text, iacFormatOf(name, text), {
    loadText: (file) => {
      try {
        return readFileSync(join(dirname(path(name)), file), 'utf8');
      } catch {
        return undefined;
      }
    },
  });
const OBJECT = '0e000001-0000-4000-8000-0000000000aa';
const TENANT = '11111111-1111-4111-8111-111111111111';

describe('identity code from public samples: Azure quickstart kusto-event-hub (Bicep and its ARM build)', () => {
  for (const file of ['bicep/quickstart-kusto-event-hub.bicep', 'arm/quickstart-kusto-event-hub.json'])
    it(file, () => {
      const { snapshot, notes } = read(file);
      // The cluster name is `kusto${uniqueString(…)}`: only a deployment knows it.
      assert.equal(snapshot.cluster, '(code)');
      assert.deepEqual(snapshot.identity, { system: true, userAssigned: [] });
      assert.deepEqual(snapshot.clusterPrincipals, []);
      assert.deepEqual(snapshot.clusterPolicy, []);
      // The script sits in kustodb (its name segment is known even though the cluster's is not) and holds no identity.
      assert.deepEqual(
        snapshot.databases.map((d) => [d.name, d.principals.length, d.policy.length, d.exports.length]),
        [['kustodb', 0, 0, 0]],
      );
      assert.equal(notes.length, 4, notes.join('\n'));
      assert.match(notes[0], /dataConnections is not part of the identity configuration/);
      assert.match(notes[1], /^not an identity command, left out: \.create-merge table RawEvents/);
      assert.match(notes[2], /^not an identity command, left out: \.create-or-alter table RawEvents ingestion json/);
      // A table batching policy is a policy, but not an update policy: left out, not "could not read".
      assert.match(notes[3], /^not an identity command, left out: \.alter table RawEvents policy ingestionbatching/);
    });

  it('the Bicep and the ARM JSON compiled from it read to the same snapshot', () => {
    const bicep = read('bicep/quickstart-kusto-event-hub.bicep').snapshot;
    const arm = read('arm/quickstart-kusto-event-hub.json').snapshot;
    assert.deepEqual(diffSnapshots(bicep, arm), []);
    assert.deepEqual(bicep, arm);
  });

  it('without the script file next to it, the Bicep says so instead of reading nothing silently', () => {
    const text = source('bicep/quickstart-kusto-event-hub.bicep');
    const { notes } = importIac(text, 'bicep');
    assert.ok(
      notes.some((n) => /kustoScript .*its script file script\.kql was not read/.test(n)),
      notes.join('\n'),
    );
  });
});

describe('identity code from public samples: Azure template-reference-generator (Microsoft.Kusto Bicep samples)', () => {
  it('a cluster principal assignment to deployer(): cluster named, the grant a note', () => {
    const { snapshot, notes } = read('bicep/trg-cluster-principal-assignment.bicep');
    assert.equal(snapshot.cluster, 'acctest0001');
    assert.equal(snapshot.identity, undefined);
    assert.deepEqual(snapshot.clusterPrincipals ?? [], []);
    assert.deepEqual(notes, [
      'resource principalAssignment (line 26): its principalId, tenantId cannot be read from the file (set at deployment), left out',
    ]);
  });

  it('a database principal assignment to a parameter: a note; given the parameter, the Viewer grant', () => {
    const file = 'bicep/trg-database-principal-assignment.bicep';
    assert.deepEqual(read(file).notes, [
      'resource principalAssignment (line 36): its principalId, tenantId cannot be read from the file (set at deployment), left out',
    ]);
    const given = source(file)
      .replace('param clientId string', `param clientId string = '${OBJECT}'`)
      .replace('tenantId: tenant().tenantId', `tenantId: '${TENANT}'`);
    const { snapshot, notes } = read(file, given);
    assert.deepEqual(notes, []);
    assert.deepEqual(
      snapshot.databases.map((d) => ({ name: d.name, principals: d.principals.map((p) => [p.role, p.objectId]) })),
      [{ name: 'acctest0001', principals: [['viewers', OBJECT]] }],
    );
  });

  it("a script in a ''' string: its commands are read (none holds an identity)", () => {
    const { snapshot, notes } = read('bicep/trg-database-script.bicep');
    assert.deepEqual(
      snapshot.databases.map((d) => d.name),
      ['acctest0001'],
    );
    assert.equal(notes.length, 3, notes.join('\n'));
    assert.ok(notes.every((n) => n.startsWith('not an identity command, left out: ')));
  });
});

describe('identity code from public samples: Azure Verified Modules (Bicep) principal assignments', () => {
  it('a cluster grant whose every property is a module parameter: one note naming them, nothing guessed', () => {
    const { snapshot, notes } = read('bicep/avm-cluster-principal-assignment.bicep');
    assert.deepEqual(snapshot.clusterPrincipals ?? [], []);
    assert.deepEqual(notes, [
      'resource kustoClusterPrincipalAssignment (line 35): its principalType, principalId, tenantId, role cannot be read from the file (set at deployment), left out',
    ]);
  });

  it('a database grant under `cluster::database` (existing): given its parameters, the grant in that database', () => {
    const file = 'bicep/avm-database-principal-assignment.bicep';
    assert.match(read(file).notes.join('\n'), /its principalType, principalId, tenantId, role cannot be read/);
    const given = source(file)
      .replace('param kustoClusterName string', "param kustoClusterName string = 'adxprod'")
      .replace('param kustoDatabaseName string', "param kustoDatabaseName string = 'Telemetry'")
      .replace(
        'param databasePrincipalAssignment databasePrincipalAssignmentType',
        `param databasePrincipalAssignment databasePrincipalAssignmentType = {\n  principalId: '${OBJECT}'\n  principalType: 'App'\n  role: 'Ingestor'\n  tenantId: '${TENANT}'\n}`,
      );
    const { snapshot, notes } = read(file, given);
    assert.deepEqual(notes, []);
    assert.equal(snapshot.cluster, 'adxprod');
    assert.deepEqual(
      snapshot.databases.map((d) => ({ name: d.name, principals: d.principals.map((p) => [p.role, p.objectId]) })),
      [{ name: 'Telemetry', principals: [['ingestors', OBJECT]] }],
    );
  });
});

describe('identity code from public samples: Terraform (azurerm provider docs, AVM kusto cluster module)', () => {
  it('cluster principal assignment from the provider docs: cluster named, the data-source principal a note', () => {
    const { snapshot, notes } = read('terraform/azurerm-docs-kusto-cluster-principal-assignment.tf');
    assert.equal(snapshot.cluster, 'kustocluster');
    assert.deepEqual(notes, [
      'resource "azurerm_kusto_cluster_principal_assignment" "example" (line 19): its principalId, tenantId cannot be read from the file (set at deployment), left out',
    ]);
  });

  it('database principal assignment: the database comes from the azurerm_kusto_database it references', () => {
    const file = 'terraform/azurerm-docs-kusto-database-principal-assignment.tf';
    assert.equal(read(file).notes.length, 1);
    const given = source(file)
      .replace('data.azurerm_client_config.current.tenant_id', `"${TENANT}"`)
      .replace('data.azurerm_client_config.current.client_id', `"${OBJECT}"`);
    const { snapshot, notes } = read(file, given);
    assert.deepEqual(notes, []);
    assert.deepEqual(
      snapshot.databases.map((d) => ({ name: d.name, principals: d.principals.map((p) => [p.role, p.objectId]) })),
      [{ name: 'KustoDatabase', principals: [['viewers', OBJECT]] }],
    );
  });

  it('a script from a blob URL with a SAS: a note, its content never fetched', () => {
    const { snapshot, notes } = read('terraform/azurerm-docs-kusto-script.tf');
    assert.equal(snapshot.cluster, 'example');
    assert.deepEqual(notes, [
      'resource "azurerm_kusto_script" "example" (line 68): a script from a URL or an expression, not read',
    ]);
  });

  it('the AVM module: an identity in a dynamic block is a note, not "no identity"', () => {
    const { snapshot, notes } = read('terraform/avm-kusto-cluster-main.tf');
    assert.equal(snapshot.identity, undefined);
    assert.deepEqual(notes, [
      'resource "azurerm_kusto_cluster" "this" (line 1): its identity is a dynamic block (set by variables at plan time), not read',
    ]);
  });
});

/** A literal value; hcl2json writes anything else as `${…}` text, which our reader keeps as an expression. */
const literal = (v: HclValue): unknown =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined;

function sameAsHcl2json(ours: HclBlock, theirs: Record<string, unknown>, where: string): number {
  let compared = 0;
  for (const [key, value] of ours.attributes) {
    assert.ok(key in theirs, `${where}.${key} is missing in hcl2json's reading`);
    const mine = literal(value);
    if (mine !== undefined) assert.equal(mine, theirs[key], `${where}.${key}`);
    else assert.equal(typeof theirs[key] === 'string' && /^\$\{/.test(theirs[key]), true, `${where}.${key}`);
    compared++;
  }
  const nested = new Map<string, HclBlock[]>();
  for (const b of ours.blocks) nested.set(b.type, [...(nested.get(b.type) ?? []), b]);
  for (const [type, blocks] of nested) {
    if (type === 'dynamic') {
      const dyn = theirs.dynamic as Record<string, Record<string, unknown>[]>;
      assert.deepEqual(blocks.map((b) => b.labels[0]).sort(), Object.keys(dyn).sort(), `${where}.dynamic`);
      for (const b of blocks) compared += sameAsHcl2json(b, dyn[b.labels[0]][0], `${where}.dynamic.${b.labels[0]}`);
      continue;
    }
    const list = theirs[type] as Record<string, unknown>[];
    assert.equal(list?.length, blocks.length, `${where}.${type}`);
    blocks.forEach((b, i) => (compared += sameAsHcl2json(b, list[i], `${where}.${type}[${i}]`)));
  }
  return compared;
}

describe('identity code from public samples: each Terraform file is read as hcl2json reads it', () => {
  for (const file of [
    'terraform/azurerm-docs-kusto-cluster-principal-assignment.tf',
    'terraform/azurerm-docs-kusto-database-principal-assignment.tf',
    'terraform/azurerm-docs-kusto-script.tf',
    'terraform/avm-kusto-cluster-main.tf',
  ])
    it(file, async () => {
      const text = source(file);
      const real = (await hcl2json(file, text)) as Record<string, Record<string, unknown>>;
      const ours = parseHcl(text);
      // The same top-level blocks with the same labels…
      const labelsOf = (type: string, depth: number) =>
        Object.entries(real[type] ?? {})
          .flatMap(([a, v]) =>
            depth === 2 ? Object.keys(v as object).map((b) => `${type}.${a}.${b}`) : [`${type}.${a}`],
          )
          .sort();
      assert.deepEqual(
        ours.map((b) => [b.type, ...b.labels].join('.')).sort(),
        [...labelsOf('resource', 2), ...labelsOf('data', 2), ...labelsOf('provider', 1)].sort(),
      );
      // …and every attribute (nested and dynamic blocks too): literals the same value, expressions expressions to both.
      let compared = 0;
      for (const b of ours) {
        const theirs = (
          b.labels.length === 2
            ? (real[b.type][b.labels[0]] as Record<string, unknown[]>)[b.labels[1]]
            : real[b.type][b.labels[0]]
        ) as Record<string, unknown>[];
        compared += sameAsHcl2json(b, theirs[0], [b.type, ...b.labels].join('.'));
      }
      assert.ok(compared >= 5, `only ${compared} attributes compared`);
    });
});
