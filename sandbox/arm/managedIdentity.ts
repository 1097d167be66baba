// The Microsoft.ManagedIdentity route table: user-assigned identities (read only).
import { sendJson } from '../http';
import type { SandboxState } from '../types';
import { ArmError, page } from './common';
import type { ArmProvider, ArmScope } from './router';
import { identityJson } from './shapes';

const inScope = (state: SandboxState, scope: ArmScope) =>
  state.userAssignedIdentities.filter(
    (u) =>
      u.subscriptionId.toLowerCase() === scope.subscriptionId.toLowerCase() &&
      (!scope.resourceGroup || u.resourceGroup.toLowerCase() === scope.resourceGroup.toLowerCase()),
  );

export const managedIdentityProvider: ArmProvider = {
  namespace: 'Microsoft.ManagedIdentity',
  routes: [
    {
      pattern: 'userAssignedIdentities',
      methods: ['GET'],
      handle: (ctx, scope) => sendJson(ctx.res, 200, page(ctx, inScope(ctx.state, scope).map(identityJson))),
    },
    {
      pattern: 'userAssignedIdentities/{name}',
      methods: ['GET'],
      handle: (ctx, scope, p) => {
        const one = inScope(ctx.state, scope).find((u) => u.name.toLowerCase() === p.name.toLowerCase());
        if (!one) {
          throw new ArmError(
            404,
            'ResourceNotFound',
            `The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/${p.name}' was not found.`,
          );
        }
        sendJson(ctx.res, 200, identityJson(one));
      },
    },
  ],
};
