// A readiness verdict as safe HTML: each prerequisite with ✓ / ✗ / ?, its reason, its fixes and the generated configuration.
import type { ManagementCommand } from '../../core/commands';
import { formatPlanReport, type PlanReport } from '../../core/operations';
import { fixesOf, redactReport, type CheckResult, type FlowReport, type Verdict } from '../../core/workflows';
import { armFixSummary, LINK_TITLES, type ArmFixOffer, type FailureExplanation } from '../../core/access';

/** An explained failure: the failure's text and the explainer's verdict on it. */
export type ReportExplanation = FailureExplanation & { readonly failure: string };
import { redact } from '../../core/operations';
import { escapeHtml } from '../results/format';

export const MARK: Record<Verdict, string> = { passed: '✓', failed: '✗', unknown: '?' };
const WORD: Record<Verdict, string> = { passed: 'ready', failed: 'not ready', unknown: 'ready as far as can be seen' };

/** What the webview posts back: an action and, for per-check or per-artifact buttons, the index. */
export interface VerdictMessage {
  readonly action:
    | 'openFixes'
    | 'runFixes'
    | 'openArtifact'
    | 'copyArtifact'
    | 'recheck'
    | 'applyArm'
    | 'copyAz'
    | 'copyBicep'
    | 'undoArm';
  readonly check?: number;
  readonly artifact?: number;
  /** The index of an ARM fix in the check's `armFixes`. */
  readonly fix?: number;
}

export function commandText(c: ManagementCommand): string {
  return `${c.database && !/ database /.test(c.text) ? `// run in database ${c.database}\n` : ''}${c.text}`;
}

const button = (label: string, attrs: Record<string, string | number>): string =>
  `<button ${Object.entries(attrs)
    .map(([k, v]) => `data-${k}="${escapeHtml(String(v))}"`)
    .join(' ')}>${escapeHtml(label)}</button>`;

/** The button's word: a role is granted, a rule is applied. */
export const armFixVerb = (o: ArmFixOffer): string =>
  o.fix.kind === 'roleAssignment' || o.fix.kind === 'cosmosSqlRoleAssignment' ? 'Grant' : 'Apply';

/** An Azure fix beside the Kusto ones: what it changes, Grant / Apply when the caller may, always the copy texts. */
function armFixHtml(o: ArmFixOffer, check: number, fix: number): string {
  const at = { check, fix };
  const act =
    o.canApply === 'no'
      ? `<div class="whynot">${escapeHtml(o.whyNot ?? 'You may not make this change.')}</div>`
      : `${o.whyNot ? `<div class="whynot">${escapeHtml(o.whyNot)}</div>` : ''}${button(`${armFixVerb(o)}…`, { action: 'applyArm', ...at })}`;
  return `<div class="armfix" data-kind="${escapeHtml(o.fix.kind)}" data-can-apply="${o.canApply}"><div class="label">Azure fix: ${escapeHtml(o.fix.title)}</div>
    <div class="summary">${escapeHtml(armFixSummary(o.fix))}</div>
    <details><summary>az command and Bicep</summary><pre class="az">${escapeHtml(o.fix.az)}</pre><pre class="bicep">${escapeHtml(o.fix.bicep)}</pre></details>
    ${act}${button('Copy az', { action: 'copyAz', ...at })}${button('Copy Bicep', { action: 'copyBicep', ...at })}</div>`;
}

/** Explain Failure's verdict: the failure, the broken link, why, and the checks below whose fixes mend it. */
function explanationHtml(e: ReportExplanation, report: FlowReport): string {
  const titles = e.checks.map((c) => {
    const i = report.checks.findIndex((x) => x.id === c.id && x.subject === c.subject);
    return `<li><a href="#check-${i}">${escapeHtml(c.title)}</a>${c.armFixes?.length ? ` — ${escapeHtml(c.armFixes.map((o) => o.fix.title).join('; '))}` : ''}</li>`;
  });
  return `<section class="explanation" data-link="${escapeHtml(e.link)}"><h3>Why it failed: ${escapeHtml(LINK_TITLES[e.link])}${e.matched ? ` (${escapeHtml(e.matched)})` : ''}</h3>
    <pre>${escapeHtml(redact(e.failure))}</pre><div class="why">${escapeHtml(e.explanation)}</div>
    ${titles.length ? `<div class="label">Fix it at:</div><ul class="links">${titles.join('')}</ul>` : ''}</section>`;
}

