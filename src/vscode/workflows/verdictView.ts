// The verdict view: one webview panel showing the latest readiness verdict; its buttons post messages back.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PlanReport } from '../../core/operations';
import type { FlowReport, FlowRequest } from '../../core/workflows';
import type { ClusterRef } from '../../services/catalog';
import { flowLabel } from './flowInputs';
import { verdictHtml, type ReportExplanation, type VerdictMessage } from './verdictHtml';

/** A verdict with what produced it, so "Check again" and "Run fixes" act on the same cluster and inputs. */
export interface ShownVerdict {
  readonly ref: ClusterRef;
  /** The cluster's tree node, to refresh after fixes ran. */
  readonly nodeId?: string;
  readonly request: FlowRequest;
  readonly report: FlowReport;
  /** The fix run that led to this verdict, when there was one. */
  readonly plan?: PlanReport;
  /** Why a failure happened (Explain Failure): the broken link and the checks that fix it. */
  readonly explanation?: ReportExplanation;
}

/** "Continuous export ArchiveJoin — adxfull/Analytics": what was checked, in the user's words. */
export function verdictTitle(r: FlowRequest, cluster: string): string {
  const what =
    r.flow === 'continuous-export'
      ? r.exportName
      : r.flow === 'external-table'
        ? r.table
        : r.flow === 'native-ingestion'
          ? r.connection
          : 'table' in r
            ? r.table
            : undefined;
  return `${flowLabel(r.flow)}${what ? ` ${what}` : ''} — ${cluster}/${r.database}`;
}

export class VerdictView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** What the view shows now (the in-host tests read it through the API). */
  current: ShownVerdict | undefined;

  constructor(
    private readonly onMessage: (message: VerdictMessage, shown: ShownVerdict) => Promise<void>,
    /** The newest recorded Azure change's title, for the undo button. */
    private readonly lastChange: () => string | undefined = () => undefined,
  ) {}

  show(verdict: ShownVerdict): void {
    this.current = verdict;
    const title = verdictTitle(verdict.request, verdict.report.cluster);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('adxIdentity.readiness', title, vscode.ViewColumn.Active, {
        enableScripts: true,
        retainContextWhenHidden: true,
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
      this.panel.webview.onDidReceiveMessage((m: VerdictMessage) => {
        if (this.current) void this.onMessage(m, this.current);
      });
    }
    this.panel.title = `Readiness: ${title}`;
    this.panel.webview.html = verdictHtml({
      cspSource: this.panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64url'),
      title,
      report: verdict.report,
      plan: verdict.plan,
      lastChange: this.lastChange(),
      ...(verdict.explanation ? { explanation: verdict.explanation } : {}),
    });
    this.panel.reveal();
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
