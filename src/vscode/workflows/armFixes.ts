// Azure fixes from a readiness verdict: a modal naming the role, the scope and the identity before the ARM request,
// copies of the az / Bicep text, and undo of the recorded changes.
import * as vscode from 'vscode';
import { armFixSummary, type ArmChange, type ArmFixOffer } from '../../core/access';
import type { FlowReport } from '../../core/workflows';
import { ArmApplier, type ArmApplyOutcome } from '../../services/access/apply';
import type { ClusterRef } from '../../services/catalog';
import type { CloudAccount } from '../../services/model';
import { CancelledError, RefusedError } from '../../core/operations';
import { withProgress } from '../commands/registry';
import { armFixVerb } from './verdictHtml';

/** Every offered ARM fix of the report's open checks, once each (two checks may offer the same grant). */
export function armFixesOf(report: FlowReport): ArmFixOffer[] {
  const seen = new Set<string>();
  return report.checks
    .filter((c) => c.verdict !== 'passed')
    .flatMap((c) => c.armFixes ?? [])
    .filter((o) => {
      const key = `${o.fix.request.method} ${o.fix.request.path.toLowerCase()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The modal's text: what changes (role, scope, identity), what is sent, and that RBAC takes minutes. */
export function armFixQuestion(o: ArmFixOffer): { message: string; detail: string } {
  const f = o.fix;
  const lines =
    f.kind === 'roleAssignment' || f.kind === 'cosmosSqlRoleAssignment'
      ? [`Role: ${f.roleName}`, `Scope: ${f.scope}`, `Identity: ${f.identityLabel} (object id ${f.principalId})`]
      : [armFixSummary(f)];
  const timing =
    f.kind === 'roleAssignment' || f.kind === 'cosmosSqlRoleAssignment'
      ? 'Azure RBAC can take several minutes (up to about 10) to propagate; the check runs again afterwards — if it still fails, use Check again in a few minutes.'
      : 'Network rule changes take a few minutes to take effect; the check runs again afterwards.';
  return {
    message: `${f.title}?`,
    detail: [
      ...lines,
      '',
      `This sends ${f.request.method} ${f.request.path} to Azure Resource Manager as you.`,
      timing,
      'The change is recorded: "Undo Last Azure Change…" removes it.',
    ].join('\n'),
  };
}

/** Applies ARM fixes as the signed-in account of the cluster; keeps the account used, for undo from the palette. */
export class AzureFixes {
  readonly applier: ArmApplier;
  private lastAccount: { account: CloudAccount; tenantId?: string } | undefined;

  constructor(
    applier: ArmApplier,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.applier = applier;
  }

  private accountOf(ref: ClusterRef): CloudAccount {
    if (!ref.account)
      throw new RefusedError(
        `${ref.cluster.name} was added by URL, without an Azure account: copy the az command or the Bicep instead.`,
      );
    return ref.account;
  }

  /** Asks with a modal naming role, scope and identity; resolves false when the user said no. */
  async confirm(o: ArmFixOffer): Promise<boolean> {
    const q = armFixQuestion(o);
    const verb = armFixVerb(o);
    return (await vscode.window.showWarningMessage(q.message, { modal: true, detail: q.detail }, verb)) === verb;
  }

  /** Sends the fix (no question asked here), logging the outcome; a refusal carries the reason and the copy texts. */
  async apply(ref: ClusterRef, o: ArmFixOffer): Promise<ArmApplyOutcome> {
    if (o.canApply === 'no') return { status: 'refused', reason: o.whyNot ?? '', az: o.fix.az, bicep: o.fix.bicep };
    const account = this.accountOf(ref);
    const tenantId = ref.subscription?.tenantId;
    const outcome = await withProgress(o.fix.title, () => this.applier.apply(account, o.fix, tenantId));
    if (outcome.status === 'applied') {
      this.lastAccount = { account, ...(tenantId ? { tenantId } : {}) };
      this.log.info(`azure fix applied${outcome.alreadyThere ? ' (it was already there)' : ''}: ${o.fix.title}`);
    } else this.log.warn(`azure fix refused: ${o.fix.title}: ${outcome.reason}`);
    return outcome;
  }

  /** Tells the user what happened, offering the copy texts when it was refused. */
  async announce(outcome: ArmApplyOutcome, o: ArmFixOffer, after?: FlowReport): Promise<void> {
    if (outcome.status === 'applied') {
      const verdict = after ? ` The check now says: ${after.verdict}.` : '';
      void vscode.window.showInformationMessage(
        `${outcome.alreadyThere ? 'Already in place' : 'Done'}: ${o.fix.title}. ${outcome.note}${verdict}`,
      );
      return;
    }
    const pick = await vscode.window.showWarningMessage(
      `Not applied: ${outcome.reason}`,
      'Copy az command',
      'Copy Bicep',
    );
    if (pick === 'Copy az command') await this.copy(o, 'az');
    else if (pick === 'Copy Bicep') await this.copy(o, 'bicep');
  }

  async copy(o: ArmFixOffer, what: 'az' | 'bicep'): Promise<void> {
    await vscode.env.clipboard.writeText(what === 'az' ? o.fix.az : o.fix.bicep);
    vscode.window.setStatusBarMessage(`Copied the ${what === 'az' ? 'az command' : 'Bicep'}: ${o.fix.title}`, 3000);
  }

  /** Whether an account that applied a fix in this window can sign an undo. */
  get hasAccount(): boolean {
    return this.lastAccount !== undefined;
  }

  /** The recorded changes, newest first. */
  changes(): ArmChange[] {
    return this.applier.changes.list();
  }

  /**
   * Undoes a recorded change after a modal; `account` signs the request (default: the one that applied a fix in this
   * window). `confirmed` skips the modal (the test API has decided).
   */
  async undo(change: ArmChange, ref: ClusterRef | undefined, confirmed = false): Promise<void> {
    const signer = ref?.account
      ? { account: ref.account, tenantId: ref.subscription?.tenantId }
      : (this.lastAccount ?? undefined);
    if (!signer) throw new RefusedError('No Azure account to undo the change with: pick a cluster of that account.');
    if (!confirmed) {
      const what =
        change.kind === 'roleAssignment' || change.kind === 'cosmosSqlRoleAssignment'
          ? change.created
            ? 'This deletes the role assignment it created.'
            : 'The role was already assigned before: nothing is deleted, the record is dropped.'
          : change.kind === 'storageResourceAccessRule'
            ? "This puts back the storage account's network rules as they were before."
            : change.kind === 'eventHubTrustedServices'
              ? "This puts back the Event Hubs namespace's network rules as they were before."
              : "This puts back the cluster's allowedFqdnList as it was before.";
      const choice = await vscode.window.showWarningMessage(
        `Undo "${change.title}"?`,
        { modal: true, detail: `Applied ${change.appliedAt}.\n${what}` },
        'Undo',
      );
      if (choice !== 'Undo') throw new CancelledError();
    }
    await withProgress(`Undoing: ${change.title}`, () =>
      this.applier.undo(signer.account, change, signer.tenantId ?? ''),
    );
    this.log.info(`azure change undone: ${change.title}`);
    void vscode.window.showInformationMessage(`Undone: ${change.title}`);
  }
}
