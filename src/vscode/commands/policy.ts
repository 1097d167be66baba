// Managed identity policy: show, add an identity (alter-merge), edit usages, remove, replace, delete, and restore saved state.
import * as vscode from 'vscode';
import { buildShowPolicyCommand } from '../../core/commands';
import {
  CancelledError,
  describeSavedState,
  policyFromShow,
  stepsScript,
  restoreSteps,
  type PolicyEdit,
} from '../../core/operations';
import { formatPolicyDiff, type PolicyEntry } from '../../core/policy';
import { confirmPolicy, openInEditor, showPlanReport } from './confirm';
import { pickIdentity, pickUsages } from './inputs';
import type { CommandContext, Handler } from './context';
import { withProgress } from './registry';
import {
  clusterOf,
  modelOf,
  policyTargetOf,
  refreshDatabase,
  refreshPolicy,
  required,
  type ClusterTarget,
} from './targets';
import type { Target } from '../../core/commands';

type PolicyTarget = ClusterTarget & { target: Target };

const where = (t: Target): string => (t.scope === 'cluster' ? 'the cluster' : t.database);

/** Preview, confirm (again if the live policy changed meanwhile), save, run, refresh, offer Restore. */
export async function changePolicy(
  ctx: CommandContext,
  c: PolicyTarget,
  edit: PolicyEdit,
  title: string,
): Promise<void> {
  let proposal = await withProgress(`${title}: reading the live policy…`, (_r, signal) =>
    ctx.ops.proposePolicy(c.ref, c.target, edit, signal),
  );
  let changed = false;
  for (;;) {
    const how = await confirmPolicy(ctx.previews, proposal, changed);
    if (how === 'editor') {
      await openInEditor(stepsScript([{ title, command: proposal.preview.command }]));
      return;
    }
    const outcome = await withProgress(title, (_r, signal) =>
      ctx.ops.applyPolicy(c.ref, proposal, { useMerge: how === 'merge', signal }),
    );
    if (outcome.status === 'changed') {
      proposal = outcome.proposal;
      changed = true;
      continue;
    }
    refreshPolicy(ctx.tree, c, c.target);
    if (!outcome.saved) {
      void vscode.window.showInformationMessage(`${title}: done.`);
      return;
    }
    const saved = outcome.saved;
    const choice = await vscode.window.showInformationMessage(
      `${title}: done. The previous policy of ${where(c.target)} was saved.`,
      'Restore',
    );
    if (choice === 'Restore') await restoreSaved(ctx, c, saved.id);
    return;
  }
}

/** A restore is itself a replacing change: the live state re-read, the diff shown, the current policy saved first, asked. */
async function restoreSaved(ctx: CommandContext, c: ClusterTarget, id: string): Promise<void> {
  const saved = required(ctx.ops.saved.get(id));
  const p = await withProgress('Reading the live state to compare…', (_r, signal) =>
    ctx.ops.proposeRestore(c.ref, saved, signal),
  );
  const what = describeSavedState(saved);
  let detail: string[];
  if (saved.kind === 'policy') {
    await ctx.previews.showEntriesDiff(saved.target, p.live, saved.entries, 'restored');
    detail = [
      ...(p.losses.length
        ? ['The live policy (just read) loses:', ...formatPolicyDiff(p.losses)]
        : ['Nothing in the live policy is lost.']),
      '',
      'The live policy is saved first: restoring again puts it back.',
    ];
  } else {
    detail = [
      `Adds back: ${saved.principals.map((x) => `${x.label} (${x.role})`).join(', ')}`,
      ...(p.present?.length ? [`Already there (just read): ${p.present.join(', ')}`] : []),
      'Nothing is removed.',
    ];
  }
  const script = stepsScript([...p.steps]);
  const choice = await vscode.window.showWarningMessage(
    `Restore ${what}?`,
    { modal: true, detail: [...detail, '', script.length > 1200 ? `${script.slice(0, 1200)}…` : script].join('\n') },
    'Restore',
  );
  if (choice !== 'Restore') throw new CancelledError();
  const report = await withProgress('Restoring', (_r, signal) => ctx.ops.restore(c.ref, saved, signal));
  if (saved.kind === 'policy') refreshPolicy(ctx.tree, c, saved.target);
  else refreshDatabase(ctx.tree, c, saved.database, 'principals');
  await showPlanReport(`Restore ${describeSavedState(saved)}`, report);
}

