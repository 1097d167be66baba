// A cluster and its cluster-level branches: identities, managed identity policy, cluster principals, databases.
import type { Catalog, ClusterRef } from '../catalog';
import type { ClusterInfo } from '../model';
import { databaseNode } from './database';
import { ids } from './ids';
import {
  contextValue,
  copyParts,
  infoNode,
  portalLink,
  short,
  type CopyValues,
  type ModelNode,
  type NodeModel,
} from './node';
import { branch, leaf, policyChildren, principalChildren } from './shared';

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

function onOff(v: boolean | undefined): string {
  return v === undefined ? 'unknown' : v ? 'on' : 'off';
}

export function clusterNode(catalog: Catalog, parentId: string, ref: ClusterRef): ModelNode {
  const c = ref.cluster;
  const id = ids.cluster(parentId, c.name);
  const model: NodeModel = { ref, clusterId: id };
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
    model,
    load: async () => [
      ...(arm ? [identitiesNode(model)] : []),
      // A stopped cluster answers no Kusto request: say so instead of waiting for timeouts.
      ...(stopped
        ? [infoNode(id, `Cluster is ${c.state}`, 'start it to read its policies, principals and databases')]
        : kustoBranches(catalog, model)),
    ],
  };
}

function kustoBranches(catalog: Catalog, model: NodeModel): ModelNode[] {
  const { ref, clusterId } = model;
  const target = { scope: 'cluster' } as const;
  const policyId = ids.policy(clusterId, target);
  const principalsId = ids.clusterPrincipals(clusterId);
  const databasesId = ids.databases(clusterId);
  return [
    branch(
      policyId,
      'clusterPolicy',
      'Managed identity policy',
      'shield',
      { ...model, policy: target },
      async () => policyChildren(policyId, { ...model, policy: target }, await catalog.clusterPolicy(ref)),
      'cluster',
    ),
    branch(principalsId, 'clusterPrincipals', 'Cluster principals', 'organization', model, async () =>
      principalChildren(principalsId, model, target, await catalog.clusterPrincipals(ref)),
    ),
    branch(databasesId, 'databases', 'Databases', 'database', model, async () => {
      const dbs = await catalog.databases(ref);
      return dbs.length ? dbs.map((d) => databaseNode(catalog, model, d)) : [infoNode(databasesId, 'No databases')];
    }),
  ];
}

function identitiesNode(model: NodeModel): ModelNode {
  const id = ids.identities(model.clusterId);
  const { ref } = model;
  const c = ref.cluster;
  const portalBase = ref.account?.endpoints.portalUrl;
  const children = (): ModelNode[] => {
    const out: ModelNode[] = [];
    const sys = c.identities?.system;
    if (sys) {
      out.push(
        leaf(ids.systemIdentity(model.clusterId), 'identity', 'System-assigned', { id: 'key' }, ['system'], {
          description: sys.principalId,
          tooltip: `System-assigned identity of ${c.name}\nPrincipal (object) id: ${sys.principalId}\nTenant: ${sys.tenantId}`,
          copy: { objectId: sys.principalId },
          model: { ...model, identity: { system: true, principalId: sys.principalId } },
        }),
      );
    }
    for (const u of c.identities?.userAssigned ?? []) {
      const portalUrl = portalBase ? portalLink(portalBase, c.tenantId, u.resourceId) : undefined;
      out.push(
        leaf(ids.userIdentity(model.clusterId, u.name), 'identity', u.name, { id: 'person' }, ['user'], {
          description: `client ${short(u.clientId)} · principal ${short(u.principalId)}`,
          tooltip: `User-assigned identity ${u.name}\nClient id: ${u.clientId}\nPrincipal (object) id: ${u.principalId}\nResource: ${u.resourceId}`,
          copy: { objectId: u.principalId, clientId: u.clientId, resourceId: u.resourceId },
          portalUrl,
          model: { ...model, identity: { system: false, ...u } },
        }),
      );
    }
    return out.length ? out : [infoNode(id, 'none', 'no managed identity assigned')];
  };
  const count = (c.identities?.system ? 1 : 0) + (c.identities?.userAssigned.length ?? 0);
  return branch(id, 'identities', 'Identities', 'key', model, async () => children(), count ? `${count}` : 'none');
}
