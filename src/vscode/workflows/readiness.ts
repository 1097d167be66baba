// Readiness checks in VS Code: run a check under progress, show its verdict, open or run its fixes, re-check.
import * as vscode from 'vscode';
import type { ManagementCommand } from '../../core/commands';
import { formatPlanReport, stepsScript, type PlanReport, type Step } from '../../core/operations';
import {
  fixesOf,
  formatReportText,
  type FlowReport,
  type FlowRequest,
  type GeneratedArtifact,
} from '../../core/workflows';
import type { ClusterRef } from '../../services/catalog';
import type { Operations } from '../../services/operations/operations';
import { runFlowCheck } from '../../services/workflows/run';
import { openInEditor } from '../commands/confirm';
import { runCommand, withProgress } from '../commands/registry';
import type { TreeApi } from '../tree/register';
import type { ReportExplanation, VerdictMessage } from './verdictHtml';
import { VerdictView, verdictTitle, type ShownVerdict } from './verdictView';
import { FIXES_RUN_CONTEXT } from '../onboarding/walkthrough';
import { explainFailure, explainReport, explanationLines, type ArmFixOffer } from '../../core/access';
import { RefusedError } from '../../core/operations';
import type { ArmApplyOutcome } from '../../services/access/apply';
import type { AzureFixes } from './armFixes';

const stepOf = (command: ManagementCommand): Step => {
  const first = command.text.split('\n')[0];
  return { title: first.length > 100 ? `${first.slice(0, 100)}…` : first, command };
};

export class Readiness implements vscode.Disposable {
  readonly view: VerdictView;

  constructor(
    private readonly tree: TreeApi,
    private readonly ops: Operations,
    private readonly log: vscode.LogOutputChannel,
    readonly azure: AzureFixes,
  ) {
    // The verdict's buttons take the same path as commands: logged, quiet cancel, refusal a warning, error with Show Log.
    this.view = new VerdictView(
      async (m, shown) => {
        await runCommand(`adxIdentity.verdict.${m.action}`, () => this.act(m, shown), []);
      },
      () => azure.changes()[0]?.title,
    );
  }

  /** Checks the flow on the cluster and shows the verdict. */
  async check(ref: ClusterRef, request: FlowRequest, nodeId?: string, plan?: PlanReport): Promise<FlowReport> {
    const report = await this.read(ref, request);
    this.view.show({ ref, request, report, ...(nodeId ? { nodeId } : {}), ...(plan ? { plan } : {}) });
    return report;
  }

  private async read(ref: ClusterRef, request: FlowRequest): Promise<FlowReport> {
    const report = await withProgress(`Checking readiness: ${verdictTitle(request, ref.cluster.name)}`, () =>
      runFlowCheck(this.tree.catalog, ref, request),
    );
    this.log.info(formatReportText(report));
    return report;
  }

  /**
   * Explain Failure: checks the export and shows the verdict headed by the explainer's answer for this failure text
   * (default: the failure the report records), so the fix buttons of the broken link are right below it.
   */
  async explain(
    ref: ClusterRef,
    request: FlowRequest,
    nodeId: string | undefined,
    failure: string | undefined,
  ): Promise<ReportExplanation> {
    const report = await this.read(ref, request);
    const explanation = failure ? { ...explainFailure(failure, report), failure } : explainReport(report);
    if (!explanation) {
      this.view.show({ ref, request, report, ...(nodeId ? { nodeId } : {}) });
      throw new RefusedError(`${verdictTitle(request, ref.cluster.name)} has no recorded failure to explain.`);
    }
    this.log.info(
      [`explain failure: ${failure ?? explanation.failure}`, ...explanationLines(explanation, '  ')].join('\n'),
    );
    this.view.show({ ref, request, report, explanation, ...(nodeId ? { nodeId } : {}) });
    return explanation;
  }

  /**
   * Runs the commands in order (progress; cancelling aborts the running command), stops at the first failure, refreshes the tree,
   * re-checks and shows the new verdict with what ran. The modal is the caller's: see `confirmAndRun`.
   */
  async runFixes(
    shown: ShownVerdict,
    commands: readonly ManagementCommand[] = fixesOf(shown.report),
    arm: readonly ArmFixOffer[] = [],
  ): Promise<{ plan: PlanReport; after: FlowReport; arm: ArmApplyOutcome[] }> {
    // Azure fixes first (the caller has decided): they do not depend on the Kusto ones, and the re-check sees both.
    const outcomes: ArmApplyOutcome[] = [];
    for (const o of arm) outcomes.push(await this.azure.apply(shown.ref, o));
    const steps = commands.map(stepOf);
    // The same path as every change: logged, followers refused up front, stops at the first failure.
    const plan = await withProgress('Running fixes', (report, signal) =>
      this.ops.runSteps(shown.ref, steps, { signal, onStep: (s, i, n) => report(`${i + 1}/${n} ${s.title}`) }),
    );
    this.log.info(['fixes:', ...formatPlanReport(plan)].join('\n'));
    if (plan.ran.length) this.tree.refresh(shown.nodeId);
    // The walkthrough's readiness step is done once fixes have run.
    if (plan.ran.length) void vscode.commands.executeCommand('setContext', FIXES_RUN_CONTEXT, true);
    const after = await this.check(shown.ref, shown.request, shown.nodeId, plan);
    if (steps.length) void this.summarize(plan, after);
    return { plan, after, arm: outcomes };
  }

