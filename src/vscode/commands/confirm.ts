// Before a change runs: the command offered as "Run now" or "Open in editor", the policy diff, what is lost, a modal to confirm.
import * as vscode from 'vscode';
import type { ManagementCommand, Target } from '../../core/commands';
import { formatPolicy, type PolicyEntry } from '../../core/policy';
import {
  CancelledError,
  formatPlanReport,
  formatUses,
  remainingSteps,
  stepsScript,
  type PlanReport,
  type Step,
} from '../../core/operations';
import type { PolicyProposal } from '../../services/operations/operations';

const SCHEME = 'adx-identity-preview';

/** Read-only documents for the policy diff (before / after), served from memory. */
export class Previews implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private seq = 0;

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  uri(name: string, text: string): vscode.Uri {
    const path = `/${++this.seq}/${name}`;
    this.texts.set(path, text);
    return vscode.Uri.from({ scheme: SCHEME, path });
  }

  /** Opens the diff of the policy before and after the change. */
  async showPolicyDiff(p: PolicyProposal, note = ''): Promise<void> {
    await this.showEntriesDiff(p.preview.target, p.preview.before, p.preview.after, `after${note}`);
  }

  /** The live policy beside what it would become (`then` names the right side: "after", "restored"…). */
  async showEntriesDiff(
    target: Target,
    now: readonly PolicyEntry[],
    next: readonly PolicyEntry[],
    then: string,
  ): Promise<void> {
    const where = target.scope === 'cluster' ? 'cluster' : target.database;
    const before = this.uri(`${where}-policy-now.json`, now.length ? formatPolicy(now) : '[]');
    const after = this.uri(`${where}-policy-${then.split(' ')[0]}.json`, next.length ? formatPolicy(next) : '[]');
    await vscode.commands.executeCommand(
      'vscode.diff',
      before,
      after,
      `Managed identity policy (${where}): now ↔ ${then}`,
      { preview: true },
    );
  }
}

/** An untitled `kusto` document with the commands, to edit and run from the editor. */
export async function openInEditor(text: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'kusto', content: text });
  return vscode.window.showTextDocument(doc, { preview: false });
}

export const RUN = 'Run now';
export const EDIT = 'Open in editor';
const MERGE = 'Use .alter-merge';

/** For a change that loses nothing: run it now, or open it in an editor. Returns false when it went to the editor. */
export async function runOrEdit(title: string, commands: readonly Step[] | ManagementCommand): Promise<boolean> {
  const steps = 'text' in commands ? [{ title, command: commands }] : commands;
  const script = stepsScript(steps);
  const choice = await vscode.window.showInformationMessage(
    title,
    { modal: true, detail: script.length > 1500 ? `${script.slice(0, 1500)}…` : script },
    RUN,
    EDIT,
  );
  if (choice === EDIT) {
    await openInEditor(script);
    return false;
  }
  if (choice !== RUN) throw new CancelledError();
  return true;
}

/** Confirms a policy change: the diff, what is lost and what relies on it, in a modal. Resolves to how to run it. */
export async function confirmPolicy(
  previews: Previews,
  p: PolicyProposal,
  changedSincePreview = false,
): Promise<'run' | 'merge' | 'editor'> {
  if (p.warning) {
    const go = await vscode.window.showWarningMessage(p.warning, { modal: true }, 'Try anyway');
    if (go !== 'Try anyway') throw new CancelledError();
  }
  const losing = p.preview.losses.length > 0;
  const replacing = p.preview.command.destructive;
  if (losing || replacing || changedSincePreview)
    await previews.showPolicyDiff(p, changedSincePreview ? ' (changed since the preview)' : '');
  const lost = p.preview.losses.map(
    (l) =>
      `− ${l.objectId}: ${l.removedUsages.join(', ') || 'all usages'}${l.kind === 'removed' ? ' (identity removed)' : ''}`,
  );
  const relying = formatUses(p.impact);
  const detail = [
    ...(changedSincePreview ? ['The policy changed since the preview; this is the new difference.', ''] : []),
    p.preview.command.text.split('\n')[0],
    ...(lost.length ? ['', 'Lost:', ...lost] : []),
    ...(relying.length ? ['', 'These rely on what is removed and will stop working:', ...relying] : []),
    ...(p.preview.command.destructive
      ? ['', 'The current policy is saved first; "Restore Previous Policy / Principals" puts it back.']
      : []),
  ].join('\n');
  const buttons = [RUN, ...(p.preview.mergeInstead ? [MERGE] : []), EDIT];
  const ask = losing ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const title = losing
    ? 'This change removes from the managed identity policy.'
    : replacing
      ? 'This replaces the whole managed identity policy (nothing in it is lost).'
      : 'Change the managed identity policy?';
  const choice = await ask(title, { modal: true, detail }, ...buttons);
  if (choice === RUN) return 'run';
  if (choice === MERGE) return 'merge';
  if (choice === EDIT) return 'editor';
  throw new CancelledError();
}

/** After a plan: success, or exactly what ran, failed and did not run, with the rest ready to run again in an editor. */
export async function showPlanReport(title: string, report: PlanReport): Promise<void> {
  const lines = formatPlanReport(report);
  if (!report.failed && !report.cancelled) {
    void vscode.window.showInformationMessage(
      `${title}: done (${report.ran.length} step${report.ran.length === 1 ? '' : 's'}).`,
    );
    return;
  }
  const rest = remainingSteps(report);
  const choice = await vscode.window.showErrorMessage(
    `${title}: ${report.failed ? 'stopped at a failure' : 'cancelled'}.`,
    { modal: true, detail: lines.join('\n') },
    ...(rest.length ? ['Open remaining steps in editor'] : []),
  );
  if (choice)
    await openInEditor(
      `// ${title}: the steps that did not complete\n${lines.map((l) => `// ${l}`).join('\n')}\n\n${stepsScript(rest)}`,
    );
}
