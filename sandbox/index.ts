// Starts the sandbox: one https ARM endpoint and one http Kusto endpoint per cluster, sharing one live state.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createArmServer } from './arm/server';
import type { LroStyle } from './arm/lro';
import { FaultInjector } from './faults';
import { createKustoServer } from './kusto/server';
import { handleResourceGraph } from './arm/resourceGraph';
import { handleControl } from './control';
import { handleEntra } from './entra/server';
import { ExportRun, runContinuousExports } from './kusto/exportRuns';
import { routeFirst } from './routes';
import { buildState, ScaleOptions } from './state';
import { makeCertificate } from './tls';
import { makeToken } from './tokens';
import type { SandboxState, SandboxVariant, Scenario } from './types';

export * from './types';
export type { FaultRule } from './faults';
export { FaultInjector } from './faults';
export type { LroStyle } from './arm/lro';
export type { ScaleOptions } from './state';
export { SCALE_MIX } from './state';
export type { ExportRun } from './kusto/exportRuns';

export interface SandboxOptions {
  /** a scenario object, or the path of a scenario JSON file; default: sandbox/scenarios/default.json */
  scenario?: Scenario | string;
  /** base port: ARM on it, clusters on the next ones; 0 (default) = free ports */
  port?: number;
  lro?: LroStyle;
  /** a user-assigned identity attached less than this long ago is "not found in AAD tenant" */
  principalVisibilityDelayMs?: number;
  scale?: ScaleOptions;
  /** added to every request, ARM and Kusto */
  latencyMs?: number;
  /** `docs`: answer with the variants the docs pages print (policy as EntityName/Policies, masked strings, …) */
  variant?: SandboxVariant;
  /** run every enabled continuous export on this timer (ms); absent or 0: only when asked */
  exportRunEveryMs?: number;
}

export interface SandboxInfo {
  arm: string;
  certificate: string;
  subscriptions: { subscriptionId: string; displayName: string; tenantId: string }[];
  clusters: Record<string, string>;
  tenants: string[];
  /** the `oid` of tokens the sandbox mints (an AllDatabasesAdmin in the default scenario) */
  callerObjectId: string;
}

export interface RunningSandbox extends SandboxInfo {
  certificatePem: string;
  /** an unsigned JWT: `arm`, `kusto`, or any audience URL; tenant defaults to the first tenant, oid to the scenario's caller */
  token(audience: 'arm' | 'kusto' | string, tenantId?: string, objectId?: string): string;
  faults: FaultInjector;
  /** the live model: change it to simulate changes made outside the extension */
  state: SandboxState;
  /** switch the long-running operation style for operations started from now on */
  setLroStyle(style: LroStyle): void;
  /**
   * Runs every enabled continuous export (of one cluster, or all) once now, judging the target storage from ARM state
   * (role assignments, network rules); also `POST {arm}/sandbox/continuous-exports/run[?cluster=…]`.
   */
  runContinuousExports(clusterName?: string): ExportRun[];
  info(): SandboxInfo;
  stop(): Promise<void>;
}

export const DEFAULT_SCENARIO_PATH = join(__dirname, 'scenarios', 'default.json');

export function loadScenario(scenario: Scenario | string | undefined): Scenario {
  if (scenario && typeof scenario === 'object') return structuredClone(scenario);
  return JSON.parse(readFileSync(scenario ?? DEFAULT_SCENARIO_PATH, 'utf8')) as Scenario;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const state = buildState(loadScenario(options.scenario), options.principalVisibilityDelayMs ?? 0, options.scale);
  state.variant = options.variant ?? 'default';
  const cert = makeCertificate();
  const faults = new FaultInjector();
  const latencyMs = options.latencyMs ?? 0;
  const basePort = options.port ?? 0;
  const arm = createArmServer({
    state,
    faults,
    cert: cert.certPem,
    key: cert.keyPem,
    lro: options.lro ?? 'azure-async-operation',
    latencyMs,
  });
  const servers: Server[] = [arm.server as unknown as Server];
  const armUrl = `https://127.0.0.1:${await listen(arm.server as unknown as Server, basePort)}`;
  arm.setBase(armUrl);
  // The token service and Resource Graph share ARM's https host, as login and ARM share a cloud.
  const routes = { state, faults, latencyMs, base: () => armUrl };
  routeFirst(arm.server as unknown as Server, [
    (q, s) => handleEntra(routes, q, s),
    (q, s) => handleResourceGraph(routes, q, s),
    (q, s) => handleControl(routes, q, s),
  ]);
  const clusters: Record<string, string> = {};
  try {
    for (const [i, cluster] of state.clusters.entries()) {
      const server = createKustoServer({ state, cluster, faults, latencyMs });
      servers.push(server);
      cluster.uri = `http://127.0.0.1:${await listen(server, basePort ? basePort + 1 + i : 0)}`;
      clusters[cluster.name] = cluster.uri;
    }
  } catch (e) {
    await close(servers);
    cert.remove();
    throw e;
  }
  const timer =
    options.exportRunEveryMs && options.exportRunEveryMs > 0
      ? setInterval(() => runContinuousExports(state), options.exportRunEveryMs).unref()
      : undefined;
  const info = (): SandboxInfo => ({
    arm: armUrl,
    certificate: cert.certPath,
    subscriptions: state.subscriptions.map((s) => ({ ...s })),
    clusters: { ...clusters },
    tenants: state.tenants.map((t) => t.tenantId),
    callerObjectId: state.callerObjectId,
  });
  return {
    ...info(),
    certificatePem: cert.certPem,
    faults,
    state,
    info,
    token: (audience, tenantId, objectId) =>
      makeToken(
        audience === 'arm'
          ? 'https://management.azure.com/'
          : audience === 'kusto'
            ? 'https://kusto.kusto.windows.net'
            : audience,
        tenantId ?? state.tenants[0]?.tenantId ?? '',
        objectId ?? state.callerObjectId,
      ),
    setLroStyle: (style) => {
      arm.lro.style = style;
    },
    runContinuousExports: (clusterName) => runContinuousExports(state, clusterName),
    // The certificate's folder goes with the servers: a stopped sandbox leaves nothing in the temp folder.
    stop: () => {
      clearInterval(timer);
      return close(servers).then(() => cert.remove());
    },
  };
}

async function close(servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (!s.listening) return resolve();
          s.close(() => resolve());
          // Keep-alive sockets of the SDK clients would hold the server open otherwise.
          s.closeAllConnections();
        }),
    ),
  );
}