function checkHtml(c: CheckResult, index: number): string {
  const subject =
    c.subject && !c.title.includes(c.subject) ? ` <span class="subject">(${escapeHtml(c.subject)})</span>` : '';
  const fixes =
    c.verdict !== 'passed' && c.fixes.length
      ? `<div class="fixes"><div class="label">Fix${c.fixes.length > 1 ? 'es' : ''}:</div>${c.fixes
          .map(
            (f) =>
              `<pre${f.destructive ? ' class="destructive" title="destructive"' : ''}>${escapeHtml(commandText(f))}</pre>`,
          )
          .join('')}
      ${button('Open in editor', { action: 'openFixes', check: index })}${button('Run fixes', { action: 'runFixes', check: index })}</div>`
      : '';
  const advice = c.advice ? `<div class="advice">${escapeHtml(c.advice)}</div>` : '';
  const arm = c.verdict !== 'passed' ? (c.armFixes ?? []).map((o, i) => armFixHtml(o, index, i)).join('') : '';
  return `<li class="check ${c.verdict}" id="check-${index}" data-id="${escapeHtml(c.id)}"><span class="mark" aria-label="${c.verdict}">${MARK[c.verdict]}</span>
    <div class="body"><div class="title">${escapeHtml(c.title)}${subject}</div><div class="reason">${escapeHtml(c.reason)}</div>${advice}${fixes}${arm}</div></li>`;
}

export function verdictHtml(input: {
  cspSource: string;
  nonce: string;
  title: string;
  report: FlowReport;
  plan?: PlanReport;
  /** The newest recorded Azure change, offered for undo. */
  lastChange?: string;
  explanation?: ReportExplanation;
}): string {
  const { plan, nonce } = input;
  const report = redactReport(input.report);
  const all = fixesOf(report);
  const counts = (['passed', 'failed', 'unknown'] as const)
    .map((v) => `${report.checks.filter((c) => c.verdict === v).length} ${v}`)
    .join(' · ');
  const planLines = plan ? formatPlanReport(plan) : [];
  const artifacts = (report.artifacts ?? [])
    .map(
      (a, i) => `<section class="artifact"><h3>${escapeHtml(a.title)}</h3><pre>${escapeHtml(a.text)}</pre>
    ${button('Open', { action: 'openArtifact', artifact: i })}${button('Copy', { action: 'copyArtifact', artifact: i })}</section>`,
    )
    .join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${input.cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);font-size:13px} ul{list-style:none;padding:0}
.check{display:flex;gap:8px;padding:6px 0;border-bottom:1px solid var(--vscode-panel-border)} .mark{font-weight:bold;width:1.2em;text-align:center}
.passed .mark{color:var(--vscode-testing-iconPassed)} .failed .mark{color:var(--vscode-errorForeground)} .unknown .mark{color:var(--vscode-problemsWarningIcon-foreground)}
.title{font-weight:600} .subject,.reason,.advice{opacity:.9} .advice{font-style:italic} .label{margin-top:4px}
pre{background:var(--vscode-textCodeBlock-background);padding:4px 6px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
pre.destructive{border-left:3px solid var(--vscode-errorForeground)} button{margin:2px 6px 2px 0}
.armfix{border-left:3px solid var(--vscode-textLink-foreground);padding-left:6px;margin-top:6px} .whynot{font-style:italic}
.explanation{border:1px solid var(--vscode-errorForeground);padding:4px 8px;margin:8px 0} ul.links{list-style:disc;padding-left:20px}
.verdict.failed{color:var(--vscode-errorForeground)} .plan{border:1px solid var(--vscode-panel-border);padding:4px 8px}
</style></head><body>
<h2>${escapeHtml(input.title)}</h2>
<div class="verdict ${report.verdict}">${MARK[report.verdict]} ${escapeHtml(WORD[report.verdict])} — ${escapeHtml(counts)}</div>
<div>${all.length ? `${button(`Run all fixes (${all.length})`, { action: 'runFixes' })}${button('Open all fixes in editor', { action: 'openFixes' })}` : ''}${button('Check again', { action: 'recheck' })}${input.lastChange ? button('Undo Last Azure Change…', { action: 'undoArm' }) : ''}</div>
${input.explanation ? explanationHtml(input.explanation, report) : ''}
${planLines.length ? `<div class="plan"><div class="label">Last fix run:</div>${planLines.map((l) => `<div>${escapeHtml(l)}</div>`).join('')}</div>` : ''}
<ul>${report.checks.map(checkHtml).join('')}</ul>
${artifacts ? `<h2>Generated configuration</h2>${artifacts}` : ''}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.querySelectorAll('button').forEach((b) => b.onclick = () => {
  const d = b.dataset;
  const n = (v) => (v === undefined ? undefined : Number(v));
  vscode.postMessage({ action: d.action, check: n(d.check), artifact: n(d.artifact), fix: n(d.fix) });
});
</script></body></html>`;
}
