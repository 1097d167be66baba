// The Microsoft.Kusto route table: clusters (GET, PATCH identity), databases, principal assignments, data connections, LRO polling.
import { randomUUID } from 'node:crypto';
import { describePrincipal, findCluster, findDatabase, findIdentity } from '../state';
import type { ClusterState, DatabaseState, PrincipalState } from '../types';
import { ArmContext, ArmError, asObject, notFound, page } from './common';
import type { ArmProvider, ArmRoute, ArmScope } from './router';
import {
  clusterJson,
  databaseJson,
  dataConnectionJson,
  managedPrivateEndpointJson,
  principalAssignmentJson,
  tenantOfSubscription,
} from './shapes';
import { sendJson } from '../http';

const ROLES = ['Admin', 'Ingestor', 'Monitor', 'User', 'UnrestrictedViewer', 'Viewer'];

/** The cluster a route names, in the subscription and resource group of the request (404 otherwise). */
function clusterOf(ctx: ArmContext, scope: ArmScope, name: string): ClusterState {
  const cluster = findCluster(ctx.state, name);
  if (
    !cluster ||
    cluster.subscriptionId.toLowerCase() !== scope.subscriptionId.toLowerCase() ||
    cluster.resourceGroup.toLowerCase() !== (scope.resourceGroup ?? '').toLowerCase()
  ) {
    throw notFound('Microsoft.Kusto/clusters', name, scope.resourceGroup);
  }
  return cluster;
}

function databaseOf(ctx: ArmContext, scope: ArmScope, p: Record<string, string>): [ClusterState, DatabaseState] {
  const cluster = clusterOf(ctx, scope, p.cluster);
  const db = findDatabase(cluster, p.database);
  if (!db) throw notFound(`Microsoft.Kusto/clusters/${cluster.name}/databases`, p.database, scope.resourceGroup);
  return [cluster, db];
}

const DB = 'clusters/{cluster}/databases/{database}';

export const kustoProvider: ArmProvider = {
  namespace: 'Microsoft.Kusto',
  routes: [
    {
      pattern: 'clusters',
      methods: ['GET'],
      handle: (ctx, scope) => {
        const list = ctx.state.clusters.filter(
          (c) =>
            c.subscriptionId.toLowerCase() === scope.subscriptionId.toLowerCase() &&
            (!scope.resourceGroup || c.resourceGroup.toLowerCase() === scope.resourceGroup.toLowerCase()),
        );
        // ClusterListResult has no nextLink in the 2023-08-15 swagger (arm-kusto 8 would drop it), so the list comes whole.
        sendJson(ctx.res, 200, { value: list.map((c) => clusterJson(ctx.state, c)) });
      },
    },
    {
      pattern: 'clusters/{cluster}',
      methods: ['GET', 'PATCH'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => clusterRoute(ctx, clusterOf(ctx, scope, p.cluster)),
    },
    {
      pattern: 'clusters/{cluster}/managedPrivateEndpoints',
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const cluster = clusterOf(ctx, scope, p.cluster);
        const list = cluster.managedPrivateEndpoints ?? [];
        sendJson(ctx.res, 200, { value: list.map((m) => managedPrivateEndpointJson(cluster, m)) });
      },
    },
    {
      pattern: 'clusters/{cluster}/managedPrivateEndpoints/{name}',
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const cluster = clusterOf(ctx, scope, p.cluster);
        const m = (cluster.managedPrivateEndpoints ?? []).find((x) => x.name.toLowerCase() === p.name.toLowerCase());
        if (!m)
          throw notFound(
            `Microsoft.Kusto/clusters/${cluster.name}/managedPrivateEndpoints`,
            p.name,
            scope.resourceGroup,
          );
        sendJson(ctx.res, 200, managedPrivateEndpointJson(cluster, m));
      },
    },
    {
      pattern: 'clusters/{cluster}/databases',
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const cluster = clusterOf(ctx, scope, p.cluster);
        sendJson(
          ctx.res,
          200,
          page(
            ctx,
            cluster.databases.map((d) => databaseJson(cluster, d)),
          ),
        );
      },
    },
    {
      pattern: DB,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => sendJson(ctx.res, 200, databaseJson(...databaseOf(ctx, scope, p))),
    },
    {
      pattern: `${DB}/principalAssignments`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => principalAssignmentRoute(ctx, ...databaseOf(ctx, scope, p), undefined),
    },
    {
      pattern: `${DB}/principalAssignments/{name}`,
      methods: ['GET', 'PUT', 'DELETE'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => principalAssignmentRoute(ctx, ...databaseOf(ctx, scope, p), p.name),
    },
    {
      pattern: `${DB}/dataConnections`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const [cluster, db] = databaseOf(ctx, scope, p);
        sendJson(ctx.res, 200, {
          value: db.dataConnections.map((dc) => dataConnectionJson(ctx.state, cluster, db, dc)),
        });
      },
    },
    {
      pattern: `${DB}/dataConnections/{name}`,
      methods: ['GET'],
      scope: 'resourceGroup',
      handle: (ctx, scope, p) => {
        const [cluster, db] = databaseOf(ctx, scope, p);
        const dc = db.dataConnections.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
        if (!dc)
          throw notFound(
            `Microsoft.Kusto/clusters/${cluster.name}/databases/${db.name}/dataConnections`,
            p.name,
            scope.resourceGroup,
          );
        sendJson(ctx.res, 200, dataConnectionJson(ctx.state, cluster, db, dc));
      },
    },
    // Polling URLs of long-running operations.
    ...['operationResults', 'operationResultsLocation'].map((kind): ArmRoute => ({
      pattern: `locations/{location}/${kind}/{id}`,
      methods: ['GET'],
      scope: 'subscription',
      handle: (ctx, _scope, p) => {
        if (!ctx.lro.poll(ctx.res, p.id, kind))
          throw new ArmError(404, 'NotFound', `Operation '${p.id}' was not found.`);
      },
    })),
  ],
};