/** The entry a policy-entry node stands for: `system` when the tree recognised the system identity. */
async function entryOf(ctx: CommandContext, c: PolicyTarget, node: unknown): Promise<PolicyEntry> {
  const live = await ctx.ops.readPolicy(c.ref, c.target);
  const entry = modelOf(node)?.entry;
  if (entry) {
    const [id] = policyFromShow([entry]);
    const found = live.find((e) => e.objectId.toLowerCase() === id.objectId.toLowerCase());
    if (found) return found;
  }
  if (!live.length) throw new Error(`The managed identity policy of ${where(c.target)} is empty.`);
  const pick = required(
    await vscode.window.showQuickPick(
      live.map((e) => ({ label: e.objectId, description: e.usages.join(', '), e })),
      { title: 'Which identity?' },
    ),
  );
  return pick.e;
}

async function askEntries(c: PolicyTarget): Promise<PolicyEntry[]> {
  const entries: PolicyEntry[] = [];
  for (;;) {
    const id = await pickIdentity(c.ref.cluster, `Identity ${entries.length + 1} of the new policy`);
    entries.push({ objectId: id.objectId, usages: await pickUsages(c.target.scope) });
    const more = await vscode.window.showQuickPick(['Done', 'Add another identity'], {
      title: `${entries.length} identit${entries.length === 1 ? 'y' : 'ies'} so far`,
    });
    if (more !== 'Add another identity') return entries;
  }
}

export const policyCommands: Record<string, Handler> = {
  'adxIdentity.policy.show': async (ctx, node) => {
    const c = await policyTargetOf(ctx.tree, node);
    const table = await withProgress('Reading the policy', (_r, signal) =>
      ctx.ops.run.command(c.ref, buildShowPolicyCommand(c.target), signal),
    );
    ctx.results.show(`Managed identity policy · ${c.ref.cluster.name} · ${where(c.target)}`, table);
  },
  'adxIdentity.policy.addIdentity': async (ctx, node) => {
    const c = await policyTargetOf(ctx.tree, node);
    const id = await pickIdentity(c.ref.cluster, `Add an identity to the policy of ${where(c.target)}`);
    await changePolicy(
      ctx,
      c,
      { kind: 'add', entries: [{ objectId: id.objectId, usages: await pickUsages(c.target.scope) }] },
      `Allow ${id.label} in the policy of ${where(c.target)}`,
    );
  },
  'adxIdentity.policy.editUsages': async (ctx, node) => {
    const c = await policyTargetOf(ctx.tree, node);
    const entry = await entryOf(ctx, c, node);
    const usages = await pickUsages(c.target.scope, entry.usages);
    await changePolicy(
      ctx,
      c,
      { kind: 'editUsages', objectId: entry.objectId, usages },
      `Change the usages of ${entry.objectId}`,
    );
  },
  'adxIdentity.policy.removeIdentity': async (ctx, node) => {
    const c = await policyTargetOf(ctx.tree, node);
    const entry = await entryOf(ctx, c, node);
    await changePolicy(
      ctx,
      c,
      { kind: 'remove', objectId: entry.objectId },
      `Remove ${entry.objectId} from the policy of ${where(c.target)}`,
    );
  },
  'adxIdentity.policy.replace': async (ctx, node) => {
    const c = await policyTargetOf(ctx.tree, node);
    await changePolicy(
      ctx,
      c,
      { kind: 'replace', entries: await askEntries(c) },
      `Replace the policy of ${where(c.target)}`,
    );
  },
  'adxIdentity.policy.delete': async (ctx, node) => {
    const c = await policyTargetOf(ctx.tree, node);
    await changePolicy(ctx, c, { kind: 'delete' }, `Delete the policy of ${where(c.target)}`);
  },
  'adxIdentity.restore': async (ctx, node) => {
    const c = await clusterOf(ctx.tree, node);
    const states = ctx.ops.saved.list(c.ref.cluster);
    if (!states.length)
      throw new Error(
        `Nothing saved for ${c.ref.cluster.name} yet: policies and principals are saved before they are replaced, deleted or dropped.`,
      );
    const pick = required(
      await vscode.window.showQuickPick(
        states.map((s) => ({
          label: describeSavedState(s),
          detail: stepsScript(restoreSteps(s))
            .split('\n')
            .find((l) => l.startsWith('.')),
          s,
        })),
        { title: 'Restore previous policy / principals' },
      ),
    );
    await restoreSaved(ctx, c, pick.s.id);
  },
};
