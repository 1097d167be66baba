// Registers the readiness and whole-cluster commands, and returns what the API object exposes of them.
import type * as vscode from 'vscode';
import { IAC_FORMATS, type IacFormat } from '../../core/iac';
import type { PlanReport } from '../../core/operations';
import type { DriftItem, FlowReport, FlowRequest } from '../../core/workflows';
import type { Operations } from '../../services/operations/operations';
import type { ModelNode } from '../../services/tree/node';
import { registerCommands, type CommandFn } from '../commands/registry';
import { clusterOf, modelOf } from '../commands/targets';
import { getLog } from '../log';
import type { TreeApi } from '../tree/register';
import { showClusterReport, showDrift, showIdentityCode, showSnapshot, SnapshotDocuments } from './clusterViews';
import { flowOf, requestFor } from './flowInputs';
import { Readiness } from './readiness';
import { armFixesOf, AzureFixes } from './armFixes';
import { ArmApplier, type ArmApplyOutcome } from '../../services/access/apply';
import type { ArmChange } from '../../core/access';
import type { ShownVerdict } from './verdictView';
import type { ReportExplanation } from './verdictHtml';

export const WORKFLOW_COMMANDS = {
  checkReadiness: 'adxIdentity.checkReadiness',
  clusterReport: 'adxIdentity.clusterReport',
  snapshot: 'adxIdentity.snapshotCluster',
  compare: 'adxIdentity.compareWithSnapshot',
  exportCode: 'adxIdentity.exportIdentityCode',
  undoAzureChange: 'adxIdentity.undoAzureChange',
  explainFailure: 'adxIdentity.explainFailure',
} as const;

/** What the test API exposes: the same code the commands run once their inputs are known. */
export interface WorkflowsApi {
  /** Checks a flow on the cluster of a tree node (the cluster or anything below it) and shows the verdict. */
  check(node: ModelNode, request: FlowRequest): Promise<FlowReport>;
  /**
   * Runs the fixes of the verdict shown — the Kusto commands and the Azure fixes the caller may apply, as the Grant
   * button does (a caller of the API has decided: no modal) — re-checks and shows the new verdict.
   */
  runFixes(): Promise<{ plan: PlanReport; after: FlowReport; arm: ArmApplyOutcome[] }>;
  /** The Azure changes recorded for undo, newest first. */
  azureChanges(): ArmChange[];
  /** Undoes the newest recorded Azure change without the modal, and re-checks the verdict shown. */
  undoLastAzureChange(): Promise<void>;
  /** Explain Failure on a failure node or a failing export: the verdict shown headed by the explainer's answer. */
  explain(node: ModelNode): Promise<ReportExplanation>;
  /** The verdict the view shows now. */
  readonly current: ShownVerdict | undefined;
  /** The cluster report's Markdown, opened in an editor with its preview. */
  report(node: ModelNode): Promise<string>;
  /** The snapshot script, opened in an editor. */
  snapshot(node: ModelNode): Promise<string>;
  /**
   * Drift from a saved snapshot script, or from Bicep / Terraform / ARM JSON (`savedName` ends in .bicep, .tf, .json):
   * the diff and the reconciling script open in editors.
   */
  drift(node: ModelNode, savedScript: string, savedName?: string): Promise<DriftItem[]>;
}

export function registerWorkflows(context: vscode.ExtensionContext, tree: TreeApi, ops: Operations): WorkflowsApi {
  const log = getLog();
  const azure = new AzureFixes(new ArmApplier(tree.catalog, context.globalState), log);
  const readiness = new Readiness(tree, ops, log, azure);
  const snapshots = new SnapshotDocuments();
  const handlers: Record<string, CommandFn> = {
    [WORKFLOW_COMMANDS.checkReadiness]: async (node) => {
      const flow = await flowOf(node);
      const cluster = await clusterOf(tree, node);
      const request = await requestFor(tree, cluster, flow, node);
      return readiness.check(cluster.ref, request, cluster.clusterId);
    },
    [WORKFLOW_COMMANDS.clusterReport]: async (node) =>
      showClusterReport(tree.catalog, (await clusterOf(tree, node)).ref),
    [WORKFLOW_COMMANDS.snapshot]: async (node) => showSnapshot(tree.catalog, (await clusterOf(tree, node)).ref),
    [WORKFLOW_COMMANDS.compare]: async (node) => showDrift(tree.catalog, (await clusterOf(tree, node)).ref, snapshots),
    // A second argument (`bicep`, `terraform`, `arm`) skips the format pick, for keybindings and other callers.
    [WORKFLOW_COMMANDS.exportCode]: async (node, format) =>
      showIdentityCode(
        tree.catalog,
        (await clusterOf(tree, node)).ref,
        IAC_FORMATS.includes(format as IacFormat) ? (format as IacFormat) : undefined,
      ),
    [WORKFLOW_COMMANDS.explainFailure]: (node) => explain(node),
    [WORKFLOW_COMMANDS.undoAzureChange]: async (node) => {
      const shown = readiness.view.current;
      // The account that signs the undo: the verdict's cluster, the one that applied a fix, or a cluster the user picks.
      const ref = shown?.ref ?? (azure.hasAccount ? undefined : (await clusterOf(tree, node)).ref);
      return readiness.undoLast(shown, ref);
    },
  };
  // A failure node explains its own text; an export (or the palette) explains the failure its report records.
  const explain = async (node: unknown) => {
    const cluster = await clusterOf(tree, node);
    const request = await requestFor(tree, cluster, 'continuous-export', node);
    return readiness.explain(cluster.ref, request, cluster.clusterId, modelOf(node)?.exportFailure?.details);
  };
  context.subscriptions.push(readiness, snapshots.register(), ...registerCommands(handlers));
  return {
    async check(node, request) {
      const cluster = await clusterOf(tree, node);
      return readiness.check(cluster.ref, request, cluster.clusterId);
    },
    runFixes() {
      const shown = readiness.view.current;
      if (!shown) throw new Error('No verdict is shown: run a check first.');
      const arm = armFixesOf(shown.report).filter((o) => o.canApply !== 'no');
      return readiness.runFixes(shown, undefined, arm);
    },
    azureChanges: () => azure.changes(),
    explain: (node) => explain(node),
    undoLastAzureChange: () => readiness.undoLast(readiness.view.current, undefined, true),
    get current() {
      return readiness.view.current;
    },
    async report(node) {
      return showClusterReport(tree.catalog, (await clusterOf(tree, node)).ref);
    },
    async snapshot(node) {
      return showSnapshot(tree.catalog, (await clusterOf(tree, node)).ref);
    },
    async drift(node, savedScript, savedName) {
      return showDrift(tree.catalog, (await clusterOf(tree, node)).ref, snapshots, savedScript, savedName);
    },
  };
}
