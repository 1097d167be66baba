// Which accounts the tree browses: the VS Code Azure account (loaded on first use) and the sandbox from settings.
import type * as vscode from 'vscode';
import { createAzureAccount, type AzureAccount } from '../../services/azureAccount';
import { ServiceError } from '../../services/errors';
import type { CloudAccount } from '../../services/model';
import { createSandboxAccount, readSandboxInfo } from '../../services/sandboxAccount';
import type { TreeSources } from '../../services/tree/model';
import { getConnections, getSandbox } from '../settings';

/** Hosts without the Microsoft auth provider (e.g. a bare code-server) can leave this pending: treat that as signed out. */
const SIGN_IN_CHECK_MS = 5000;

function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref?.())]);
}

/** A sandbox setting that cannot be read still shows up in the tree, as an error row. */
function brokenSandbox(error: unknown): CloudAccount {
  const message = `The sandbox setting cannot be used: ${error instanceof Error ? error.message : String(error)}`;
  const fail = (): never => {
    throw new ServiceError(message, 'other', undefined, error);
  };
  return {
    kind: 'sandbox',
    endpoints: { armEndpoint: '', armScopes: [], portalUrl: '' },
    isSignedIn: async () => true,
    listSubscriptions: async () => fail(),
    armCredential: () => fail(),
    kustoToken: async () => fail(),
  };
}

export class Accounts implements vscode.Disposable {
  private azure?: Promise<AzureAccount>;
  private sandbox?: { value: string; account: CloudAccount };
  private readonly disposables: { dispose(): void }[] = [];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly onChange: () => void,
  ) {}

  /** The Azure account, created (and its SDK loaded) on first use. */
  azureAccount(): Promise<AzureAccount> {
    this.azure ??= createAzureAccount(this.log).then((a) => {
      this.disposables.push(a.onDidChange(this.onChange), a);
      return a;
    });
    return this.azure;
  }

  sandboxAccount(): CloudAccount | undefined {
    const value = getSandbox();
    if (!value) return undefined;
    if (this.sandbox?.value !== value) {
      let account: CloudAccount;
      try {
        account = createSandboxAccount(readSandboxInfo(value));
      } catch (e) {
        this.log.error('sandbox setting', e);
        account = brokenSandbox(e);
      }
      this.sandbox = { value, account };
    }
    return this.sandbox.account;
  }

  async sources(): Promise<TreeSources> {
    const accounts: CloudAccount[] = [];
    const sandbox = this.sandboxAccount();
    if (sandbox) accounts.push(sandbox);
    let azure: CloudAccount | undefined;
    try {
      azure = this.guarded(await this.azureAccount());
      accounts.push(azure);
    } catch (e) {
      this.log.warn('Azure sign-in is not available in this host', e);
    }
    return { accounts, direct: getConnections(), directAccount: azure ?? sandbox };
  }

  private guardedAccount?: { of: AzureAccount; account: CloudAccount };
  /** The Azure account with a bounded sign-in check; one object per account keeps the catalog's caches useful. */
  private guarded(a: AzureAccount): CloudAccount {
    if (this.guardedAccount?.of !== a) {
      const account: CloudAccount = {
        kind: 'azure',
        get endpoints() {
          return a.endpoints;
        },
        isSignedIn: () => withTimeout(a.isSignedIn(), SIGN_IN_CHECK_MS, false),
        listSubscriptions: () => a.listSubscriptions(),
        armCredential: (s) => a.armCredential(s),
        kustoToken: (t, u) => a.kustoToken(t, u),
      };
      this.guardedAccount = { of: a, account };
    }
    return this.guardedAccount.account;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
