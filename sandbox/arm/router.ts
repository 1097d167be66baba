// ARM routing by provider: each provider is one table of routes under `…/providers/<Namespace>/`.
import { ArmContext, ArmError } from './common';

/** Where a provider path was addressed: `/subscriptions/{s}[/resourceGroups/{rg}]/providers/…`. */
export interface ArmScope {
  subscriptionId: string;
  resourceGroup?: string;
}

export interface ArmRoute {
  /** segments after `providers/<Namespace>/`; `{name}` captures one, literals compare case-insensitively */
  pattern: string;
  methods: readonly string[];
  /** `subscription`: only without a resource group; `resourceGroup`: only with one; absent: both */
  scope?: 'subscription' | 'resourceGroup';
  handle(ctx: ArmContext, scope: ArmScope, params: Record<string, string>): void;
}

export interface ArmProvider {
  /** e.g. `Microsoft.Kusto` */
  namespace: string;
  routes: readonly ArmRoute[];
}

function match(pattern: string, rest: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/');
  if (parts.length !== rest.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, p] of parts.entries()) {
    if (p.startsWith('{')) params[p.slice(1, -1)] = rest[i];
    else if (p.toLowerCase() !== rest[i].toLowerCase()) return undefined;
  }
  return params;
}

/** Runs the route of `providers` that serves `rest`; ARM's errors for an unknown type, path or method otherwise. */
export function dispatch(
  providers: readonly ArmProvider[],
  ctx: ArmContext,
  scope: ArmScope,
  namespace: string,
  rest: string[],
): void {
  const provider = providers.find((p) => p.namespace.toLowerCase() === namespace.toLowerCase());
  if (!provider) {
    throw new ArmError(
      404,
      'NoRegisteredProviderFound',
      `No registered resource provider found for '${namespace}' in the sandbox.`,
    );
  }
  const types = new Set(provider.routes.map((r) => r.pattern.split('/')[0].toLowerCase()));
  if (!rest.length || !types.has(rest[0].toLowerCase())) {
    throw new ArmError(
      400,
      'InvalidResourceType',
      `The resource type '${rest[0] ?? ''}' could not be found in the namespace '${provider.namespace}'.`,
    );
  }
  const inScope = (r: ArmRoute) => !r.scope || (r.scope === 'resourceGroup') === (scope.resourceGroup !== undefined);
  const found = provider.routes
    .filter(inScope)
    .map((route) => ({ route, params: match(route.pattern, rest) }))
    .filter((m) => m.params !== undefined);
  if (!found.length) throw new ArmError(404, 'NotFound', `No route for ${ctx.url.pathname}.`);
  const hit = found.find((m) => m.route.methods.includes(ctx.method));
  if (!hit)
    throw new ArmError(405, 'MethodNotAllowed', `The sandbox does not serve ${ctx.method} ${ctx.url.pathname}.`);
  hit.route.handle(ctx, scope, hit.params!);
}