function clusterRoute(ctx: ArmContext, cluster: ClusterState): void {
  if (ctx.method === 'GET') return sendJson(ctx.res, 200, clusterJson(ctx.state, cluster));
  const body = asObject(ctx.body);
  const apply = planClusterPatch(ctx, cluster, body);
  ctx.lro.start(
    ctx.res,
    cluster.subscriptionId,
    cluster.location,
    () => {
      apply();
      return clusterJson(ctx.state, cluster);
    },
    clusterJson(ctx.state, cluster),
    ctx.fault,
  );
}

/** Validates a cluster PATCH now (as ARM does) and returns the change to make when the operation completes. */
function planClusterPatch(ctx: ArmContext, cluster: ClusterState, body: Record<string, unknown>): () => void {
  const changes: (() => void)[] = [];
  if ('identity' in body) {
    const identity = asObject(body.identity);
    const type = typeof identity.type === 'string' ? identity.type.replace(/\s+/g, '').toLowerCase() : undefined;
    const types: Record<string, [boolean, boolean]> = {
      none: [false, false],
      systemassigned: [true, false],
      userassigned: [false, true],
      'systemassigned,userassigned': [true, true],
    };
    if (type !== undefined && !(type in types)) {
      throw new ArmError(
        400,
        'InvalidIdentityType',
        `The identity type '${String(identity.type)}' is not valid. Valid values: None, SystemAssigned, UserAssigned, 'SystemAssigned, UserAssigned'.`,
      );
    }
    const uaiPatch = asObject(identity.userAssignedIdentities);
    for (const [id, v] of Object.entries(uaiPatch)) {
      if (v !== null && !findIdentity(ctx.state, id)) {
        throw new ArmError(
          400,
          'FailedIdentityOperation',
          `Identity '${id}' was not found; a user-assigned identity must exist before it is assigned.`,
        );
      }
    }
    if (type && types[type][1] === false && Object.values(uaiPatch).some((v) => v !== null)) {
      throw new ArmError(
        400,
        'InvalidIdentity',
        `userAssignedIdentities can only be given with identity type UserAssigned.`,
      );
    }
    changes.push(() => {
      const [system, user] = type ? types[type] : [cluster.systemAssigned !== null, true];
      if (system && !cluster.systemAssigned)
        cluster.systemAssigned = { principalId: randomUUID(), enabledAt: Date.now() };
      if (!system) cluster.systemAssigned = null;
      if (!user) cluster.userAssigned.clear();
      for (const [id, v] of Object.entries(uaiPatch)) {
        const key = id.toLowerCase();
        if (v === null) cluster.userAssigned.delete(key);
        else if (user && !cluster.userAssigned.has(key)) cluster.userAssigned.set(key, Date.now());
      }
    });
  }
  const props = asObject(body.properties);
  if (typeof props.enableStreamingIngest === 'boolean') {
    const v = props.enableStreamingIngest;
    changes.push(() => {
      cluster.enableStreamingIngest = v;
    });
  }
  if (Array.isArray(props.trustedExternalTenants)) {
    const v = props.trustedExternalTenants.map((t) => String(asObject(t).value ?? ''));
    changes.push(() => {
      cluster.trustedExternalTenants = v;
    });
  }
  return () => changes.forEach((c) => c());
}

