// Checks several flows share: identity assigned to the cluster, policy usage allowed, database role held, table exists.
import { buildAddPrincipalCommand } from '../commands/principals';
import { buildAlterPolicyCommand } from '../commands/policy';
import { buildCreateTableCommand } from '../commands/database';
import type { ColumnInput } from '../commands/externalTables';
import type { ManagedIdentityUsage } from '../usages';
import {
  policyGrant,
  policyObjectId,
  principalInput,
  rolesOf,
  ROLE_COMMAND,
  ROLE_SATISFIERS,
  tenantOf,
  type ResolvedIdentity,
} from './identity';
import { check, unread, type CheckResult, type ClusterFacts, type DatabaseFacts } from './types';

export function attachedCheck(id: ResolvedIdentity, subject?: string): CheckResult {
  const title = `Identity ${id.label} is assigned to the cluster`;
  if (id.attached === true) return check('identity-attached', title, 'passed', id.attachedReason, { subject });
  const armAdvice = id.system
    ? 'Turn on the system-assigned identity: portal → cluster → Identity → System assigned → On (or ARM PATCH identity.type including SystemAssigned).'
    : `Assign it: portal → cluster → Identity → User assigned → Add${id.resourceId ? ` ${id.resourceId}` : ''} (or ARM PATCH identity.userAssignedIdentities).`;
  if (id.attached === false)
    return check('identity-attached', title, 'failed', id.attachedReason, { subject, advice: armAdvice });
  return check('identity-attached', title, 'unknown', id.attachedReason, { subject, advice: armAdvice });
}

/** The usage allowed by the database or cluster policy; the fix merges it into the database policy. */
export function policyCheck(
  facts: ClusterFacts,
  db: DatabaseFacts,
  id: ResolvedIdentity,
  usage: ManagedIdentityUsage,
  subject?: string,
): CheckResult {
  const title = `Managed identity policy allows ${usage} for ${id.label}`;
  const grant = policyGrant(facts, db, id, usage);
  if (grant.at) {
    return check(
      'policy-allows',
      title,
      'passed',
      `the ${grant.at === 'database' ? `database ${db.name}` : 'cluster'} policy allows ${usage} (or All) for it`,
      { subject },
    );
  }
  if (grant.unreadable) {
    const why =
      facts.clusterPolicy === undefined
        ? unread('the cluster policy', facts.errors, 'clusterPolicy')
        : unread(`the policy of ${db.name}`, db.errors, 'policy');
    return check('policy-allows', title, 'unknown', why, { subject });
  }
  const objectId = policyObjectId(id);
  const reason = `neither the policy of database ${db.name} nor the cluster policy allows ${usage} (or All) for it`;
  if (!objectId)
    return check('policy-allows', title, 'failed', `${reason}; its object id is unknown, so no command can be built`, {
      subject,
    });
  const fix = buildAlterPolicyCommand({ scope: 'database', database: db.name }, [{ objectId, usages: [usage] }], {
    merge: true,
  });
  return check('policy-allows', title, 'failed', reason, { subject, fixes: [fix] });
}

const ROLE_LABEL = { viewer: 'Viewer', ingestor: 'Ingestor', monitor: 'Monitor' } as const;

/** A database role held (directly or through a cluster role); the fix adds the principal to the role. */
export function roleCheck(
  facts: ClusterFacts,
  db: DatabaseFacts,
  id: ResolvedIdentity,
  need: keyof typeof ROLE_SATISFIERS,
  options: { tenant?: string; why?: string } = {},
): CheckResult {
  const checkId = `role-${need}`;
  const title = `${id.label} holds Database ${ROLE_LABEL[need]} on ${db.name}`;
  const subject = db.name;
  if (db.principals === undefined)
    return check(checkId, title, 'unknown', unread(`the principals of ${db.name}`, db.errors, 'principals'), {
      subject,
    });
  if (!id.objectId) {
    return check(
      checkId,
      title,
      'unknown',
      `the object id of ${id.label} is not known here, so its roles cannot be matched`,
      { subject },
    );
  }
  const held = rolesOf(id.objectId, db, facts);
  const satisfying = held.filter((r) => ROLE_SATISFIERS[need].includes(r));
  if (satisfying.length) return check(checkId, title, 'passed', `it holds ${satisfying.join(', ')}`, { subject });
  const heldText = held.length ? `it holds only ${held.join(', ')}` : `it holds no role on ${db.name}`;
  const reason = `${heldText}; ${options.why ?? `${ROLE_LABEL[need]} is required`}`;
  const tenant = tenantOf(facts, id, options.tenant);
  const principal = tenant ? principalInput(id, tenant) : undefined;
  if (!principal)
    return check(checkId, title, 'failed', `${reason}; the tenant is unknown here, so pass it to build the command`, {
      subject,
    });
  const fix = buildAddPrincipalCommand(
    db.name,
    ROLE_COMMAND[need],
    principal,
    `adx-identity: ${ROLE_LABEL[need]} for ${id.label}`,
  );
  return check(checkId, title, 'failed', reason, { subject, fixes: [fix] });
}

/** The target table exists; the fix creates it when columns are known. */
export function tableCheck(db: DatabaseFacts, table: string, columns?: readonly ColumnInput[]): CheckResult {
  const title = `Table ${table} exists in ${db.name}`;
  if (db.tables === undefined)
    return check('table-exists', title, 'unknown', unread(`the tables of ${db.name}`, db.errors, 'tables'), {
      subject: table,
    });
  if (db.tables.some((t) => t.toLowerCase() === table.toLowerCase()))
    return check('table-exists', title, 'passed', 'the table exists', { subject: table });
  const fixes = columns?.length ? [buildCreateTableCommand(db.name, table, columns)] : [];
  return check('table-exists', title, 'failed', `no table ${table} in ${db.name}`, {
    subject: table,
    fixes,
    ...(fixes.length ? {} : { advice: 'Give the columns (name:type, …) to get the .create table command.' }),
  });
}

/** A database the flow needs was not found or not read: one `unknown`/`failed` check instead of many. */
export function databaseMissing(facts: ClusterFacts, name: string): CheckResult {
  const why = facts.errors[`database:${name}`];
  return why
    ? check('database', `Database ${name} can be read`, 'unknown', `could not read database ${name}: ${why}`, {
        subject: name,
      })
    : check('database', `Database ${name} exists`, 'failed', `no database ${name} on ${facts.name}`, { subject: name });
}
