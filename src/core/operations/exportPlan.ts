// The continuous export wizard's checks before creating: identity attached, policy allows AutomatedFlows, Viewer on every
// database the query reads, the external table exists; each gap becomes a step of one plan that ends with the export.
import {
  SYSTEM_OBJECT_ID_WHY,
  buildAddPrincipalCommand,
  buildCreateOrAlterContinuousExportCommand,
  type ContinuousExportInput,
  type ManagementCommand,
} from '../commands';
import { attachedCheck, policyCheck, roleCheck } from '../workflows/common';
import { databasesReadBy } from '../workflows/continuousExport';
import { resolveIdentity, tenantOf } from '../workflows/identity';
import { check, findDatabase, type CheckResult, type ClusterFacts } from '../workflows/types';
import type { Step } from './plan';

export interface ExportPlanInput {
  readonly export: ContinuousExportInput;
  /** The `.create external table` to run first when the wizard creates the table too. */
  readonly createExternalTable?: ManagementCommand;
  readonly tenant?: string;
  /** A user-assigned identity's resource id, so an identity not yet attached can be attached as the first step. */
  readonly identityResourceId?: string;
}

export interface ExportPlan {
  readonly checks: readonly CheckResult[];
  /** Fixes for the gaps, then the export itself. */
  readonly steps: readonly Step[];
  /** Gaps that no step can close (e.g. the identity's object id unknown without ARM). */
  readonly blockers: readonly string[];
}

/** Stands for the object id of a system identity the plan turns on: the step's command is rebuilt with the real one. */
const PENDING_ID = '00000000-0000-4000-8000-00000000a11d';
export const SYSTEM_ID_PLACEHOLDER = '<object id of the system identity, known once ARM turned it on>';

export function planContinuousExport(facts: ClusterFacts, input: ExportPlanInput): ExportPlan {
  const e = input.export;
  const identity = e.managedIdentity ?? 'system';
  const id = resolveIdentity(facts, identity);
  const db = findDatabase(facts, e.database);
  if (!db)
    return {
      checks: [check('database', `Database ${e.database} exists`, 'failed', `no database ${e.database}`)],
      steps: [],
      blockers: [`no database ${e.database} on ${facts.name}`],
    };
  if (db.readOnly) return { checks: [], steps: [], blockers: [`${db.name} is a follower (read-only) database`] };
  const checks: CheckResult[] = [];
  const steps: Step[] = [];
  const blockers: string[] = [];

  const attached = attachedCheck(id);
  checks.push(attached);
  // A new system identity is attached by ARM; until then it has no object id, so its fixes are written with `system`.
  const attaching = attached.verdict === 'failed';
  if (attaching) {
    if (id.system)
      steps.push({ title: "Turn on the cluster's system-assigned identity", arm: { kind: 'enableSystemIdentity' } });
    else if (id.resourceId ?? input.identityResourceId) {
      steps.push({
        title: `Attach ${id.label} to the cluster`,
        arm: { kind: 'attachUserIdentity', resourceId: (id.resourceId ?? input.identityResourceId)! },
      });
    } else blockers.push(`${id.label} is not attached to the cluster; pick it by resource id to attach it`);
  }

  const table = db.externalTables?.find((t) => t.name.toLowerCase() === e.externalTable.toLowerCase());
  if (table) checks.push(check('external-table', `External table ${e.externalTable} exists`, 'passed', 'it exists'));
  else if (input.createExternalTable) {
    checks.push(
      check('external-table', `External table ${e.externalTable} exists`, 'failed', 'it will be created', {
        fixes: [input.createExternalTable],
      }),
    );
    steps.push({ title: `Create external table ${e.externalTable}`, command: input.createExternalTable });
  } else {
    checks.push(
      check(
        'external-table',
        `External table ${e.externalTable} exists`,
        'failed',
        `no external table ${e.externalTable} in ${db.name}`,
      ),
    );
    blockers.push(`no external table ${e.externalTable} in ${db.name}`);
  }

  const policy = policyCheck(facts, db, id, 'AutomatedFlows');
  checks.push(policy);
  for (const fix of policy.fixes)
    steps.push({ title: `Allow AutomatedFlows for ${id.label} in the policy of ${db.name}`, command: fix });
  if (policy.verdict === 'failed' && policy.fixes.length === 0) blockers.push(policy.reason);

  const tenant = tenantOf(facts, id, input.tenant);
  for (const name of databasesReadBy(e.query, db.name)) {
    const read = findDatabase(facts, name);
    if (!read) {
      checks.push(
        check(
          'database',
          `Database ${name} exists`,
          'failed',
          `the query reads ${name}, which is not on ${facts.name}`,
        ),
      );
      blockers.push(`the query reads ${name}, which is not on ${facts.name}`);
      continue;
    }
    if (attaching && id.system && tenant) {
      // Not attached yet: it holds no role anywhere, and its object id exists only once the ARM step turned it on.
      const notes = `adx-identity: Viewer for ${id.label}`;
      const build = (objectId: string): ManagementCommand =>
        buildAddPrincipalCommand(read.name, 'viewers', { kind: 'system', objectId, tenant }, notes);
      const shown = build(PENDING_ID);
      const fix = { ...shown, text: shown.text.replace(PENDING_ID, SYSTEM_ID_PLACEHOLDER) };
      checks.push(
        check(
          'role-viewer',
          `${id.label} holds Database Viewer on ${read.name}`,
          'failed',
          'a new identity holds no role',
          { subject: read.name, fixes: [fix] },
        ),
      );
      steps.push({
        title: `Grant Viewer on ${read.name} to ${id.label}`,
        command: fix,
        afterArm: (objectId) => {
          if (!objectId)
            throw new Error(`ARM shows no system-assigned identity on ${facts.name} yet: ${SYSTEM_OBJECT_ID_WHY}`);
          return build(objectId);
        },
      });
      continue;
    }
    const role = roleCheck(facts, read, id, 'viewer', {
      tenant,
      why: 'the export query reads it, which needs at least Viewer',
    });
    checks.push(role);
    for (const fix of role.fixes) steps.push({ title: `Grant Viewer on ${read.name} to ${id.label}`, command: fix });
    if (role.verdict === 'failed' && role.fixes.length === 0) blockers.push(role.reason);
  }

  steps.push({ title: `Create continuous export ${e.name}`, command: buildCreateOrAlterContinuousExportCommand(e) });
  return { checks, steps, blockers };
}
