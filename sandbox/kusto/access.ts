// Who may run what: the roles each command's docs page names, checked for a caller with a token.
import type { ClusterState, DatabaseState } from '../types';
import { forbidden } from './results';

export interface Who {
  cluster: ClusterState;
  /** the token's object id; undefined without a token (emulator no-auth mode) */
  caller?: string;
}

const holds = (list: { role: string; principalId: string }[], roles: string[], caller: string) =>
  list.some((p) => roles.includes(p.role) && p.principalId.toLowerCase() === caller.toLowerCase());

/** Unchecked without a token, and on clusters whose scenario lists no principals (e.g. the scale clusters). */
const unchecked = (who: Who): boolean => !who.caller || who.cluster.principals.length === 0;

function demand(who: Who, db: DatabaseState | undefined, cluster: string[], database: string[], what: string): void {
  if (unchecked(who)) return;
  const caller = who.caller!;
  if (holds(who.cluster.principals, cluster, caller)) return;
  if (db && database.length && holds(db.principals, database, caller)) return;
  const needs = [
    ...(db && database.length ? [`${database.join(', ')} on database '${db.name}'`] : []),
    `${cluster.join(' or ')} on cluster '${who.cluster.name}'`,
  ].join(', or ');
  throw forbidden(`Principal '${caller}' is not authorized to ${what}: it needs ${needs}.`);
}

/** Database changes: Database Admin or AllDatabasesAdmin. */
export const authorizeChange = (who: Who, db: DatabaseState | undefined) =>
  demand(who, db, ['AllDatabasesAdmin'], db ? ['Admin'] : [], 'perform this operation');

/** `.alter|.alter-merge|.delete … policy managed_identity` at either scope: AllDatabasesAdmin (all three pages). */
export const authorizeManagedIdentityChange = (who: Who) =>
  demand(who, undefined, ['AllDatabasesAdmin'], [], 'change a managed identity policy');

/**
 * Reads the docs name: the cluster policy needs AllDatabasesMonitor; a database's policy and its external tables need
 * Database User, Viewer or Monitor (Admin and the all-databases roles include them).
 */
export function authorizeRead(who: Who, db: DatabaseState | undefined, what: string): void {
  if (!db) return demand(who, undefined, ['AllDatabasesAdmin', 'AllDatabasesMonitor'], [], what);
  demand(
    who,
    db,
    ['AllDatabasesAdmin', 'AllDatabasesViewer', 'AllDatabasesMonitor'],
    ['Admin', 'User', 'Viewer', 'Monitor'],
    what,
  );
}
