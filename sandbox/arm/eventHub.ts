// The Microsoft.EventHub route table (read only): namespaces, event hubs and the namespace's default network rule set,
// in the shapes of the 2024-01-01 examples (the api-version @azure/arm-eventhub 5.2 sends).
import { sendJson } from '../http';
import type { ScenarioEventHubNamespace } from '../types';
import { ArmError, page } from './common';
import { inScope, placedId, placedOf } from './placed';
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
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const n = placedOf(ctx.state.arm?.eventHubNamespaces, scope, p.namespace, TYPE);
        if (p.name.toLowerCase() !== 'default')
          throw new ArmError(404, 'NotFound', `The network rule set '${p.name}' could not be found.`);
        sendJson(ctx.res, 200, networkRuleSetJson(n));
      },
    },
  ],
};
