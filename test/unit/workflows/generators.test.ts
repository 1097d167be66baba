import assert from 'node:assert/strict';
import yaml from 'js-yaml';
import {
  dataflowEndpointYaml,
  DEFAULT_DATAFLOW_API_VERSION,
  functionsConnectionString,
  functionsCSharpAttribute,
  functionsJsonBinding,
} from '../../../src/core/workflows/generators';

const CLIENT = '0c000002-0000-4000-8000-000000000002';
const TENANT = '11111111-1111-4111-8111-111111111111';
const URI = 'https://adxfull.westeurope.kusto.windows.net';

/** Reads `Name = "literal"` / `Name: "literal"` arguments of a C# attribute back into values (C# escapes are JSON's here). */
function attributeArgs(text: string): Record<string, string> {
  assert.match(text, /^\[Kusto\(.*\)\]$/s);
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)\s*[:=]\s*("(?:[^"\\]|\\.)*")/g)) out[m[1]] = JSON.parse(m[2]) as string;
  return out;
}

describe('workflows: Functions bindings and connection string', () => {
  it('the C# input attribute names the database, query, connection setting and client id (seed 003)', () => {
    const text = functionsCSharpAttribute({
      direction: 'input',
      database: 'Analytics',
      clientId: CLIENT,
      kqlCommand: 'declare query_parameters (name:string);GetProductsByName(name)',
      kqlParameters: '@name={name}',
    });
    assert.deepEqual(attributeArgs(text), {
      Database: 'Analytics',
      KqlCommand: 'declare query_parameters (name:string);GetProductsByName(name)',
      KqlParameters: '@name={name}',
      Connection: 'KustoConnectionString',
      ManagedServiceIdentity: CLIENT,
    });
    assert.match(text, /^\[Kusto\(Database: "Analytics",/);
  });

  it('the C# output attribute names the table; quotes and backslashes in values round-trip', () => {
    const text = functionsCSharpAttribute({
      direction: 'output',
      database: 'My "Db" \\ x',
      clientId: 'system',
      tableName: 'Events',
      connectionSetting: 'Kusto',
    });
    assert.deepEqual(attributeArgs(text), {
      Database: 'My "Db" \\ x',
      TableName: 'Events',
      Connection: 'Kusto',
      ManagedServiceIdentity: 'system',
    });
  });

  it('the function.json binding parses back field by field', () => {
    const input = JSON.parse(
      JSON.stringify(
        functionsJsonBinding({
          direction: 'input',
          database: 'Analytics',
          clientId: CLIENT,
          kqlCommand: 'Events | take 10',
          name: 'events',
        }),
      ),
    );
    assert.deepEqual(input, {
      name: 'events',
      type: 'kusto',
      direction: 'in',
      database: 'Analytics',
      kqlCommand: 'Events | take 10',
      connection: 'KustoConnectionString',
      managedServiceIdentity: CLIENT,
    });
    const output = functionsJsonBinding({
      direction: 'output',
      database: 'Analytics',
      clientId: CLIENT,
      tableName: 'Events',
    });
    assert.deepEqual(output, {
      name: 'output',
      type: 'kusto',
      direction: 'out',
      database: 'Analytics',
      tableName: 'Events',
      connection: 'KustoConnectionString',
      managedServiceIdentity: CLIENT,
    });
  });

  it('refuses a non-GUID client id and a binding without its query or table', () => {
    assert.throws(
      () => functionsJsonBinding({ direction: 'input', database: 'A', clientId: 'id-adx-ingest', kqlCommand: 'T' }),
      /client id/,
    );
    assert.throws(
      () => functionsCSharpAttribute({ direction: 'input', database: 'A', clientId: CLIENT }),
      /kqlCommand/,
    );
    assert.throws(
      () => functionsCSharpAttribute({ direction: 'output', database: 'A', clientId: CLIENT }),
      /tableName/,
    );
  });

  it('the connection string carries no secret: only Data Source and Database', () => {
    const cs = functionsConnectionString(`${URI}/`, 'Analytics');
    assert.equal(cs, `Data Source=${URI};Database=Analytics;`);
    const keys = cs
      .split(';')
      .filter(Boolean)
      .map((p) => p.split('=')[0].toLowerCase());
    assert.deepEqual(keys, ['data source', 'database']);
    assert.throws(() => functionsConnectionString(URI, 'a;AppKey=x'), /must not contain/);
  });
});

describe('workflows: IoT Operations DataflowEndpoint YAML (seed 004)', () => {
  type Endpoint = {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string };
    spec: {
      endpointType: string;
      dataExplorerSettings: {
        host: string;
        database: string;
        authentication: Record<string, unknown>;
        batching?: Record<string, number>;
      };
    };
  };
  const parse = (text: string) => yaml.load(text) as Endpoint;

  it('system-assigned identity with the seed defaults', () => {
    const doc = parse(dataflowEndpointYaml({ clusterUri: URI, database: 'Analytics', auth: { method: 'system' } }));
    assert.equal(doc.apiVersion, DEFAULT_DATAFLOW_API_VERSION);
    assert.equal(doc.apiVersion, 'connectivity.iotoperations.azure.com/v1beta1');
    assert.equal(doc.kind, 'DataflowEndpoint');
    assert.deepEqual(doc.metadata, { name: 'adx', namespace: 'azure-iot-operations' });
    assert.equal(doc.spec.endpointType, 'DataExplorer');
    assert.equal(doc.spec.dataExplorerSettings.host, 'adxfull.westeurope.kusto.windows.net');
    assert.equal(doc.spec.dataExplorerSettings.database, 'Analytics');
    assert.deepEqual(doc.spec.dataExplorerSettings.authentication, {
      method: 'SystemAssignedManagedIdentity',
      systemAssignedManagedIdentitySettings: {},
    });
    assert.equal(doc.spec.dataExplorerSettings.batching, undefined);
  });

  it('system-assigned with an audience, batching and another API version', () => {
    const doc = parse(
      dataflowEndpointYaml({
        clusterUri: URI,
        database: 'Analytics: "x"',
        auth: { method: 'system', audience: 'https://api.kusto.windows.net' },
        name: 'adx-east',
        latencySeconds: 100,
        maxMessages: 1000,
        apiVersion: 'connectivity.iotoperations.azure.com/v1',
      }),
    );
    assert.equal(doc.apiVersion, 'connectivity.iotoperations.azure.com/v1');
    assert.equal(doc.metadata.name, 'adx-east');
    assert.equal(doc.spec.dataExplorerSettings.database, 'Analytics: "x"');
    assert.deepEqual(doc.spec.dataExplorerSettings.authentication, {
      method: 'SystemAssignedManagedIdentity',
      systemAssignedManagedIdentitySettings: { audience: 'https://api.kusto.windows.net' },
    });
    assert.deepEqual(doc.spec.dataExplorerSettings.batching, { latencySeconds: 100, maxMessages: 1000 });
  });

  it('user-assigned identity with client id and tenant id, batching of one field only', () => {
    const doc = parse(
      dataflowEndpointYaml({
        clusterUri: URI,
        database: 'Analytics',
        auth: { method: 'user', clientId: CLIENT, tenantId: TENANT },
        maxMessages: 5,
      }),
    );
    assert.deepEqual(doc.spec.dataExplorerSettings.authentication, {
      method: 'UserAssignedManagedIdentity',
      userAssignedManagedIdentitySettings: { clientId: CLIENT, tenantId: TENANT },
    });
    assert.deepEqual(doc.spec.dataExplorerSettings.batching, { maxMessages: 5 });
  });

  it('refuses values that would make an invalid resource', () => {
    const base = { clusterUri: URI, database: 'A', auth: { method: 'system' as const } };
    assert.throws(() => dataflowEndpointYaml({ ...base, name: 'Bad_Name' }), /Kubernetes resource name/);
    assert.throws(() => dataflowEndpointYaml({ ...base, latencySeconds: 0 }), /latencySeconds/);
    assert.throws(() => dataflowEndpointYaml({ ...base, maxMessages: 1.5 }), /maxMessages/);
    assert.throws(() => dataflowEndpointYaml({ ...base, apiVersion: 'v1' }), /group\/version/);
    assert.throws(
      () => dataflowEndpointYaml({ ...base, auth: { method: 'user', clientId: 'x', tenantId: TENANT } }),
      /auth.clientId/,
    );
    assert.throws(
      () => dataflowEndpointYaml({ ...base, auth: { method: 'system', audience: 'http://plain' } }),
      /https URL/,
    );
  });
});
