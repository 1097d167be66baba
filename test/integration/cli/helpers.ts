// Shared by the CLI credential tests: a fake CliIo, a clean process environment per test, and the sandbox's values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../../../sandbox';
import {
  FEDERATED_CREDENTIALS,
  federatedToken,
  MANAGED_IDENTITY,
  PIPELINES,
  SANDBOX_APP,
} from '../../../sandbox/entra/directory';
import { captureIo, type CapturedIo } from '../../support/cliIo';

export const FAST = { retry: { maxRetries: 0, retryDelayInMs: 10, maxRetryDelayInMs: 10 }, timeoutMs: 5000 };

export function fakeIo(): CapturedIo {
  return captureIo();
}

// Everything a credential reads: cleared before each test so the developer's own login never leaks in.
const CREDENTIAL_VARS = /^(AZURE_|AZURESUBSCRIPTION_|IDENTITY_|MSI_|IMDS_|SYSTEM_|ADX_IDENTITY_TOKEN$)/;

/**
 * Runs `work` with only these credential variables set. IDENTITY_ENDPOINT always points at the sandbox, so no
 * managed identity probe can reach IMDS (169.254.169.254), whatever the mode.
 */
export async function withEnv<T>(
  sandbox: RunningSandbox,
  vars: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (CREDENTIAL_VARS.test(k)) delete process.env[k];
  const set: Record<string, string | undefined> = {
    IDENTITY_ENDPOINT: `${sandbox.arm}${MANAGED_IDENTITY.path}`,
    IDENTITY_HEADER: MANAGED_IDENTITY.header,
    ...vars,
  };
  for (const [k, v] of Object.entries(set)) if (v !== undefined) process.env[k] = v;
  try {
    return await work();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

export const tenantOf = (sandbox: RunningSandbox) => sandbox.tenants[0];

/** EnvironmentCredential's variables for the sandbox app. */
export const secretVars = (sandbox: RunningSandbox, secret: string = SANDBOX_APP.clientSecret) => ({
  AZURE_TENANT_ID: tenantOf(sandbox),
  AZURE_CLIENT_ID: SANDBOX_APP.clientId,
  AZURE_CLIENT_SECRET: secret,
});

/** WorkloadIdentityCredential's variables, with a token file holding a federated token for this subject. */
export function workloadVars(sandbox: RunningSandbox, subject: string = FEDERATED_CREDENTIALS[1].subject) {
  const file = join(mkdtempSync(join(tmpdir(), 'adx-wi-')), 'token');
  writeFileSync(file, federatedToken(FEDERATED_CREDENTIALS[1].issuer, subject));
  return {
    AZURE_TENANT_ID: tenantOf(sandbox),
    AZURE_CLIENT_ID: SANDBOX_APP.clientId,
    AZURE_FEDERATED_TOKEN_FILE: file,
  };
}

/** What an Azure Pipelines task with a workload identity service connection exposes. */
export const pipelinesVars = (sandbox: RunningSandbox, systemAccessToken: string = PIPELINES.systemAccessToken) => ({
  AZURESUBSCRIPTION_TENANT_ID: tenantOf(sandbox),
  AZURESUBSCRIPTION_CLIENT_ID: SANDBOX_APP.clientId,
  AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: PIPELINES.serviceConnectionId,
  SYSTEM_ACCESSTOKEN: systemAccessToken,
  SYSTEM_OIDCREQUESTURI: `${sandbox.arm}${PIPELINES.oidcPath}`,
});

/** The secrets of the sandbox's directory: none may appear in CLI output. */
export const SECRETS = [SANDBOX_APP.clientSecret, PIPELINES.systemAccessToken, MANAGED_IDENTITY.header];

export const IMDS = '169.254.169.254';

/** Refuses and counts every socket to IMDS while installed: a credential probing it is a test bug (and slow). */
export function guardImds(): { attempts: () => number; restore: () => void } {
  const original = Socket.prototype.connect;
  let attempts = 0;
  Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
    // net.createConnection hands connect() its normalised [options, callback] array.
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const host = typeof first === 'object' && first ? (first as { host?: string }).host : args[1];
    if (host === IMDS) {
      attempts++;
      throw new Error('a credential tried to reach IMDS (169.254.169.254) in a test');
    }
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  } as typeof Socket.prototype.connect;
  return {
    attempts: () => attempts,
    restore: () => {
      Socket.prototype.connect = original;
    },
  };
}
