// A running sandbox, the extension's real services pointed at it, and the operations layer on top (an in-memory state store).
import type { ClusterRef } from '../../../src/services/catalog';
import { SavedStates, type StateStore } from '../../../src/core/operations';
import { Operations } from '../../../src/services/operations/operations';
import { armClusterRef } from '../../../src/services/workflows/run';
import type { SandboxOptions } from '../../../sandbox';
import { setup, type Setup } from '../services/sandbox';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const EXPORT_ID = '0e000001-0000-4000-8000-000000000001';
export const SPARE_ID = '0e000003-0000-4000-8000-000000000003';
export const SPARE_RESOURCE =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-spare';

/** What workspace storage does, kept in memory: a store, not a client. */
export function memoryStore(): StateStore {
  const map = new Map<string, unknown>();
  return {
    get: <T>(key: string) => map.get(key) as T | undefined,
    update: async (key, value) => {
      if (value === undefined) map.delete(key);
      else map.set(key, value);
    },
    keys: () => [...map.keys()],
  };
}

export interface OpsBench extends Setup {
  ops: Operations;
  log: string[];
  ref(cluster: string): Promise<ClusterRef>;
}

export async function opsBench(options: SandboxOptions = {}): Promise<OpsBench> {
  const s = await setup(options);
  const log: string[] = [];
  const ops = new Operations(s.catalog, new SavedStates(memoryStore()), {
    log: { info: (m) => log.push(m), warn: (m) => log.push(`WARN ${m}`) },
    armPollMs: 10,
    principalBackoffMs: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  });
  return {
    ...s,
    ops,
    log,
    async ref(cluster) {
      const r = await armClusterRef(s.catalog, s.account, cluster);
      if (!r) throw new Error(`no cluster ${cluster}`);
      return r;
    },
  };
}
