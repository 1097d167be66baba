// Microsoft.Kusto routes: clusters (GET, PATCH identity), databases, principal assignments, data connections.
import { randomUUID } from 'node:crypto';
import { describePrincipal, findCluster, findDatabase, findIdentity } from '../state';
import type { ClusterState, DatabaseState, PrincipalState } from '../types';
import { ArmContext, ArmError, asObject, notFound, page } from './common';
import { clusterJson, databaseJson, dataConnectionJson, principalAssignmentJson, tenantOfSubscription } from './shapes';
import { sendJson } from '../http';

const ROLES = ['Admin', 'Ingestor', 'Monitor', 'User', 'UnrestrictedViewer', 'Viewer'];

/** `rest` is the path after `providers/Microsoft.Kusto`, already split. */
export function handleKusto(ctx: ArmContext, sub: string, rg: string | undefined, rest: string[]): void {
  const seg = rest.map((s) => s.toLowerCase());
  if (seg[0] !== 'clusters')
    throw new ArmError(
      400,
      'InvalidResourceType',
      `The resource type '${rest[0]}' could not be found in the namespace 'Microsoft.Kusto'.`,
    );
  if (rest.length === 1) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx);
    const list = ctx.state.clusters.filter(
      (c) =>
        c.subscriptionId.toLowerCase() === sub.toLowerCase() &&
        (!rg || c.resourceGroup.toLowerCase() === rg.toLowerCase()),
    );
    // ClusterListResult has no nextLink in the 2023-08-15 swagger (arm-kusto 8 would drop it), so the list comes whole.
    return sendJson(ctx.res, 200, { value: list.map((c) => clusterJson(ctx.state, c)) });
  }
  if (!rg) throw new ArmError(404, 'NotFound', 'Clusters are addressed through their resource group.');
  const cluster = findCluster(ctx.state, rest[1]);
  if (
    !cluster ||
    cluster.subscriptionId.toLowerCase() !== sub.toLowerCase() ||
    cluster.resourceGroup.toLowerCase() !== rg.toLowerCase()
  ) {
    throw notFound('Microsoft.Kusto/clusters', rest[1], rg);
  }
  if (rest.length === 2) return clusterRoute(ctx, cluster);
  if (seg[2] !== 'databases') throw new ArmError(404, 'NotFound', `Unknown cluster child '${rest[2]}'.`);
  if (rest.length === 3) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx);
    return sendJson(
      ctx.res,
      200,
      page(
        ctx,
        cluster.databases.map((d) => databaseJson(cluster, d)),
      ),
    );
  }
  const db = findDatabase(cluster, rest[3]);
  if (!db) throw notFound(`Microsoft.Kusto/clusters/${cluster.name}/databases`, rest[3], rg);
  if (rest.length === 4) {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx);
    return sendJson(ctx.res, 200, databaseJson(cluster, db));
  }
  if (seg[4] === 'principalassignments') return principalAssignmentRoute(ctx, cluster, db, rest[5]);
  if (seg[4] === 'dataconnections') {
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx);
    if (rest.length === 5)
      return sendJson(ctx.res, 200, { value: db.dataConnections.map((dc) => dataConnectionJson(cluster, db, dc)) });
    const dc = db.dataConnections.find((x) => x.name.toLowerCase() === seg[5]);
    if (!dc)
      throw notFound(`Microsoft.Kusto/clusters/${cluster.name}/databases/${db.name}/dataConnections`, rest[5], rg);
    return sendJson(ctx.res, 200, dataConnectionJson(cluster, db, dc));
  }
  throw new ArmError(404, 'NotFound', `Unknown database child '${rest[4]}'.`);
}

function methodNotAllowed(ctx: ArmContext): ArmError {
  return new ArmError(405, 'MethodNotAllowed', `The sandbox does not serve ${ctx.method} ${ctx.url.pathname}.`);
}

function clusterRoute(ctx: ArmContext, cluster: ClusterState): void {
  if (ctx.method === 'GET') return sendJson(ctx.res, 200, clusterJson(ctx.state, cluster));
  if (ctx.method !== 'PATCH') throw methodNotAllowed(ctx);
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
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx);
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
  if (ctx.method !== 'PUT' && ctx.method !== 'DELETE') throw methodNotAllowed(ctx);
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
