// A cluster and its cluster-level branches: identities, managed identity policy, cluster principals, databases.
import type { Catalog, ClusterRef } from '../catalog';
import type { ClusterInfo } from '../model';
import type { PolicyRow, PrincipalRow } from '../rows';
import { databaseNode } from './database';
import {
  contextValue,
  copyParts,
  infoNode,
  portalLink,
  short,
  type CopyValues,
  type ModelNode,
  type NodeKind,
} from './node';

/** A cluster added by URL: `auth: none` sends no Authorization header (the Kusto emulator). */
export interface DirectConnection {
  readonly uri: string;
  readonly name?: string;
  readonly auth: 'account' | 'none';
}

export function directClusterInfo(c: DirectConnection): ClusterInfo {
  const uri = c.uri.replace(/\/+$/, '');
  return { name: c.name ?? new URL(uri).host, uri, source: 'direct', auth: c.auth };
}

function leaf(
  id: string,
  kind: NodeKind,
  label: string,
  icon: ModelNode['icon'],
  parts: (string | false | undefined)[],
  extra: Partial<ModelNode> = {},
): ModelNode {
  const copy = extra.copy;
  return {
    id,
    kind,
    label,
    icon,
    contextValue: contextValue(kind, ...parts, ...copyParts(copy, extra.portalUrl)),
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
    load,
  };
}

function onOff(v: boolean | undefined): string {
  return v === undefined ? 'unknown' : v ? 'on' : 'off';
}

export function clusterNode(catalog: Catalog, parentId: string, ref: ClusterRef): ModelNode {
  const c = ref.cluster;
  const id = `${parentId}/cluster:${c.name}`;
  const arm = c.source === 'arm';
  const portalUrl =
    arm && ref.account ? portalLink(ref.account.endpoints.portalUrl, c.tenantId, c.resourceId) : undefined;
  const copy: CopyValues = { uri: c.uri, resourceId: c.resourceId };
  const tooltip = [
    `Cluster ${c.name}`,
    `URI: ${c.uri}`,
    ...(arm
      ? [
          `State: ${c.state ?? 'unknown'}`,
          `Location: ${c.location ?? 'unknown'}`,
          `SKU: ${c.sku ?? 'unknown'}`,
          `Streaming ingestion: ${onOff(c.streamingIngest)}`,
          `Resource: ${c.resourceId}`,
        ]
      : [`Direct connection, auth: ${c.auth === 'none' ? 'none' : 'signed-in account'}`]),
  ].join('\n');
  const stopped = arm && /^(Stopped|Stopping|Deleting|Deleted)$/.test(c.state ?? '');
  return {
    id,
    kind: 'cluster',
    label: c.name,
    description: arm ? `${c.state ?? ''} · ${c.uri}` : `${c.uri}${c.auth === 'none' ? ' · no auth' : ''}`,
    tooltip,
    icon: { id: 'server', color: stopped ? 'disabledForeground' : undefined },
    contextValue: contextValue(
      'cluster',
      c.source,
      c.identities?.system && 'hasSystemIdentity',
      c.identities?.userAssigned.length ? 'hasUserIdentity' : undefined,
      !arm && 'removable',
      'refreshable',
      ...copyParts(copy, portalUrl),
    ),
    collapsible: 'collapsed',
    copy,
    portalUrl,
    ref,
    load: async () => [
      ...(arm ? [identitiesNode(id, ref)] : []),
      // A stopped cluster answers no Kusto request: say so instead of waiting for timeouts.
      ...(stopped
        ? [infoNode(id, `Cluster is ${c.state}`, 'start it to read its policies, principals and databases')]
        : kustoBranches(catalog, id, ref)),
    ],
  };
}

function kustoBranches(catalog: Catalog, id: string, ref: ClusterRef): ModelNode[] {
  const c = ref.cluster;
  return [
    branch(
      `${id}/policy`,
      'clusterPolicy',
      'Managed identity policy',
      'shield',
      async () => policyChildren(`${id}/policy`, c, await catalog.clusterPolicy(ref)),
      'cluster',
    ),
    branch(`${id}/principals`, 'clusterPrincipals', 'Cluster principals', 'organization', async () =>
      principalChildren(`${id}/principals`, c, await catalog.clusterPrincipals(ref)),
    ),
    branch(`${id}/databases`, 'databases', 'Databases', 'database', async () => {
      const dbs = await catalog.databases(ref);
      return dbs.length
        ? dbs.map((d) => databaseNode(catalog, `${id}/databases`, ref, d))
        : [infoNode(`${id}/databases`, 'No databases')];
    }),
  ];
}

