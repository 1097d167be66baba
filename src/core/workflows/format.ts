// A flow report as plain text (the CLI's and a log's form) and as JSON-ready data.
import { redact } from '../operations/redact';
import { armFixLines, explainReport, explanationLines } from '../access/explain';
import type { FlowReport, Verdict } from './types';

const MARK: Record<Verdict, string> = { passed: 'PASS', failed: 'FAIL', unknown: '????' };

/** The report with every text a user sees passed through redaction (an export's failure details may hold a SAS or key). */
export function redactReport(report: FlowReport): FlowReport {
  return {
    ...report,
    checks: report.checks.map((c) => ({
      ...c,
      title: redact(c.title),
      reason: redact(c.reason),
      ...(c.advice ? { advice: redact(c.advice) } : {}),
      fixes: c.fixes.map((f) => ({ ...f, text: redact(f.text) })),
    })),
    ...(report.artifacts ? { artifacts: report.artifacts.map((a) => ({ ...a, text: redact(a.text) })) } : {}),
  };
}

export function formatReportText(full: FlowReport): string {
  const report = redactReport(full);
  const head = `${report.flow} on ${report.cluster}${report.database ? `/${report.database}` : ''}: ${report.verdict.toUpperCase()}`;
  const lines = [head];
  for (const c of report.checks) {
    lines.push(
      `  [${MARK[c.verdict]}] ${c.title}${c.subject && !c.title.includes(c.subject) ? ` (${c.subject})` : ''}`,
    );
    lines.push(`         ${c.reason}`);
    for (const f of c.fixes)
      lines.push(
        `         fix${f.database ? ` (in ${f.database})` : ''}${f.destructive ? ' [destructive]' : ''}: ${f.text}`,
      );
    for (const o of c.verdict === 'passed' ? [] : (c.armFixes ?? [])) lines.push(...armFixLines(o, '         '));
    if (c.advice) lines.push(`         advice: ${c.advice}`);
  }
  const explained = explainReport(report);
  if (explained) lines.push('', 'Why the export fails:', ...explanationLines(explained, '  '));
  for (const a of report.artifacts ?? []) {
    lines.push('', `--- ${a.title} ---`, a.text.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/** Every fix of every failed check, in order, without duplicates: what to run to make the flow pass. */
export function fixesOf(report: FlowReport): FlowReport['checks'][number]['fixes'] {
  const seen = new Set<string>();
  return report.checks
    .filter((c) => c.verdict !== 'passed')
    .flatMap((c) => c.fixes)
    .filter((f) => {
      const key = `${f.database ?? ''}\n${f.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
