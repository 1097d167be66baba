// The Microsoft.EventHub route table: namespaces and event hubs (read only) and the namespace's default network rule
// set (GET and PUT), in the shapes of the 2024-01-01 examples (the api-version @azure/arm-eventhub 5.2 sends).
import { sendJson } from '../http';
import type { ScenarioEventHubNamespace } from '../types';
import { ArmError, asObject, page, type ArmContext } from './common';
import { inScope, placedId, placedOf } from './placed';
import { requirePermission } from './rbac';
import type { ArmProvider } from './router';

const TYPE = 'Microsoft.EventHub/namespaces';
const CREATED = '2026-01-05T09:00:00.000Z';

export function eventHubNamespaceJson(n: ScenarioEventHubNamespace) {
  return {
    id: placedId(n, TYPE),
    name: n.name,
    type: 'Microsoft.EventHub/Namespaces',
    location: n.location ?? 'westeurope',
    sku: { name: 'Standard', tier: 'Standard', capacity: 1 },
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      status: 'Active',
      createdAt: CREATED,
      updatedAt: CREATED,
      serviceBusEndpoint: `https://${n.name}.servicebus.windows.net:443/`,
      metricId: `${n.subscriptionId}:${n.name}`,
      isAutoInflateEnabled: false,
      maximumThroughputUnits: 0,
      kafkaEnabled: true,
      zoneRedundant: true,
      disableLocalAuth: n.disableLocalAuth ?? false,
      publicNetworkAccess: n.publicNetworkAccess ?? 'Enabled',
      minimumTlsVersion: '1.2',
    },
  };
}

function eventHubJson(n: ScenarioEventHubNamespace, name: string) {
  return {
    id: `${placedId(n, TYPE)}/eventhubs/${name}`,
    name,
    type: 'Microsoft.EventHub/Namespaces/EventHubs',
    location: n.location ?? 'westeurope',
    properties: {
      partitionCount: 4,
      partitionIds: ['0', '1', '2', '3'],
      messageRetentionInDays: 1,
      status: 'Active',
      createdAt: CREATED,
      updatedAt: CREATED,
    },
  };
}

function networkRuleSetJson(n: ScenarioEventHubNamespace) {
  const r = n.networkRuleSet ?? {};
  return {
    id: `${placedId(n, TYPE)}/networkRuleSets/default`,
    name: 'default',
    type: 'Microsoft.EventHub/Namespaces/NetworkRuleSets',
    location: n.location ?? 'westeurope',
    properties: {
      publicNetworkAccess: r.publicNetworkAccess ?? n.publicNetworkAccess ?? 'Enabled',
      defaultAction: r.defaultAction ?? 'Allow',
      trustedServiceAccessEnabled: r.trustedServiceAccessEnabled ?? false,
      ipRules: (r.ipRules ?? []).map((i) => ({ ipMask: i.ipMask, action: i.action ?? 'Allow' })),
      virtualNetworkRules: r.virtualNetworkRules ?? [],
    },
  };
}

/** PUT replaces the whole rule set (what the request leaves out falls back to the defaults), as the service does. */
function putNetworkRuleSet(ctx: ArmContext, n: ScenarioEventHubNamespace): void {
  const id = placedId(n, TYPE);
  requirePermission(ctx.state, ctx.caller, id, `${TYPE}/networkRuleSets/write`, id);
  const props = asObject(asObject(ctx.body).properties);
  const action = props.defaultAction ?? 'Allow';
  if (action !== 'Allow' && action !== 'Deny')
    throw new ArmError(400, 'BadRequest', `The value '${String(action)}' is not valid for defaultAction.`);
  const access = props.publicNetworkAccess ?? n.publicNetworkAccess ?? 'Enabled';
  if (access !== 'Enabled' && access !== 'Disabled' && access !== 'SecuredByPerimeter')
    throw new ArmError(400, 'BadRequest', `The value '${String(access)}' is not valid for publicNetworkAccess.`);
  const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(asObject) : []);
  n.networkRuleSet = {
    defaultAction: action,
    trustedServiceAccessEnabled: props.trustedServiceAccessEnabled === true,
    publicNetworkAccess: access,
    ipRules: list(props.ipRules).map((r) => ({ ipMask: String(r.ipMask ?? ''), action: 'Allow' as const })),
    virtualNetworkRules: list(props.virtualNetworkRules).map((r) => ({
      subnet: { id: String(asObject(r.subnet).id ?? '') },
      ...(typeof r.ignoreMissingVnetServiceEndpoint === 'boolean'
        ? { ignoreMissingVnetServiceEndpoint: r.ignoreMissingVnetServiceEndpoint }
        : {}),
    })),
  };
  n.publicNetworkAccess = access;
  sendJson(ctx.res, 200, networkRuleSetJson(n));
}

const NS = 'namespaces/{namespace}';

export const eventHubProvider: ArmProvider = {
  namespace: 'Microsoft.EventHub',
  routes: [
    {
      pattern: 'namespaces',
      methods: ['GET'],
      handle: (ctx, scope) =>
        sendJson(ctx.res, 200, page(ctx, inScope(ctx.state.arm?.eventHubNamespaces, scope).map(eventHubNamespaceJson))),
    },
    {
      pattern: NS,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) =>
        sendJson(
          ctx.res,
          200,
          eventHubNamespaceJson(placedOf(ctx.state.arm?.eventHubNamespaces, scope, p.namespace, TYPE)),
        ),
    },
    {
      pattern: `${NS}/eventhubs`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const n = placedOf(ctx.state.arm?.eventHubNamespaces, scope, p.namespace, TYPE);
        sendJson(
          ctx.res,
          200,
          page(
            ctx,
            (n.eventHubs ?? []).map((e) => eventHubJson(n, e)),
          ),
        );
      },
    },
    {
      pattern: `${NS}/eventhubs/{eventHub}`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const n = placedOf(ctx.state.arm?.eventHubNamespaces, scope, p.namespace, TYPE);
        const name = (n.eventHubs ?? []).find((e) => e.toLowerCase() === p.eventHub.toLowerCase());
        if (!name) {
          throw new ArmError(
            404,
            'NotFound',
            `The messaging entity '${n.name}:eventhub:${p.eventHub}' could not be found. To know more visit https://aka.ms/sbResourceMgrExceptions.`,
          );
        }
        sendJson(ctx.res, 200, eventHubJson(n, name));
      },
    },
    {
      pattern: `${NS}/networkRuleSets/{name}`,
      methods: ['GET', 'PUT'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const n = placedOf(ctx.state.arm?.eventHubNamespaces, scope, p.namespace, TYPE);
        if (p.name.toLowerCase() !== 'default')
          throw new ArmError(404, 'NotFound', `The network rule set '${p.name}' could not be found.`);
        if (ctx.method === 'PUT') return putNetworkRuleSet(ctx, n);
        sendJson(ctx.res, 200, networkRuleSetJson(n));
      },
    },
  ],
};
