// The Microsoft.CognitiveServices route table (read only): Azure OpenAI accounts with their endpoint and network rules.
import { sendJson } from '../http';
import type { ScenarioCognitiveAccount } from '../types';
import { page } from './common';
import { inScope, placedId, placedOf } from './placed';
import type { ArmProvider } from './router';

const TYPE = 'Microsoft.CognitiveServices/accounts';

export function cognitiveAccountJson(a: ScenarioCognitiveAccount) {
  const sub = a.customSubDomainName ?? a.name;
  const kind = a.kind ?? 'OpenAI';
  const endpoint =
    kind === 'OpenAI' ? `https://${sub}.openai.azure.com/` : `https://${sub}.cognitiveservices.azure.com/`;
  return {
    id: placedId(a, TYPE),
    name: a.name,
    type: TYPE,
    location: a.location ?? 'swedencentral',
    kind,
    sku: { name: 'S0' },
    tags: {},
    etag: `"${a.name}-1"`,
    properties: {
      provisioningState: 'Succeeded',
      endpoint,
      endpoints: { 'OpenAI Language Model Instance API': endpoint },
      customSubDomainName: sub,
      publicNetworkAccess: a.publicNetworkAccess ?? 'Enabled',
      disableLocalAuth: false,
      ...(a.networkAcls
        ? {
            networkAcls: {
              defaultAction: a.networkAcls.defaultAction ?? 'Allow',
              ipRules: a.networkAcls.ipRules ?? [],
              virtualNetworkRules: a.networkAcls.virtualNetworkRules ?? [],
              ...(a.networkAcls.bypass ? { bypass: a.networkAcls.bypass } : {}),
            },
          }
        : {}),
    },
  };
}

export const cognitiveServicesProvider: ArmProvider = {
  namespace: 'Microsoft.CognitiveServices',
  routes: [
    {
      pattern: 'accounts',
      methods: ['GET'],
      handle: (ctx, scope) =>
        sendJson(ctx.res, 200, page(ctx, inScope(ctx.state.arm?.cognitiveAccounts, scope).map(cognitiveAccountJson))),
    },
    {
      pattern: 'accounts/{account}',
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) =>
        sendJson(
          ctx.res,
          200,
          cognitiveAccountJson(placedOf(ctx.state.arm?.cognitiveAccounts, scope, p.account, TYPE)),
        ),
    },
  ],
};