function principalAssignmentRoute(
  ctx: ArmContext,
  cluster: ClusterState,
  db: DatabaseState,
  name: string | undefined,
): void {
  const json = (p: PrincipalState) => principalAssignmentJson(ctx.state, cluster, db, p);
  if (name === undefined) {
    return sendJson(ctx.res, 200, { value: db.principals.map(json) });
  }
  const existing = db.principals.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (ctx.method === 'GET') {
    if (!existing)
      throw notFound(
        `Microsoft.Kusto/clusters/${cluster.name}/databases/${db.name}/principalAssignments`,
        name,
        cluster.resourceGroup,
      );
    return sendJson(ctx.res, 200, json(existing));
  }
  // A follower's principals can be managed like any database's (follower page, "Manage permissions").
  if (ctx.method === 'DELETE') {
    if (!existing) return sendJson(ctx.res, 204, undefined);
    return ctx.lro.start(
      ctx.res,
      cluster.subscriptionId,
      cluster.location,
      () => {
        db.principals = db.principals.filter((p) => p !== existing);
        return undefined;
      },
      undefined,
      ctx.fault,
    );
  }
  const props = asObject(asObject(ctx.body).properties);
  const role = String(props.role ?? '');
  const type = String(props.principalType ?? '');
  if (!ROLES.includes(role)) throw new ArmError(400, 'BadRequest', `Role '${role}' is not one of ${ROLES.join(', ')}.`);
  if (!['App', 'User', 'Group'].includes(type))
    throw new ArmError(400, 'BadRequest', `principalType '${type}' is not App, User or Group.`);
  const known = describePrincipal(ctx.state, cluster, String(props.principalId ?? ''));
  if (!known || Date.now() - known.visibleAt < ctx.state.principalVisibilityDelayMs) {
    throw new ArmError(
      400,
      'PrincipalNotFound',
      `Principal '${String(props.principalId)}' was not found in AAD tenant.`,
    );
  }
  const row: PrincipalState = {
    name,
    role,
    principalId: known.objectId,
    principalType: type as PrincipalState['principalType'],
    tenantId: String(props.tenantId ?? tenantOfSubscription(ctx.state, cluster.subscriptionId)),
    displayName: known.displayName,
    notes: existing?.notes ?? '',
    fqn: '',
  };
  row.fqn = `${type === 'User' ? 'aaduser' : type === 'Group' ? 'aadgroup' : 'aadapp'}=${row.principalId};${row.tenantId}`;
  ctx.lro.start(
    ctx.res,
    cluster.subscriptionId,
    cluster.location,
    () => {
      db.principals = [...db.principals.filter((p) => p !== existing), row];
      return json(row);
    },
    json(row),
    ctx.fault,
  );
}
