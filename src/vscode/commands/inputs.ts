// Quick picks and input boxes that validate as the user types, using the core's own checks.
import * as vscode from 'vscode';
import { DATABASE_ROLES, type DatabaseRole, type PrincipalInput } from '../../core/commands';
import { checkObjectId, checkTenant, entityNameProblem, parseTimespan } from '../../core/kql';
import { usagesAllowedAt } from '../../core/usages';
import type { ClusterInfo } from '../../services/model';
import { required } from './targets';

const problem = (check: () => unknown): string | undefined => {
  try {
    check();
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
};

export const validate = {
  objectId: (v: string) => problem(() => checkObjectId(v.trim(), { allowSystem: false })),
  tenant: (v: string) => problem(() => checkTenant(v.trim())),
  name: (v: string) => entityNameProblem(v.trim()),
  interval: (v: string) =>
    problem(() => {
      if (parseTimespan(v.trim()).milliseconds <= 60_000) throw new Error('must be more than 1 minute (e.g. 5m, 1h)');
    }),
};

export async function ask(
  title: string,
  validateInput: (v: string) => string | undefined,
  options: { value?: string; prompt?: string; placeHolder?: string } = {},
): Promise<string> {
  return required(
    await vscode.window.showInputBox({
      title,
      validateInput: (v) => validateInput(v) ?? null,
      ignoreFocusOut: true,
      ...options,
    }),
  )?.trim();
}

/** Usages with their one-line explanations; cluster-only ones hidden for a database policy. */
export async function pickUsages(scope: 'cluster' | 'database', selected: readonly string[] = []): Promise<string[]> {
  const items = usagesAllowedAt(scope).map((u) => ({
    label: u.name,
    detail: u.description,
    picked: selected.includes(u.name),
  }));
  const picks = required(
    await vscode.window.showQuickPick(items, {
      title: 'Allowed usages',
      canPickMany: true,
      placeHolder: 'What may this identity be used for?',
      ignoreFocusOut: true,
    }),
  );
  if (!picks.length) throw new Error('Pick at least one usage (to take every usage away, remove the identity).');
  return picks.map((p) => p.label);
}

export async function pickRole(placeHolder = 'Database role'): Promise<DatabaseRole> {
  const describe: Record<DatabaseRole, string> = {
    admins: 'everything in the database',
    users: 'query and create entities',
    viewers: 'query (what continuous export needs)',
    unrestrictedviewers: 'query restricted tables too',
    ingestors: 'ingest data',
    monitors: 'see metadata and operations',
  };
  const pick = required(
    await vscode.window.showQuickPick(
      DATABASE_ROLES.map((r) => ({ label: r, detail: describe[r] })),
      { title: 'Role', placeHolder },
    ),
  );
  return pick.label;
}

export interface PickedIdentity {
  readonly objectId: string;
  readonly label: string;
  readonly system: boolean;
}

/** The cluster's identities (ARM), or an object id typed in (validated as a GUID). */
export async function pickIdentity(cluster: ClusterInfo, title = 'Identity'): Promise<PickedIdentity> {
  const items: (vscode.QuickPickItem & { id?: PickedIdentity })[] = [];
  const sys = cluster.identities?.system;
  if (sys)
    items.push({
      label: 'System-assigned',
      description: sys.principalId,
      id: { objectId: 'system', label: 'system-assigned', system: true },
    });
  for (const u of cluster.identities?.userAssigned ?? [])
    items.push({
      label: u.name,
      description: `principal ${u.principalId}`,
      id: { objectId: u.principalId, label: u.name, system: false },
    });
  if (cluster.source === 'direct')
    items.push({
      label: 'system',
      description: "the cluster's system-assigned identity",
      id: { objectId: 'system', label: 'system-assigned', system: true },
    });
  items.push({ label: 'Enter an object id…' });
  const pick = required(await vscode.window.showQuickPick(items, { title, placeHolder: 'Which managed identity?' }));
  if (pick.id) return pick.id;
  const objectId = await ask('Object (principal) id of the identity', validate.objectId, {
    placeHolder: '00000000-0000-0000-0000-000000000000',
  });
  return { objectId, label: objectId, system: false };
}

/**
 * `aadapp=<objectId>;<tenant>`, the system identity too (by its object id: ARM's, else the policy's IsSystem entry, else
 * asked), with the tenant from ARM when known.
 */
export async function principalFor(
  cluster: ClusterInfo,
  id: PickedIdentity,
  systemObjectId: () => Promise<string | undefined>,
): Promise<PrincipalInput> {
  const tenant = cluster.tenantId ?? (await ask('Tenant id of the identity', validate.tenant));
  if (!id.system) return { kind: 'app', objectId: id.objectId, tenant };
  const objectId =
    (await systemObjectId()) ??
    (await ask("Object id of the cluster's system-assigned identity (portal → cluster → Identity)", validate.objectId, {
      placeHolder: 'the principal (object) id: principals name the system identity by it',
    }));
  return { kind: 'system', objectId, tenant };
}
