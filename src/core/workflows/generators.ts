// Configuration other Azure services need: Functions Kusto bindings (C#, function.json), a secret-free connection string,
// and the IoT Operations DataflowEndpoint YAML.
import { isGuid } from '../guid';
import { KqlInputError } from '../kql/errors';

/** A connection string with no secret: the identity is named in the binding, never here. */
export function functionsConnectionString(clusterUri: string, database: string): string {
  const uri = clusterUri.replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s;]+$/i.test(uri))
    throw new KqlInputError(`${JSON.stringify(clusterUri)} is not a cluster URI`, 'clusterUri');
  if (/^https?:\/\/[^/]*@/i.test(uri))
    throw new KqlInputError('carries credentials (user:key@host); give the cluster URI alone', 'clusterUri');
  if (database.includes(';')) throw new KqlInputError('must not contain ";"', 'database');
  return `Data Source=${uri};Database=${database};`;
}

export interface FunctionsBindingInput {
  readonly direction: 'input' | 'output';
  readonly database: string;
  /** The user-assigned identity's client id (what ManagedServiceIdentity takes), or `system`. */
  readonly clientId: string;
  /** The app setting holding the connection string. */
  readonly connectionSetting?: string;
  /** Input: the KQL query or function call. */
  readonly kqlCommand?: string;
  readonly kqlParameters?: string;
  /** Output: the table rows are ingested into. */
  readonly tableName?: string;
  /** The parameter / binding name in the function. */
  readonly name?: string;
}

export const DEFAULT_CONNECTION_SETTING = 'KustoConnectionString';

function checked(
  b: FunctionsBindingInput,
): Required<Pick<FunctionsBindingInput, 'connectionSetting' | 'name'>> & FunctionsBindingInput {
  if (!isGuid(b.clientId) && b.clientId !== 'system')
    throw new KqlInputError(
      `must be the identity's client id (GUID) or "system", got ${JSON.stringify(b.clientId)}`,
      'clientId',
    );
  if (!b.database) throw new KqlInputError('is required', 'database');
  if (b.direction === 'input' && !b.kqlCommand)
    throw new KqlInputError('is required for an input binding', 'kqlCommand');
  if (b.direction === 'output' && !b.tableName)
    throw new KqlInputError('is required for an output binding', 'tableName');
  return {
    ...b,
    connectionSetting: b.connectionSetting ?? DEFAULT_CONNECTION_SETTING,
    name: b.name ?? (b.direction === 'input' ? 'rows' : 'output'),
  };
}

/** A C# string literal: JSON's escapes are all valid C# escapes. */
const cs = (text: string): string => JSON.stringify(text);

/** The `[Kusto(...)]` attribute of the in-process C# binding, with ManagedServiceIdentity set (seed 003). */
export function functionsCSharpAttribute(input: FunctionsBindingInput): string {
  const b = checked(input);
  const args = [`Database: ${cs(b.database)}`];
  if (b.direction === 'input') {
    args.push(`KqlCommand = ${cs(b.kqlCommand!)}`);
    if (b.kqlParameters) args.push(`KqlParameters = ${cs(b.kqlParameters)}`);
  } else {
    args.push(`TableName = ${cs(b.tableName!)}`);
  }
  args.push(`Connection = ${cs(b.connectionSetting)}`, `ManagedServiceIdentity = ${cs(b.clientId)}`);
  return `[Kusto(${args.join(',\n    ')})]`;
}

/** One binding of function.json, for JavaScript, Python, PowerShell and Java workers. */
export function functionsJsonBinding(input: FunctionsBindingInput): Record<string, string> {
  const b = checked(input);
  return {
    name: b.name,
    type: 'kusto',
    direction: b.direction === 'input' ? 'in' : 'out',
    database: b.database,
    ...(b.direction === 'input'
      ? { kqlCommand: b.kqlCommand!, ...(b.kqlParameters ? { kqlParameters: b.kqlParameters } : {}) }
      : { tableName: b.tableName! }),
    connection: b.connectionSetting,
    managedServiceIdentity: b.clientId,
  };
}

