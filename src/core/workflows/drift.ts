// Drift: what differs between a saved snapshot and the live cluster, and the commands that bring the cluster back.
import { buildDropContinuousExportCommand, buildDropPrincipalCommand, type ManagementCommand } from '../commands';
import {
  exportCommands,
  externalTableCommand,
  policyCommand,
  principalCommand,
  snapshotPrincipal,
  updatePolicyCommand,
  type ClusterSnapshot,
  type SnapshotDatabase,
  type SnapshotPolicyEntry,
  type SnapshotPrincipal,
} from './snapshot';

export interface DriftItem {
  /** e.g. `cluster policy`, `Analytics principals`, `Analytics export E`. */
  readonly what: string;
  readonly detail: string;
  /** Empty when the change cannot be made from here (a missing database, an external table's connection). */
  readonly commands: readonly ManagementCommand[];
}

const policyKey = (entries: readonly SnapshotPolicyEntry[]): string =>
  JSON.stringify([...entries].map((e) => `${e.objectId}=${[...e.usages].sort().join(',')}`).sort());

const describe = (entries: readonly SnapshotPolicyEntry[]): string =>
  entries.length ? entries.map((e) => `${e.objectId}: ${e.usages.join(', ')}`).join('; ') : 'no policy';

/** Differences, each with the commands reconciling it; an empty list means no drift. */
export function diffSnapshots(saved: ClusterSnapshot, live: ClusterSnapshot): DriftItem[] {
  const items: DriftItem[] = [];
  if (policyKey(saved.clusterPolicy) !== policyKey(live.clusterPolicy)) {
    items.push({
      what: 'cluster policy',
      detail: `saved ${describe(saved.clusterPolicy)}; live ${describe(live.clusterPolicy)}`,
      commands: [policyCommand({ scope: 'cluster' }, saved.clusterPolicy)],
    });
  }
  items.push(...identityDrift(saved, live));
  for (const s of saved.databases) {
    const l = live.databases.find((d) => d.name.toLowerCase() === s.name.toLowerCase());
    if (!l) {
      items.push({
        what: `database ${s.name}`,
        detail: 'it is missing (or read-only) on the live cluster; create it in Azure first',
        commands: [],
      });
      continue;
    }
    items.push(...databaseDrift(s, l, live.systemObjectId ?? saved.systemObjectId));
  }
  return items;
}

/** The identity block and the cluster roles, compared only when both sides read them (ARM, `.show cluster principals`). */
function identityDrift(saved: ClusterSnapshot, live: ClusterSnapshot): DriftItem[] {
  const items: DriftItem[] = [];
  if (saved.identity && live.identity) {
    const ids = (s: ClusterSnapshot) => s.identity!.userAssigned.map((u) => u.resourceId.toLowerCase()).sort();
    if (saved.identity.system !== live.identity.system)
      items.push({
        what: 'cluster identity',
        detail: saved.identity.system
          ? 'the system-assigned identity is off'
          : 'a system-assigned identity was turned on',
        commands: [],
      });
    for (const id of ids(saved).filter((x) => !ids(live).includes(x)))
      items.push({ what: 'cluster identity', detail: `${id} is no longer assigned`, commands: [] });
    for (const id of ids(live).filter((x) => !ids(saved).includes(x)))
      items.push({ what: 'cluster identity', detail: `${id} was assigned`, commands: [] });
  }
  if (saved.clusterPrincipals && live.clusterPrincipals) {
    const key = (p: { role: string; system: boolean; objectId: string }) =>
      `${p.role}|${p.system ? 'system' : p.objectId.toLowerCase()}`;
    for (const p of saved.clusterPrincipals.filter((x) => !live.clusterPrincipals!.some((y) => key(y) === key(x))))
      items.push({ what: 'cluster principals', detail: `${p.label} is no longer ${p.role}`, commands: [] });
    for (const p of live.clusterPrincipals.filter((x) => !saved.clusterPrincipals!.some((y) => key(y) === key(x))))
      items.push({ what: 'cluster principals', detail: `${p.label} was made ${p.role}`, commands: [] });
  }
  return items;
}