  /** Asks with a modal naming role, scope and identity, applies one Azure fix, re-checks and says what happened. */
  async confirmAndApply(shown: ShownVerdict, offer: ArmFixOffer): Promise<void> {
    if (offer.canApply === 'no') {
      await this.azure.announce(
        { status: 'refused', reason: offer.whyNot ?? '', az: offer.fix.az, bicep: offer.fix.bicep },
        offer,
      );
      return;
    }
    if (!(await this.azure.confirm(offer))) return;
    const outcome = await this.azure.apply(shown.ref, offer);
    const after = outcome.status === 'applied' ? await this.check(shown.ref, shown.request, shown.nodeId) : undefined;
    await this.azure.announce(outcome, offer, after);
  }

  /** Undoes the newest recorded Azure change (after a modal) and re-checks what is shown. */
  async undoLast(shown: ShownVerdict | undefined, ref = shown?.ref, confirmed = false): Promise<void> {
    const [last] = this.azure.changes();
    if (!last) throw new RefusedError('No Azure change made from this extension is recorded.');
    await this.azure.undo(last, ref, confirmed);
    if (shown) await this.check(shown.ref, shown.request, shown.nodeId);
  }

  /** Asks first, naming every command, then runs them. */
  async confirmAndRun(shown: ShownVerdict, commands: readonly ManagementCommand[]): Promise<void> {
    if (!commands.length) return;
    const destructive = commands.some((c) => c.destructive);
    const detail = `${stepsScript(commands.map(stepOf))}\nThey run in order and stop at the first failure; the check runs again afterwards.`;
    const run = `Run ${commands.length} command${commands.length === 1 ? '' : 's'}`;
    const ask = destructive ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const choice = await ask(
      `Run these fixes on ${shown.ref.cluster.name}?${destructive ? ' Some are destructive.' : ''}`,
      { modal: true, detail },
      run,
      'Open in editor',
    );
    if (choice === 'Open in editor') await this.openFixes(shown, commands);
    else if (choice === run) await this.runFixes(shown, commands);
  }

  async openFixes(shown: ShownVerdict, commands: readonly ManagementCommand[]): Promise<void> {
    await openInEditor(
      `// Fixes for ${verdictTitle(shown.request, shown.report.cluster)}\n\n${stepsScript(commands.map(stepOf))}`,
    );
  }

  private async summarize(plan: PlanReport, after: FlowReport): Promise<void> {
    if (!plan.failed && !plan.cancelled) {
      void vscode.window.showInformationMessage(
        `Ran ${plan.ran.length} fix${plan.ran.length === 1 ? '' : 'es'}; the check now says: ${after.verdict}.`,
      );
      return;
    }
    await vscode.window.showErrorMessage(`Fixes ${plan.failed ? 'stopped at a failure' : 'cancelled'}.`, {
      modal: true,
      detail: formatPlanReport(plan).join('\n'),
    });
  }

  private async act(m: VerdictMessage, shown: ShownVerdict): Promise<void> {
    const check = m.check === undefined ? undefined : shown.report.checks[m.check];
    const commands = check ? check.fixes : fixesOf(shown.report);
    const artifact = m.artifact === undefined ? undefined : shown.report.artifacts?.[m.artifact];
    const offer = m.fix === undefined ? undefined : check?.armFixes?.[m.fix];
    switch (m.action) {
      case 'openFixes':
        return this.openFixes(shown, commands);
      case 'runFixes':
        return this.confirmAndRun(shown, commands);
      case 'recheck':
        await this.check(shown.ref, shown.request, shown.nodeId);
        return;
      case 'openArtifact':
        if (artifact) await openArtifact(artifact);
        return;
      case 'applyArm':
        if (offer) await this.confirmAndApply(shown, offer);
        return;
      case 'copyAz':
      case 'copyBicep':
        if (offer) await this.azure.copy(offer, m.action === 'copyAz' ? 'az' : 'bicep');
        return;
      case 'undoArm':
        return this.undoLast(shown);
      case 'copyArtifact':
        if (!artifact) return;
        await vscode.env.clipboard.writeText(artifact.text);
        vscode.window.setStatusBarMessage(`Copied ${artifact.title}`, 3000);
    }
  }

  dispose(): void {
    this.view.dispose();
  }
}

/** Generated configuration in an untitled editor with its language, ready to save into the other service's project. */
export async function openArtifact(a: GeneratedArtifact): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({
    language: a.language === 'text' ? 'plaintext' : a.language,
    content: a.text,
  });
  await vscode.window.showTextDocument(doc, { preview: false });
}
