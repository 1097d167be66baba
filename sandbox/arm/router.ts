// ARM routing by provider: each provider is one table of routes under `…/providers/<Namespace>/`. An extension
// provider (Microsoft.Authorization) is served at any scope: `{scope}/providers/<Namespace>/…`, where `{scope}` is the
// root, a management group, a subscription, a resource group, a resource or a nested child resource.
import { ArmContext, ArmError } from './common';

/** Where a provider path was addressed: `/subscriptions/{s}[/resourceGroups/{rg}]/providers/…`, or any scope. */
export interface ArmScope {
  /** empty at the root and management group scopes */
  subscriptionId: string;
  resourceGroup?: string;
  /** the whole scope as the request spelled it, e.g. `/subscriptions/{s}/resourceGroups/{rg}` (`/` for the root) */
  id: string;
  managementGroup?: string;
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
  /** served below any scope (`{scope}/providers/<Namespace>/…`), as Microsoft.Authorization is */
  extension?: boolean;
  routes: readonly ArmRoute[];
}

/**
 * Splits a path at its last `providers/<Namespace>` segment naming an extension provider: the scope before it, the
 * namespace and the segments after it. Undefined when no extension provider is addressed.
 */
export function splitExtension(
  providers: readonly ArmProvider[],
  parts: readonly string[],
): { scope: string[]; namespace: string; rest: string[] } | undefined {
  const extensions = new Set(providers.filter((p) => p.extension).map((p) => p.namespace.toLowerCase()));
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i].toLowerCase() === 'providers' && extensions.has(parts[i + 1].toLowerCase())) {
      return { scope: parts.slice(0, i), namespace: parts[i + 1], rest: parts.slice(i + 2) };
    }
  }
  return undefined;
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