function identitiesNode(clusterId: string, ref: ClusterRef): ModelNode {
  const id = `${clusterId}/identities`;
  const c = ref.cluster;
  const portalBase = ref.account?.endpoints.portalUrl;
  const children = (): ModelNode[] => {
    const out: ModelNode[] = [];
    const sys = c.identities?.system;
    if (sys) {
      out.push(
        leaf(`${id}/system`, 'identity', 'System-assigned', { id: 'key' }, ['system'], {
          description: sys.principalId,
          tooltip: `System-assigned identity of ${c.name}\nPrincipal (object) id: ${sys.principalId}\nTenant: ${sys.tenantId}`,
          copy: { objectId: sys.principalId },
        }),
      );
    }
    for (const u of c.identities?.userAssigned ?? []) {
      const portalUrl = portalBase ? portalLink(portalBase, c.tenantId, u.resourceId) : undefined;
      out.push(
        leaf(`${id}/user:${u.name}`, 'identity', u.name, { id: 'person' }, ['user'], {
          description: `client ${short(u.clientId)} · principal ${short(u.principalId)}`,
          tooltip: `User-assigned identity ${u.name}\nClient id: ${u.clientId}\nPrincipal (object) id: ${u.principalId}\nResource: ${u.resourceId}`,
          copy: { objectId: u.principalId, clientId: u.clientId, resourceId: u.resourceId },
          portalUrl,
        }),
      );
    }
    return out.length ? out : [infoNode(id, 'none', 'no managed identity assigned')];
  };
  const count = (c.identities?.system ? 1 : 0) + (c.identities?.userAssigned.length ?? 0);
  return branch(id, 'identities', 'Identities', 'key', async () => children(), count ? `${count}` : 'none');
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

export function policyChildren(parentId: string, cluster: ClusterInfo, rows: PolicyRow[]): ModelNode[] {
  if (!rows.length) return [infoNode(parentId, 'No managed identity policy')];
  return rows.map((r) => {
    const who = r.isSystem
      ? { name: 'System-assigned', which: 'system' as const }
      : resolveIdentity(cluster, r.objectId);
    const name = who.which ? who.name : (r.displayName ?? r.objectId);
    // With ARM facts, an id that is not one of the cluster's identities cannot work: mark it.
    const unknown = !who.which && cluster.source === 'arm';
    return leaf(
      `${parentId}/entry:${r.objectId}`,
      'policyEntry',
      name,
      { id: unknown ? 'warning' : 'shield', color: unknown ? 'problemsWarningIcon.foreground' : undefined },
      [who.which ?? 'unknown'],
      {
        description: r.usages.join(', '),
        tooltip: `${name}\nObject id: ${r.objectId}\nAllowed usages: ${r.usages.join(', ')}${unknown ? '\nNot an identity assigned to this cluster' : ''}`,
        copy: r.objectId.toLowerCase() === 'system' ? undefined : { objectId: r.objectId },
      },
    );
  });
}

export function principalChildren(parentId: string, cluster: ClusterInfo, rows: PrincipalRow[]): ModelNode[] {
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
      `${parentId}/p${i}:${p.role}:${p.objectId || p.fqn}`,
      'principal',
      `${p.role} → ${who.which ? who.name : p.displayName || p.fqn}`,
      { id: icon },
      [kind, mark && 'clusterIdentity'],
      {
        description: mark ?? p.principalType,
        tooltip: [
          `${p.role}: ${p.displayName}`,
          `Type: ${p.principalType}`,
          `Object id: ${p.objectId}`,
          `FQN: ${p.fqn}`,
          ...(p.notes ? [`Notes: ${p.notes}`] : []),
          ...(mark ? [`Recognised as ${mark}`] : []),
        ].join('\n'),
        copy: p.objectId ? { objectId: p.objectId } : undefined,
      },
    );
  });
}
