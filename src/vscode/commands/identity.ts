// The cluster's identities in Azure (ARM): enable / disable system-assigned, attach / detach user-assigned. Disabling or
// detaching first lists what uses the identity.
import * as vscode from 'vscode';
import { CancelledError, formatUses, type ArmAction, type IdentityRef } from '../../core/operations';
import { lastSegment } from '../../services/model';
import { ask } from './inputs';
import type { CommandContext, Handler } from './context';
import { withProgress } from './registry';
import { clusterOf, modelOf, refreshClusterNode, required, type ClusterTarget } from './targets';

async function armChange(ctx: CommandContext, c: ClusterTarget, action: ArmAction, title: string): Promise<void> {
  const report = await withProgress(title, (progress, signal) => {
    progress('waiting for Azure (long-running operation)…');
    return ctx.ops.runSteps(c.ref, [{ title, arm: action }], { signal });
  });
  refreshClusterNode(ctx.tree, c);
  if (report.failed) throw report.failed.error;
  void vscode.window.showInformationMessage(`${title}: done.`);
}

/** Lists what uses the identity and asks; nothing changes unless the user confirms. */
async function confirmRemoval(
  ctx: CommandContext,
  c: ClusterTarget,
  who: IdentityRef,
  name: string,
  verb: string,
): Promise<void> {
  const uses = await withProgress(`Finding what uses ${name}`, () => ctx.ops.usesOf(c.ref, who));
  const detail = uses.length
    ? ['These use it and will stop working:', ...formatUses(uses)].join('\n')
    : 'Nothing on this cluster uses it (policies, principals, external tables, exports, data connections).';
  const choice = await vscode.window.showWarningMessage(
    `${verb} ${name} on ${c.ref.cluster.name}?`,
    { modal: true, detail },
    verb,
  );
  if (choice !== verb) throw new CancelledError();
}

export const identityCommands: Record<string, Handler> = {
  'adxIdentity.identity.enableSystem': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    await armChange(
      ctx,
      c,
      { kind: 'enableSystemIdentity' },
      `Turn on the system-assigned identity of ${c.ref.cluster.name}`,
    );
  },
  'adxIdentity.identity.disableSystem': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    const sys = (await ctx.ops.run.reload(c.ref)).cluster.identities?.system;
    if (!sys) throw new Error(`${c.ref.cluster.name} has no system-assigned identity.`);
    await confirmRemoval(
      ctx,
      c,
      { system: true, objectId: sys.principalId, resourceId: c.ref.cluster.resourceId },
      'the system-assigned identity',
      'Turn off',
    );
    await armChange(
      ctx,
      c,
      { kind: 'disableSystemIdentity' },
      `Turn off the system-assigned identity of ${c.ref.cluster.name}`,
    );
  },
  'adxIdentity.identity.attachUser': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    const ids = await withProgress('Listing your user-assigned identities', () =>
      ctx.ops.userAssignedIdentities(c.ref),
    );
    const attached = new Set(c.ref.cluster.identities?.userAssigned.map((u) => u.resourceId.toLowerCase()));
    const items = [
      ...ids
        .filter((i) => !attached.has(i.resourceId.toLowerCase()))
        .map((i) => ({
          label: i.name,
          description: `principal ${i.principalId}`,
          detail: i.resourceId,
          rid: i.resourceId,
        })),
      { label: 'Paste a resource id…', rid: '' },
    ];
    const pick = required(
      await vscode.window.showQuickPick(items, { title: `Attach a user-assigned identity to ${c.ref.cluster.name}` }),
    );
    const rid =
      pick.rid ||
      (await ask('Resource id of the user-assigned identity', (v) =>
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i.test(
          v.trim(),
        )
          ? undefined
          : 'expected /subscriptions/…/resourceGroups/…/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>',
      ));
    await armChange(
      ctx,
      c,
      { kind: 'attachUserIdentity', resourceId: rid },
      `Attach ${lastSegment(rid)} to ${c.ref.cluster.name}`,
    );
  },
  'adxIdentity.identity.detachUser': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    const users = (await ctx.ops.run.reload(c.ref)).cluster.identities?.userAssigned ?? [];
    const picked = modelOf(node)?.identity;
    const fromNode =
      picked && !picked.system
        ? users.find((u) => u.resourceId.toLowerCase() === picked.resourceId.toLowerCase())
        : undefined;
    const u =
      fromNode ??
      required(
        await vscode.window.showQuickPick(
          users.map((x) => ({ label: x.name, description: x.principalId, x })),
          { title: 'Detach which identity?' },
        ),
      )?.x;
    if (!u) throw new Error(`${c.ref.cluster.name} has no user-assigned identity.`);
    await confirmRemoval(
      ctx,
      c,
      { system: false, objectId: u.principalId, resourceId: u.resourceId },
      u.name,
      'Detach',
    );
    await armChange(
      ctx,
      c,
      { kind: 'detachUserIdentity', resourceId: u.resourceId },
      `Detach ${u.name} from ${c.ref.cluster.name}`,
    );
  },
};
