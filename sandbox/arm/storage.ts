// The Microsoft.Storage route table: storage accounts (list, get, PATCH of the network rules and access settings)
// and blob containers, in the shapes of the 2025-06-01 examples (the api-version @azure/arm-storage 19.1 sends).
import { sendJson } from '../http';
import type { ScenarioStorageAccount, StorageNetworkAcls } from '../types';
import { ArmContext, ArmError, asObject, page } from './common';
import { inScope, placedId, placedOf } from './placed';
import { requirePermission } from './rbac';
import type { ArmProvider, ArmScope } from './router';

const TYPE = 'Microsoft.Storage/storageAccounts';

export function storageAccountId(a: ScenarioStorageAccount): string {
  return placedId(a, TYPE);
}

export function networkAclsOf(a: ScenarioStorageAccount): Required<StorageNetworkAcls> {
  const n = a.networkAcls ?? {};
  return {
    bypass: n.bypass ?? 'AzureServices',
    defaultAction: n.defaultAction ?? 'Allow',
    ipRules: (n.ipRules ?? []).map((r) => ({ value: r.value, action: r.action ?? 'Allow' })),
    virtualNetworkRules: (n.virtualNetworkRules ?? []).map((r) => ({
      id: r.id,
      action: r.action ?? 'Allow',
      state: r.state ?? 'Succeeded',
    })),
    resourceAccessRules: n.resourceAccessRules ?? [],
  };
}

export function storageAccountJson(a: ScenarioStorageAccount) {
  const location = a.location ?? 'westeurope';
  const endpoint = (svc: string) => `https://${a.name}.${svc}.core.windows.net/`;
  return {
    id: storageAccountId(a),
    name: a.name,
    type: TYPE,
    location,
    kind: a.kind ?? 'StorageV2',
    sku: { name: a.sku ?? 'Standard_LRS', tier: 'Standard' },
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      creationTime: '2026-01-05T09:00:00.0000000Z',
      primaryLocation: location,
      statusOfPrimary: 'available',
      accessTier: 'Hot',
      isHnsEnabled: a.isHnsEnabled ?? false,
      allowSharedKeyAccess: a.allowSharedKeyAccess ?? true,
      allowBlobPublicAccess: false,
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
      publicNetworkAccess: a.publicNetworkAccess ?? 'Enabled',
      networkAcls: networkAclsOf(a),
      encryption: {
        keySource: 'Microsoft.Storage',
        services: { blob: { enabled: true, keyType: 'Account' }, file: { enabled: true, keyType: 'Account' } },
      },
      primaryEndpoints: {
        blob: endpoint('blob'),
        dfs: endpoint('dfs'),
        file: endpoint('file'),
        queue: endpoint('queue'),
        table: endpoint('table'),
        web: endpoint('web'),
      },
    },
  };
}

function containerJson(a: ScenarioStorageAccount, name: string) {
  return {
    id: `${storageAccountId(a)}/blobServices/default/containers/${name}`,
    name,
    type: 'Microsoft.Storage/storageAccounts/blobServices/containers',
    etag: `"0x8D${Buffer.from(name).toString('hex').slice(0, 12).toUpperCase()}"`,
    properties: {
      publicAccess: 'None',
      leaseStatus: 'Unlocked',
      leaseState: 'Available',
      lastModifiedTime: '2026-01-05T09:00:00Z',
      hasImmutabilityPolicy: false,
      hasLegalHold: false,
      deleted: false,
      remainingRetentionDays: 0,
    },
  };
}

const accountOf = (ctx: ArmContext, scope: ArmScope, name: string) =>
  placedOf(ctx.state.arm?.storageAccounts, scope, name, TYPE);

function containerOf(a: ScenarioStorageAccount, name: string): string {
  const found = (a.containers ?? []).find((c) => c.toLowerCase() === name.toLowerCase());
  if (!found) throw new ArmError(404, 'ContainerNotFound', 'The specified container does not exist.');
  return found;
}

/** PATCH: `networkAcls` is replaced as given (defaultAction required), the access settings are set one by one. */
function patchAccount(ctx: ArmContext, a: ScenarioStorageAccount): void {
  requirePermission(ctx.state, ctx.caller, storageAccountId(a), `${TYPE}/write`, storageAccountId(a));
  const props = asObject(asObject(ctx.body).properties);
  if ('networkAcls' in props) {
    const n = asObject(props.networkAcls);
    if (n.defaultAction !== 'Allow' && n.defaultAction !== 'Deny') {
      throw new ArmError(
        400,
        'InvalidValuesForRequestParameters',
        "Values for request parameters are invalid: networkAcls.defaultAction must be 'Allow' or 'Deny'.",
      );
    }
    const list = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : []);
    a.networkAcls = {
      bypass: typeof n.bypass === 'string' ? n.bypass : 'AzureServices',
      defaultAction: n.defaultAction,
      ipRules: list(n.ipRules),
      virtualNetworkRules: list(n.virtualNetworkRules),
      resourceAccessRules: list<{ tenantId: string; resourceId: string }>(n.resourceAccessRules).map((r) => ({
        tenantId: String(asObject(r).tenantId ?? ''),
        resourceId: String(asObject(r).resourceId ?? ''),
      })),
    };
  }
  if (props.publicNetworkAccess === 'Enabled' || props.publicNetworkAccess === 'Disabled')
    a.publicNetworkAccess = props.publicNetworkAccess;
  if (typeof props.allowSharedKeyAccess === 'boolean') a.allowSharedKeyAccess = props.allowSharedKeyAccess;
  sendJson(ctx.res, 200, storageAccountJson(a));
}

const CONTAINERS = 'storageAccounts/{account}/blobServices/default/containers';

export const storageProvider: ArmProvider = {
  namespace: 'Microsoft.Storage',
  routes: [
    {
      pattern: 'storageAccounts',
      methods: ['GET'],
      handle: (ctx, scope) =>
        sendJson(ctx.res, 200, page(ctx, inScope(ctx.state.arm?.storageAccounts, scope).map(storageAccountJson))),
    },
    {
      pattern: 'storageAccounts/{account}',
      methods: ['GET', 'PATCH'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const a = accountOf(ctx, scope, p.account);
        if (ctx.method === 'PATCH') return patchAccount(ctx, a);
        sendJson(ctx.res, 200, storageAccountJson(a));
      },
    },
    {
      pattern: CONTAINERS,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const a = accountOf(ctx, scope, p.account);
        const value = (a.containers ?? []).map((c) => {
          const { properties, ...rest } = containerJson(a, c);
          return { ...rest, properties: { publicAccess: properties.publicAccess, leaseState: properties.leaseState } };
        });
        sendJson(ctx.res, 200, page(ctx, value));
      },
    },
    {
      pattern: `${CONTAINERS}/{container}`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const a = accountOf(ctx, scope, p.account);
        sendJson(ctx.res, 200, containerJson(a, containerOf(a, p.container)));
      },
    },
  ],
};