export type DataflowAuth =
  | { readonly method: 'system'; readonly audience?: string }
  | { readonly method: 'user'; readonly clientId: string; readonly tenantId: string; readonly audience?: string };

export interface DataflowEndpointInput {
  readonly clusterUri: string;
  readonly database: string;
  readonly auth: DataflowAuth;
  readonly name?: string;
  readonly namespace?: string;
  readonly latencySeconds?: number;
  readonly maxMessages?: number;
  /** Defaults to the seed's `connectivity.iotoperations.azure.com/v1beta1`. */
  readonly apiVersion?: string;
}

export const DEFAULT_DATAFLOW_API_VERSION = 'connectivity.iotoperations.azure.com/v1beta1';
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A YAML double-quoted scalar: JSON strings are valid YAML. */
const q = (text: string): string => JSON.stringify(text);

function positive(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new KqlInputError(`must be a whole number above 0, got ${JSON.stringify(value)}`, field);
  return value;
}

/** The `DataflowEndpoint` resource (seed 004) for a system- or user-assigned identity, with optional batching. */
export function dataflowEndpointYaml(input: DataflowEndpointInput): string {
  const name = input.name ?? 'adx';
  const namespace = input.namespace ?? 'azure-iot-operations';
  for (const [field, v] of [
    ['name', name],
    ['namespace', namespace],
  ] as const) {
    if (!DNS_NAME.test(v) || v.length > 253)
      throw new KqlInputError(`${JSON.stringify(v)} is not a Kubernetes resource name`, field);
  }
  const apiVersion = input.apiVersion ?? DEFAULT_DATAFLOW_API_VERSION;
  if (!/^[a-z0-9.-]+\/v[0-9a-z]+$/i.test(apiVersion))
    throw new KqlInputError(`${JSON.stringify(apiVersion)} is not group/version`, 'apiVersion');
  let host: string;
  try {
    host = new URL(input.clusterUri).host;
  } catch {
    throw new KqlInputError(`${JSON.stringify(input.clusterUri)} is not a cluster URI`, 'clusterUri');
  }
  const audience = input.auth.audience;
  if (audience !== undefined && !/^https:\/\/\S+$/.test(audience))
    throw new KqlInputError(`${JSON.stringify(audience)} is not an https URL`, 'auth.audience');
  const latency = positive(input.latencySeconds, 'latencySeconds');
  const maxMessages = positive(input.maxMessages, 'maxMessages');
  const lines = [
    `apiVersion: ${apiVersion}`,
    'kind: DataflowEndpoint',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    '  endpointType: DataExplorer',
    '  dataExplorerSettings:',
    `    host: ${q(host)}`,
    `    database: ${q(input.database)}`,
    '    authentication:',
  ];
  if (input.auth.method === 'system') {
    lines.push('      method: SystemAssignedManagedIdentity');
    lines.push(
      audience ? '      systemAssignedManagedIdentitySettings:' : '      systemAssignedManagedIdentitySettings: {}',
    );
    if (audience) lines.push(`        audience: ${q(audience)}`);
  } else {
    const { clientId, tenantId } = input.auth;
    if (!isGuid(clientId)) throw new KqlInputError(`must be a GUID, got ${JSON.stringify(clientId)}`, 'auth.clientId');
    if (!isGuid(tenantId)) throw new KqlInputError(`must be a GUID, got ${JSON.stringify(tenantId)}`, 'auth.tenantId');
    lines.push(
      '      method: UserAssignedManagedIdentity',
      '      userAssignedManagedIdentitySettings:',
      `        clientId: ${q(clientId)}`,
      `        tenantId: ${q(tenantId)}`,
    );
    if (audience) lines.push(`        audience: ${q(audience)}`);
  }
  if (latency !== undefined || maxMessages !== undefined) {
    lines.push('    batching:');
    if (latency !== undefined) lines.push(`      latencySeconds: ${latency}`);
    if (maxMessages !== undefined) lines.push(`      maxMessages: ${maxMessages}`);
  }
  return `${lines.join('\n')}\n`;
}
