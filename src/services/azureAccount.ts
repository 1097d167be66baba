// The signed-in VS Code Azure account as a CloudAccount, through @microsoft/vscode-azext-azureauth (loaded on first use).
import type { TokenCredential } from '@azure/core-auth';
import type { AzureSubscription, VSCodeAzureSubscriptionProvider } from '@microsoft/vscode-azext-azureauth';
import type { LogOutputChannel } from 'vscode';
import { loadSdk } from './factory';
import type { CloudAccount, CloudEndpoints, SubscriptionRef } from './model';
import { ServiceError } from './errors';

export interface AzureAccount extends CloudAccount {
  readonly kind: 'azure';
  signIn(): Promise<boolean>;
  /** Fires when VS Code reports a sign-in or sign-out for the configured provider. */
  onDidChange(listener: () => void): { dispose(): void };
  dispose(): void;
}

const key = (tenantId: string, subscriptionId: string): string => `${tenantId}/${subscriptionId}`;
const scopeFor = (uri: string): string => `${uri.replace(/\/+$/, '')}/.default`;

export async function createAzureAccount(logger?: LogOutputChannel): Promise<AzureAccount> {
  const auth = await (await loadSdk()).loadAzureAuth();
  const provider: VSCodeAzureSubscriptionProvider = new auth.VSCodeAzureSubscriptionProvider(logger);
  const known = new Map<string, AzureSubscription>();

  // Read on each use: the microsoft-sovereign-cloud settings can change while VS Code runs.
  const endpoints = (): CloudEndpoints => {
    const env = auth.getConfiguredAzureEnv();
    const arm = env.resourceManagerEndpointUrl.replace(/\/+$/, '');
    return { armEndpoint: arm, armScopes: [`${arm}/.default`], portalUrl: env.portalUrl.replace(/\/+$/, '') };
  };

  /** A Kusto-audience session for the tenant: `subscription.credential` would hand out the ARM token instead. */
  const kustoToken = async (tenantId: string, clusterUri: string): Promise<string> => {
    const sub = [...known.values()].find((s) => s.tenantId === tenantId);
    const session = sub
      ? await sub.authentication.getSessionWithScopes([scopeFor(clusterUri)])
      : await auth.getSessionFromVSCode([scopeFor(clusterUri)], tenantId || undefined, { silent: true });
    if (!session) {
      throw new ServiceError(
        `No Kusto token for tenant ${tenantId || '(home)'}: sign in to Azure in VS Code.`,
        'unauthenticated',
        401,
      );
    }
    return session.accessToken;
  };

  return {
    kind: 'azure',
    get endpoints() {
      return endpoints();
    },
    isSignedIn: () => provider.isSignedIn(),
    signIn: () => provider.signIn(),
    async listSubscriptions(): Promise<SubscriptionRef[]> {
      // `true` honours azureResourceGroups.selectedSubscriptions and walks every signed-in tenant.
      const subs = await provider.getSubscriptions(true).catch((e: unknown) => {
        // A lapsed session surfaces as NotSignedInError: offer "Sign in" on the error row.
        if ((e as { isNotSignedInError?: boolean } | undefined)?.isNotSignedInError)
          throw new ServiceError('Not signed in to Azure: sign in to list subscriptions.', 'unauthenticated', 401, e);
        throw e;
      });
      for (const s of subs) known.set(key(s.tenantId, s.subscriptionId), s);
      return subs.map((s) => ({ subscriptionId: s.subscriptionId, name: s.name, tenantId: s.tenantId }));
    },
    armCredential(subscription): TokenCredential {
      const k = key(subscription.tenantId, subscription.subscriptionId);
      // Asked of VS Code on every use: a subscription's own credential holds the session of the moment it was listed.
      return {
        getToken: async () => {
          const sub = known.get(k);
          if (!sub)
            throw new ServiceError(`Subscription ${subscription.name} is not signed in.`, 'unauthenticated', 401);
          const session = await auth.getSessionFromVSCode(undefined, sub.tenantId, {
            silent: true,
            account: sub.account,
          });
          if (!session)
            throw new ServiceError(
              `The Azure session for tenant ${sub.tenantId} has ended: sign in again.`,
              'unauthenticated',
              401,
            );
          return { token: session.accessToken, expiresOnTimestamp: 0 };
        },
      };
    },
    kustoToken,
    onDidChange(listener) {
      const a = provider.onDidSignIn(listener);
      const b = provider.onDidSignOut(listener);
      return {
        dispose: () => {
          a.dispose();
          b.dispose();
        },
      };
    },
    dispose: () => provider.dispose(),
  };
}
