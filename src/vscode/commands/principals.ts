// Database principals for identities: grant a role (retrying while a new identity is not visible yet), revoke, show.
import * as vscode from 'vscode';
import type { DatabaseRole, PrincipalInput } from '../../core/commands';
import { isGuid } from '../../core/guid';
import { parsePrincipalRows, type PrincipalRow } from '../../core/results';
import { openInEditor, runOrEdit } from './confirm';
import { pickIdentity, pickRole, principalFor, type PickedIdentity } from './inputs';
import type { Handler } from './context';
import { withProgress } from './registry';
import { databaseOf, modelOf, refreshDatabase, required } from './targets';

const ROLE_OF: Record<string, DatabaseRole> = {
  admin: 'admins',
  user: 'users',
  viewer: 'viewers',
  unrestrictedviewer: 'unrestrictedviewers',
  ingestor: 'ingestors',
  monitor: 'monitors',
};

/** `Database Sales Viewer` → `viewers`; cluster roles give undefined. */
export function databaseRoleOf(role: string): DatabaseRole | undefined {
  return ROLE_OF[(role.trim().split(/\s+/).pop() ?? '').toLowerCase()];
}

/** An app / managed identity principal from its FQN (`aadapp=<id>;<tenant>`); users and groups are not handled here. */
export function principalOfRow(row: PrincipalRow): PrincipalInput | undefined {
  const m = /^aadapp=([^;]+);(.+)$/i.exec(row.fqn.trim());
  if (!m) return undefined;
  if (isGuid(m[1])) return { kind: 'app', objectId: m[1], tenant: m[2] };
  // `aadapp=system;…` (the 2023 form): named by the object id the service resolved it to.
  return isGuid(row.objectId) ? { kind: 'system', objectId: row.objectId, tenant: m[2] } : undefined;
}

function identityFromNode(node: unknown): PickedIdentity | undefined {
  const id = modelOf(node)?.identity;
  if (!id) return undefined;
  return id.system
    ? { objectId: 'system', label: 'system-assigned', system: true }
    : { objectId: id.principalId, label: id.name, system: false };
}

export const principalCommands: Record<string, Handler> = {
  'adxIdentity.principals.grant': async (ctx, node) => {
    // Followers too: their principals change through `.add follower database` (DECISIONS.md).
    const c = await databaseOf(ctx.tree, node);
    const id = identityFromNode(node) ?? (await pickIdentity(c.ref.cluster, `Grant a role on ${c.database}`));
    const role = await pickRole(`Role on ${c.database} for ${id.label}`);
    const principal = await principalFor(c.ref.cluster, id, () => ctx.ops.systemObjectId(c.ref));
    const notes = `adx-identity: ${role} for ${id.label}`;
    const command = await ctx.ops.principalCommand(c.ref, c.database, 'add', role, principal, notes);
    if (!(await runOrEdit(`Grant ${role} on ${c.database} to ${id.label}`, command))) return;
    await withProgress(`Granting ${role} on ${c.database} to ${id.label}`, (report, signal) =>
      ctx.ops.grant(c.ref, c.database, role, principal, {
        notes: `adx-identity: ${role} for ${id.label}`,
        signal,
        onRetry: (n, wait, message) => {
          report(
            `not visible to the service yet (new identities can take minutes); retry ${n} in ${Math.round(wait / 1000)} s`,
          );
          ctx.log.info(`grant: retry ${n} in ${wait} ms after: ${message}`);
        },
      }),
    );
    refreshDatabase(ctx.tree, c, c.database, 'principals');
    void vscode.window.showInformationMessage(`${id.label} is now in ${role} of ${c.database}.`);
  },
  'adxIdentity.principals.revoke': async (ctx, node) => {
    const c = await databaseOf(ctx.tree, node);
    const rows = parsePrincipalRows(await ctx.ops.principals(c.ref, c.database)).filter(
      (r) => databaseRoleOf(r.role) && principalOfRow(r),
    );
    const wanted = modelOf(node)?.principal?.row;
    let row = wanted ? rows.find((r) => r.role === wanted.role && r.fqn === wanted.fqn) : undefined;
    row ??= required(
      await vscode.window.showQuickPick(
        rows.map((r) => ({ label: `${r.role} → ${r.displayName || r.fqn}`, description: r.fqn, r })),
        { title: `Revoke a role on ${c.database}` },
      ),
    ).r;
    const role = databaseRoleOf(row.role)!;
    const principal = principalOfRow(row)!;
    const label = row.displayName || row.fqn;
    const drop = await ctx.ops.principalCommand(c.ref, c.database, 'drop', role, principal);
    const choice = await vscode.window.showWarningMessage(
      `Remove ${label} from ${role} of ${c.database}?`,
      {
        modal: true,
        detail: `${drop.text}\n\nAnything that runs as this identity and reads ${c.database} stops working. It is saved first; "Restore Previous Policy / Principals" adds it back.`,
      },
      'Revoke',
      'Open in editor',
    );
    if (choice === 'Open in editor') return void (await openInEditor(drop.text));
    if (choice !== 'Revoke') return;
    await withProgress(`Revoking ${role} from ${label}`, (_r, signal) =>
      ctx.ops.revoke(c.ref, c.database, role, principal, label, signal),
    );
    refreshDatabase(ctx.tree, c, c.database, 'principals');
    void vscode.window.showInformationMessage(`${label} removed from ${role} of ${c.database} (saved for restore).`);
  },
  'adxIdentity.principals.show': async (ctx, node) => {
    const c = await databaseOf(ctx.tree, node);
    const table = await withProgress(`Reading the principals of ${c.database}`, (_r, signal) =>
      ctx.ops.principals(c.ref, c.database, signal),
    );
    ctx.results.show(`Principals · ${c.ref.cluster.name} · ${c.database}`, table);
  },
};
