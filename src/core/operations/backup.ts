// Previous state saved before a policy is replaced or deleted, or a principal dropped, and the steps that put it back.
import {
  buildAddPrincipalCommand,
  buildAlterPolicyCommand,
  buildDeletePolicyCommand,
  type DatabaseRole,
  type PrincipalInput,
  type Target,
} from '../commands';
import type { PolicyEntry } from '../policy';
import type { Step } from './plan';

export type SavedState =
  | {
      readonly kind: 'policy';
      readonly id: string;
      readonly savedAt: string;
      readonly cluster: string;
      /** Backups belong to a cluster by its URI: two clusters may share a name. */
      readonly clusterUri?: string;
      readonly target: Target;
      readonly entries: readonly PolicyEntry[];
      readonly reason: string;
    }
  | {
      readonly kind: 'principals';
      readonly id: string;
      readonly savedAt: string;
      readonly cluster: string;
      readonly clusterUri?: string;
      readonly database: string;
      readonly principals: readonly {
        readonly role: DatabaseRole;
        readonly principal: PrincipalInput;
        readonly label: string;
      }[];
      readonly reason: string;
    };

/** A saved state before it has its id and time. */
export type NewSavedState = SavedState extends infer S
  ? S extends SavedState
    ? Omit<S, 'id' | 'savedAt'>
    : never
  : never;

/** A key-value store (VS Code's Memento, or a Map in tests). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
  keys(): readonly string[];
}

/** Before 0.2 every backup sat in one list under this key: still read, never written. */
const LEGACY_KEY = 'adxIdentity.savedStates';
/** One key per backup: two windows saving at once each write their own key, so neither drops the other's. */
const PREFIX = 'adxIdentity.saved/';
/** Enough history per cluster to undo a session's changes without growing storage forever. */
const LIMIT = 50;

const uriKey = (uri: string): string => uri.trim().replace(/\/+$/, '').toLowerCase();

export class SavedStates {
  constructor(private readonly store: StateStore) {}

  /** Newest first; with a cluster, only its backups (by URI; backups from before 0.2 by name). */
  list(cluster?: { readonly uri: string; readonly name: string }): SavedState[] {
    const keyed = this.store
      .keys()
      .filter((k) => k.startsWith(PREFIX))
      .map((k) => this.store.get<SavedState>(k))
      .filter((s): s is SavedState => !!s);
    const all = [...keyed, ...(this.store.get<SavedState[]>(LEGACY_KEY) ?? [])].sort((a, b) =>
      b.savedAt.localeCompare(a.savedAt),
    );
    if (!cluster) return all;
    return all.filter((s) =>
      s.clusterUri
        ? uriKey(s.clusterUri) === uriKey(cluster.uri)
        : s.cluster.toLowerCase() === cluster.name.toLowerCase(),
    );
  }

  async save(state: NewSavedState, now = new Date()): Promise<SavedState> {
    const saved = {
      ...state,
      id: `${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
      savedAt: now.toISOString(),
    } as SavedState;
    const cluster = uriKey(saved.clusterUri ?? saved.cluster);
    await this.store.update(`${PREFIX}${cluster}/${saved.id}`, saved);
    // Only this cluster's oldest keys go, one key each: nothing another window just wrote is rewritten.
    const old = this.store
      .keys()
      .filter((k) => k.startsWith(`${PREFIX}${cluster}/`))
      .sort()
      .reverse()
      .slice(LIMIT);
    for (const k of old) await this.store.update(k, undefined);
    return saved;
  }

  get(id: string): SavedState | undefined {
    return this.list().find((s) => s.id === id);
  }
}

/** One line for a picker: what was saved, where, when. */
export function describeSavedState(s: SavedState): string {
  const where =
    s.kind === 'policy'
      ? s.target.scope === 'cluster'
        ? 'cluster policy'
        : `policy of ${s.target.database}`
      : `principals of ${s.database}`;
  const what =
    s.kind === 'policy'
      ? `${s.entries.length} identit${s.entries.length === 1 ? 'y' : 'ies'}`
      : `${s.principals.length} principal(s)`;
  return `${s.cluster} · ${where} · ${what} · saved ${s.savedAt.replace('T', ' ').slice(0, 19)} before ${s.reason}`;
}

/** The steps that restore the saved state: the policy as it was (or no policy), or the dropped principals added back. */
export function restoreSteps(s: SavedState): Step[] {
  if (s.kind === 'policy') {
    const where = s.target.scope === 'cluster' ? 'the cluster policy' : `the policy of ${s.target.database}`;
    return [
      s.entries.length
        ? {
            title: `Restore ${where} as saved ${s.savedAt}`,
            command: buildAlterPolicyCommand(
              s.target,
              s.entries.map((e) => ({ objectId: e.objectId, usages: e.usages })),
            ),
          }
        : {
            title: `Restore ${where} as saved ${s.savedAt} (there was none)`,
            command: buildDeletePolicyCommand(s.target),
          },
    ];
  }
  return s.principals.map((p) => ({
    title: `Add ${p.label} back to ${p.role} of ${s.database}`,
    command: buildAddPrincipalCommand(s.database, p.role, p.principal),
  }));
}