function databaseDrift(s: SnapshotDatabase, l: SnapshotDatabase, systemObjectId: string | undefined): DriftItem[] {
  const items: DriftItem[] = [];
  const db = s.name;
  if (policyKey(s.policy) !== policyKey(l.policy)) {
    items.push({
      what: `${db} policy`,
      detail: `saved ${describe(s.policy)}; live ${describe(l.policy)}`,
      commands: [policyCommand({ scope: 'database', database: db }, s.policy)],
    });
  }
  // The system identity matches by role alone: its object id changes when the cluster is recreated.
  const key = (p: SnapshotPrincipal) => `${p.role}|${p.system ? 'system' : p.objectId.toLowerCase()}`;
  for (const p of s.principals.filter((x) => !l.principals.some((y) => key(y) === key(x)))) {
    items.push({
      what: `${db} principals`,
      detail: `${p.label} is no longer in ${p.role}`,
      commands: [principalCommand(db, p, systemObjectId)],
    });
  }
  for (const p of l.principals.filter((x) => !s.principals.some((y) => key(y) === key(x)))) {
    const principal = snapshotPrincipal(p, systemObjectId);
    items.push({
      what: `${db} principals`,
      detail: `${p.label} was added to ${p.role}`,
      commands: [buildDropPrincipalCommand(db, p.role, principal)],
    });
  }
  for (const t of s.externalTables) {
    const lt = l.externalTables.find((x) => x.name.toLowerCase() === t.name.toLowerCase());
    const connections = lt !== undefined && JSON.stringify(lt.connections) !== JSON.stringify(t.connections);
    // A live table whose definition could not be read is compared by its connections only.
    const definition =
      lt?.definition !== undefined &&
      t.definition !== undefined &&
      JSON.stringify(lt.definition) !== JSON.stringify(t.definition);
    if (!lt || connections || definition) {
      items.push({
        what: `${db} external table ${t.name}`,
        detail: !lt
          ? 'it is missing'
          : connections
            ? 'its connection strings name another identity or auth mode'
            : 'its columns, format or folder changed',
        commands: t.definition ? [externalTableCommand(db, t.name, t.definition)] : [],
      });
    }
  }
  // Only when both sides read update policies (an older snapshot has none to compare).
  if (s.updatePolicies && l.updatePolicies) {
    for (const u of s.updatePolicies) {
      const lu = l.updatePolicies.find((x) => x.table.toLowerCase() === u.table.toLowerCase());
      if (!lu || JSON.stringify(lu.entries) !== JSON.stringify(u.entries)) {
        items.push({
          what: `${db} update policy of ${u.table}`,
          detail: lu ? 'its source, query or identity changed' : 'it no longer runs as a managed identity (or is gone)',
          commands: [updatePolicyCommand(db, u)],
        });
      }
    }
  }
  for (const e of s.exports) {
    const le = l.exports.find((x) => x.input.name.toLowerCase() === e.input.name.toLowerCase());
    const [create, state] = exportCommands(db, e);
    if (!le)
      items.push({
        what: `${db} export ${e.input.name}`,
        detail: 'it is missing',
        commands: e.isDisabled ? [create, state] : [create],
      });
    else if (JSON.stringify(le.input) !== JSON.stringify(e.input))
      items.push({
        what: `${db} export ${e.input.name}`,
        detail: 'its definition or identity changed',
        commands: [create],
      });
    if (le && le.isDisabled !== e.isDisabled)
      items.push({
        what: `${db} export ${e.input.name}`,
        detail: e.isDisabled ? 'it was enabled' : 'it was disabled',
        commands: [state],
      });
  }
  for (const e of l.exports.filter(
    (x) => !s.exports.some((y) => y.input.name.toLowerCase() === x.input.name.toLowerCase()),
  )) {
    items.push({
      what: `${db} export ${e.input.name}`,
      detail: 'it is not in the snapshot',
      commands: [buildDropContinuousExportCommand(db, e.input.name)],
    });
  }
  return items;
}

export function formatDrift(items: readonly DriftItem[]): string {
  if (!items.length) return 'No drift: the cluster matches the snapshot.\n';
  return `${items
    .map((i) =>
      [
        `- ${i.what}: ${i.detail}`,
        ...(i.commands.length
          ? i.commands.map((c) => `    ${c.destructive ? '[destructive] ' : ''}${c.text}`)
          : ['    (no command: change it outside Kusto or recreate it by hand)']),
      ].join('\n'),
    )
    .join('\n')}\n`;
}
