// Which resources at the other end of the identity a flow reaches, and as whom: what the gatherer reads from ARM.
import { parseArmId, topLevelId } from '../access/armId';
import { resourceKey, storageKey, storageTargetOf, type TargetRequest } from '../access/judge';
import type { FlowRequest } from './flows';
import { identityOfResource, resolveIdentity } from './identity';
import { revealHidden } from './scriptAuth';
import { findDatabase, type ClusterFacts, type DataConnectionFacts } from './types';

function merge(list: TargetRequest[]): TargetRequest[] {
  const byKey = new Map<string, TargetRequest>();
  for (const t of list) {
    const had = byKey.get(t.key);
    const principals = [...(had?.principals ?? []), ...t.principals].map((p) => p.toLowerCase());
    byKey.set(t.key, { ...(had ?? t), principals: [...new Set(principals)] });
  }
  return [...byKey.values()];
}

function storageRequest(location: string, principal: string | undefined): TargetRequest | undefined {
  const s = storageTargetOf(location);
  if (!s) return undefined;
  return {
    key: storageKey(s.account),
    kind: 'storage',
    name: s.account,
    host: s.host,
    principals: principal ? [principal] : [],
  };
}

/** The Event Hubs namespace or Cosmos DB account a data connection reads, with the scope below it. */
export function connectionTarget(d: DataConnectionFacts, principal: string | undefined): TargetRequest | undefined {
  if (!d.sourceResourceId) return undefined;
  const p = parseArmId(d.sourceResourceId);
  const top = p.resources[0];
  if (!top) return undefined;
  const accountId = topLevelId(d.sourceResourceId);
  const principals = principal ? [principal] : [];
  if (/eventhub/i.test(d.kind)) {
    const eh = p.resources[1]?.[1];
    return {
      key: resourceKey(accountId),
      kind: 'eventhub',
      name: top[1],
      resourceId: accountId,
      ...(eh ? { scopeSuffix: `/eventhubs/${eh}` } : {}),
      principals,
    };
  }
  if (/cosmos/i.test(d.kind)) {
    const suffix = d.cosmosDatabase
      ? `/dbs/${d.cosmosDatabase}${d.cosmosContainer ? `/colls/${d.cosmosContainer}` : ''}`
      : '';
    return {
      key: resourceKey(accountId),
      kind: 'cosmos',
      name: top[1],
      resourceId: accountId,
      ...(suffix ? { scopeSuffix: suffix } : {}),
      principals,
    };
  }
  if (/iothub/i.test(d.kind))
    return { key: resourceKey(accountId), kind: 'iothub', name: top[1], resourceId: accountId, principals };
  return undefined;
}

/** The targets of a flow, once the Kusto and Microsoft.Kusto facts are known. */
export function targetsOf(request: FlowRequest, facts: ClusterFacts): TargetRequest[] {
  const db = findDatabase(facts, request.database);
  if (!db) return [];
  const out: TargetRequest[] = [];
  const script = 'scriptText' in request ? request.scriptText : undefined;
  if (request.flow === 'continuous-export') {
    const e = db.exports?.find((x) => x.name.toLowerCase() === request.exportName.toLowerCase());
    const t = e && db.externalTables?.find((x) => x.name.toLowerCase() === e.externalTableName.toLowerCase());
    if (!e || !t) return [];
    const exportId = resolveIdentity(facts, e.managedIdentity ?? 'system');
    for (const c of revealHidden(t, script).table.connections) {
      const who = c.auth.mode === 'managedIdentity' ? resolveIdentity(facts, c.auth.identity) : exportId;
      const r = storageRequest(c.location, who.objectId);
      if (r) out.push(r);
    }
  } else if (request.flow === 'external-table') {
    for (const t of db.externalTables ?? []) {
      if (request.table && t.name.toLowerCase() !== request.table.toLowerCase()) continue;
      for (const c of revealHidden(t, script).table.connections) {
        if (c.auth.mode !== 'managedIdentity') continue;
        const r = storageRequest(c.location, resolveIdentity(facts, c.auth.identity).objectId);
        if (r) out.push(r);
      }
    }
  } else if (request.flow === 'native-ingestion') {
    for (const d of db.dataConnections ?? []) {
      if (request.connection && d.name.toLowerCase() !== request.connection.toLowerCase()) continue;
      const who = d.identityResourceId ? identityOfResource(facts, d.identityResourceId).objectId : undefined;
      const r = connectionTarget(d, who);
      if (r) out.push(r);
    }
  }
  return merge(out);
}
