// Database principals: add, drop and show apps / managed identities in a database role.
import { KqlInputError } from '../kql/errors';
import { checkEntityName, quoteName } from '../kql/names';
import { stringLiteral } from '../kql/literals';
import { checkObjectId, checkTenant } from '../kql/values';
import { clusterCommand, databaseCommand, type ManagementCommand } from './command';

export const DATABASE_ROLES = ['admins', 'users', 'viewers', 'unrestrictedviewers', 'ingestors', 'monitors'] as const;
export type DatabaseRole = (typeof DATABASE_ROLES)[number];

/** An app or user-assigned identity by object id, or the cluster's own system-assigned identity. */
export type PrincipalInput =
  | { readonly kind: 'app'; readonly objectId: string; readonly tenant: string }
  | { readonly kind: 'system'; readonly tenant: string };

/** The principal's FQN as the service writes it: `aadapp=<id>;<tenant>` or `aadapp=system;<tenant>`. */
export function principalFqn(principal: PrincipalInput): string {
  const tenant = checkTenant(principal.tenant, 'principal.tenant');
  if (principal.kind === 'system') return `aadapp=system;${tenant}`;
  if (principal.kind !== 'app')
    throw new KqlInputError('must be an app (objectId + tenant) or the system identity', 'principal');
  return `aadapp=${checkObjectId(principal.objectId, { allowSystem: false }, 'principal.objectId')};${tenant}`;
}

export function checkRole(role: unknown, field = 'role'): DatabaseRole {
  if (typeof role === 'string' && (DATABASE_ROLES as readonly string[]).includes(role)) return role as DatabaseRole;
  throw new KqlInputError(
    `${JSON.stringify(role)} is not a database role; use one of ${DATABASE_ROLES.join(', ')}`,
    field,
  );
}

export function buildAddPrincipalCommand(
  database: string,
  role: DatabaseRole,
  principal: PrincipalInput,
  notes?: string,
): ManagementCommand {
  const head = `.add database ${quoteName(database, 'database', 'database')} ${checkRole(role)}`;
  const notesText = notes === undefined ? '' : ` ${stringLiteral(checkNotes(notes))}`;
  return databaseCommand(`${head} (${stringLiteral(principalFqn(principal))})${notesText}`, database);
}

export function buildDropPrincipalCommand(
  database: string,
  role: DatabaseRole,
  principal: PrincipalInput,
): ManagementCommand {
  const head = `.drop database ${quoteName(database, 'database', 'database')} ${checkRole(role)}`;
  return databaseCommand(`${head} (${stringLiteral(principalFqn(principal))})`, database, true);
}

export function buildShowDatabasePrincipalsCommand(database: string): ManagementCommand {
  return databaseCommand(
    `.show database ${quoteName(database, 'database', 'database')} principals`,
    checkEntityName(database, 'database'),
  );
}

export function buildShowClusterPrincipalsCommand(): ManagementCommand {
  return clusterCommand('.show cluster principals');
}

function checkNotes(notes: unknown): string {
  if (typeof notes !== 'string') throw new KqlInputError('must be text', 'notes');
  return notes;
}
