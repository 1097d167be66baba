// Database principals: add, drop and show apps / managed identities in a database role (also on follower databases).
import { KqlInputError } from '../kql/errors';
import { checkEntityName, quoteName } from '../kql/names';
import { stringLiteral } from '../kql/literals';
import { checkObjectId, checkTenant } from '../kql/values';
import { clusterCommand, databaseCommand, type ManagementCommand } from './command';

export const DATABASE_ROLES = ['admins', 'users', 'viewers', 'unrestrictedviewers', 'ingestors', 'monitors'] as const;
export type DatabaseRole = (typeof DATABASE_ROLES)[number];

/** Roles `.add|.drop follower database` takes (the follower page): a read-only database has no ingestors. */
export const FOLLOWER_ROLES: readonly DatabaseRole[] = ['admins', 'users', 'viewers', 'monitors'];

/**
 * An app or user-assigned identity, or the cluster's own system-assigned identity: both named by object id, since the
 * docs name the system identity by its object id (ARM `identity.principalId`), not by the word `system`.
 */
export type PrincipalInput =
  | { readonly kind: 'app'; readonly objectId: string; readonly tenant: string }
  | { readonly kind: 'system'; readonly objectId: string; readonly tenant: string };

/** Why the system identity needs its object id; said wherever one is missing. */
export const SYSTEM_OBJECT_ID_WHY =
  "the docs name the cluster's system-assigned identity by its object id (aadapp=<objectId>;<tenant>): take it from ARM identity.principalId (portal → cluster → Identity), or the ObjectId that .show cluster policy managed_identity fills in where IsSystem is true";

/** The principal's FQN as the service writes it: `aadapp=<objectId>;<tenant>`. */
export function principalFqn(principal: PrincipalInput): string {
  const tenant = checkTenant(principal.tenant, 'principal.tenant');
  if (principal.kind !== 'app' && principal.kind !== 'system')
    throw new KqlInputError('must be an app (objectId + tenant) or the system identity', 'principal');
  if (
    principal.kind === 'system' &&
    (typeof principal.objectId !== 'string' ||
      principal.objectId === '' ||
      principal.objectId.toLowerCase() === 'system')
  )
    throw new KqlInputError(
      `the system identity's object id is required: ${SYSTEM_OBJECT_ID_WHY}`,
      'principal.objectId',
    );
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

function checkFollowerRole(role: DatabaseRole): DatabaseRole {
  if (FOLLOWER_ROLES.includes(checkRole(role))) return role;
  throw new KqlInputError(`a follower database takes ${FOLLOWER_ROLES.join(', ')}, not ${role}`, 'role');
}

/** `.add follower database DB role ('…')`: the principal form a follower database accepts (run on the follower cluster). */
export function buildAddFollowerPrincipalCommand(
  database: string,
  role: DatabaseRole,
  principal: PrincipalInput,
  notes?: string,
): ManagementCommand {
  const head = `.add follower database ${quoteName(database, 'database', 'database')} ${checkFollowerRole(role)}`;
  const notesText = notes === undefined ? '' : ` ${stringLiteral(checkNotes(notes))}`;
  return databaseCommand(`${head} (${stringLiteral(principalFqn(principal))})${notesText}`, database);
}

export function buildDropFollowerPrincipalCommand(
  database: string,
  role: DatabaseRole,
  principal: PrincipalInput,
): ManagementCommand {
  const head = `.drop follower database ${quoteName(database, 'database', 'database')} ${checkFollowerRole(role)}`;
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
