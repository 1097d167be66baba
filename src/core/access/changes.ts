// What an applied ARM fix changed, kept like the Kusto backups (one key per change in a StateStore), so it can be undone.
import type { StateStore } from '../operations/backup';
import type { ArmFix } from './fixes';

export type ArmChange =
  | {
      readonly kind: 'roleAssignment';
      readonly id: string;
      readonly appliedAt: string;
      readonly title: string;
      readonly scope: string;
      readonly assignmentName: string;
      /** False when the same role was already assigned (409 RoleAssignmentExists): undo then removes nothing. */
      readonly created: boolean;
    }
  | {
      readonly kind: 'cosmosSqlRoleAssignment';
      readonly id: string;
      readonly appliedAt: string;
      readonly title: string;
      readonly accountId: string;
      readonly assignmentName: string;
      readonly created: boolean;
    }
  | {
      readonly kind: 'storageResourceAccessRule';
      readonly id: string;
      readonly appliedAt: string;
      readonly title: string;
      readonly accountId: string;
      /** The account's networkAcls before the change, put back by undo. */
      readonly previousNetworkAcls: unknown;
    }
  | {
      readonly kind: 'eventHubTrustedServices';
      readonly id: string;
      readonly appliedAt: string;
      readonly title: string;
      readonly namespaceId: string;
      /** The namespace's networkRuleSets/default properties before the change, put back by undo. */
      readonly previousRuleSet: unknown;
    }
  | {
      readonly kind: 'clusterAllowedFqdn';
      readonly id: string;
      readonly appliedAt: string;
      readonly title: string;
      readonly clusterId: string;
      readonly previousAllowedFqdnList: readonly string[];
    };

type NewChange = ArmChange extends infer C ? (C extends ArmChange ? Omit<C, 'id' | 'appliedAt'> : never) : never;

const PREFIX = 'adxIdentity.armChange/';
const LIMIT = 100;

export class ArmChanges {
  constructor(private readonly store: StateStore) {}

  list(): ArmChange[] {
    return this.store
      .keys()
      .filter((k) => k.startsWith(PREFIX))
      .map((k) => this.store.get<ArmChange>(k))
      .filter((c): c is ArmChange => !!c)
      .sort((a, b) => b.appliedAt.localeCompare(a.appliedAt));
  }

  async record(change: NewChange, now = new Date()): Promise<ArmChange> {
    const saved = {
      ...change,
      id: `${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
      appliedAt: now.toISOString(),
    } as ArmChange;
    await this.store.update(`${PREFIX}${saved.id}`, saved);
    const old = this.store
      .keys()
      .filter((k) => k.startsWith(PREFIX))
      .sort()
      .reverse()
      .slice(LIMIT);
    for (const k of old) await this.store.update(k, undefined);
    return saved;
  }

  async forget(id: string): Promise<void> {
    await this.store.update(`${PREFIX}${id}`, undefined);
  }
}

/** The text a user reads after an ARM fix: RBAC is not immediate. */
export function propagationNote(fix: ArmFix): string {
  return fix.kind === 'roleAssignment' || fix.kind === 'cosmosSqlRoleAssignment'
    ? 'Role assignments can take several minutes (up to about 10) to take effect; check again before the next run.'
    : 'Network rule changes take effect within a few minutes; check again before the next run.';
}
