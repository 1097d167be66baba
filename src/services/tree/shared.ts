// Node builders both the cluster and the database branches use: leaves, folders, policy entries and principals.
import type { Target } from '../../core/commands';
import type { ManagedIdentityPolicyEntry } from '../../core/results/policy';
import type { PrincipalRow } from '../../core/results/principals';
import type { ClusterInfo } from '../model';
import { ids } from './ids';
import { contextValue, copyParts, infoNode, type ModelNode, type NodeKind, type NodeModel } from './node';

export function leaf(
  id: string,
  kind: NodeKind,
  label: string,
  icon: ModelNode['icon'],
  parts: (string | false | undefined)[],
  extra: Partial<ModelNode> = {},
): ModelNode {
  return {
    id,
    kind,
    label,
    icon,
    contextValue: contextValue(kind, ...parts, ...copyParts(extra.copy, extra.portalUrl)),
    collapsible: 'none',
    ...extra,
  };
}

/** A folder-like node whose children load on expand. */
export function branch(
  id: string,
  kind: NodeKind,
  label: string,
  icon: string,
  model: NodeModel,
  load: () => Promise<ModelNode[]>,
  description?: string,
): ModelNode {
  return {
    id,
    kind,
    label,
    description,
    icon: { id: icon },
    contextValue: contextValue(kind, 'refreshable'),
    collapsible: 'collapsed',
    model,
    load,
  };
}

/** Names an object id as the cluster knows it: its system identity, one of its user-assigned ones, or unknown. */
export function resolveIdentity(cluster: ClusterInfo, objectId: string): { name: string; which?: 'system' | 'user' } {
  const id = objectId.toLowerCase();
  const sys = cluster.identities?.system;
  if (id === 'system' || (sys && sys.principalId.toLowerCase() === id))
    return { name: 'System-assigned', which: 'system' };
  const user = cluster.identities?.userAssigned.find(
    (u) => u.principalId.toLowerCase() === id || u.clientId.toLowerCase() === id,
  );
  return user ? { name: user.name, which: 'user' } : { name: objectId };
}

/** The entries of a managed identity policy (`model.policy` says which one). */
export function policyChildren(
  parentId: string,
  model: NodeModel,
  rows: readonly ManagedIdentityPolicyEntry[],
): ModelNode[] {
  const cluster = model.ref.cluster;
  if (!rows.length) return [infoNode(parentId, 'No managed identity policy')];
  return rows.map((r) => {
    const who = r.isSystem
      ? { name: 'System-assigned', which: 'system' as const }
      : resolveIdentity(cluster, r.objectId);
    const name = who.which ? who.name : (r.displayName ?? r.objectId);
    // With ARM facts, an id that is not one of the cluster's identities cannot work: mark it.
    const unknown = !who.which && cluster.source === 'arm';
    return leaf(
      ids.policyEntry(parentId, r.objectId),
      'policyEntry',
      name,
      { id: unknown ? 'warning' : 'shield', color: unknown ? 'problemsWarningIcon.foreground' : undefined },
      [who.which ?? 'unknown'],
      {
        description: r.usages.join(', '),
        tooltip: `${name}\nObject id: ${r.objectId}\nAllowed usages: ${r.usages.join(', ')}${unknown ? '\nNot an identity assigned to this cluster' : ''}`,
        copy: r.objectId.toLowerCase() === 'system' ? undefined : { objectId: r.objectId },
        model: { ...model, entry: r },
      },
    );
  });
}

/** `Database Analytics Viewer` → `Viewer` under that database: the tree already says which database it is. */
export function shortRole(role: string, target: Target): string {
  if (target.scope !== 'database') return role;
  const prefix = `database ${target.database} `.toLowerCase();
  return role.toLowerCase().startsWith(prefix) ? role.slice(prefix.length) : role;
}

export function principalChildren(
  parentId: string,
  model: NodeModel,
  target: Target,
  rows: readonly PrincipalRow[],
): ModelNode[] {
  const cluster = model.ref.cluster;
  if (!rows.length) return [infoNode(parentId, 'No principals')];
  return rows.map((p, i) => {
    const who = p.objectId ? resolveIdentity(cluster, p.objectId) : { name: p.displayName };
    const mark =
      who.which === 'system'
        ? "this cluster's system identity"
        : who.which === 'user'
          ? `this cluster's identity ${who.name}`
          : undefined;
    const type = p.principalType.toLowerCase();
    const kind = type.includes('group') ? 'group' : type.includes('user') ? 'user' : 'app';
    const icon = mark ? 'verified' : kind === 'group' ? 'organization' : kind === 'user' ? 'account' : 'key';
    return leaf(
      ids.principal(parentId, i, p.role, p.objectId || p.fqn),
      'principal',
      `${shortRole(p.role, target)} → ${who.which ? who.name : p.displayName || p.fqn}`,
      { id: icon },
      [kind, mark && 'clusterIdentity'],
      {
        description: mark ?? p.principalType,
        // The service's own words stay in the tooltip: its role text and display name.
        tooltip: [
          `${p.role}: ${p.displayName}`,
          `Type: ${p.principalType}`,
          `Object id: ${p.objectId}`,
          `FQN: ${p.fqn}`,
          ...(p.notes ? [`Notes: ${p.notes}`] : []),
          ...(mark ? [`Recognised as ${mark}`] : []),
        ].join('\n'),
        copy: p.objectId ? { objectId: p.objectId } : undefined,
        model: { ...model, principal: { row: p, target } },
      },
    );
  });
}
