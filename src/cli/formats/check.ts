// `check` reports in the CI formats: SARIF (the cluster, or the export's script, as location), JUnit, annotations.
import {
  armFixLines,
  armFixPermission,
  armFixSummary,
  explainReport,
  explanationLines,
} from '../../core/access/explain';
import type { CheckResult, FlowReport } from '../../core/workflows/types';
import { annotation } from './github';
import { junitXml } from './junit';
import { sarifLog, sarifText, type SarifLevel, type SarifRuleInput } from './sarif';
import { cliVersion } from './version';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** Where a finding of this report lives: the script the export is kept in, else the database's URL. */
export interface CheckPlace {
  readonly clusterUrl: string;
  readonly script?: string;
}

const ruleId = (report: FlowReport, c: CheckResult): string => `${report.flow}/${c.id}`;

function details(c: CheckResult, report: FlowReport): string {
  return [
    c.reason,
    ...c.fixes.map(
      (f) => `fix${f.database ? ` (in ${f.database})` : ''}${f.destructive ? ' [destructive]' : ''}: ${f.text}`,
    ),
    ...(c.verdict === 'passed' ? [] : (c.armFixes ?? [])).flatMap((o) => armFixLines(o)),
    ...(c.advice ? [`advice: ${c.advice}`] : []),
    ...explanationText(report, c),
  ].join('\n');
}

/** The ARM fixes of a check as data, for the SARIF result's properties. */
const armFixesData = (c: CheckResult) =>
  (c.armFixes ?? []).map((o) => ({
    title: o.fix.title,
    summary: armFixSummary(o.fix),
    method: o.fix.request.method,
    path: o.fix.request.path,
    body: o.fix.request.body,
    canApply: o.canApply,
    permission: armFixPermission(o),
    az: o.fix.az,
    bicep: o.fix.bicep,
  }));

/** On the check that records an export's failure: the explainer's verdict (the broken link and its fix). */
function explanationText(report: FlowReport, c: CheckResult): string[] {
  const e = explainReport(report);
  return e && e.failure === c.reason ? ['Why the export fails:', ...explanationLines(e, '  ')] : [];
}

const artifactOf = (report: FlowReport, place: CheckPlace): string =>
  place.script ??
  `${place.clusterUrl.replace(/\/+$/, '')}${report.database ? `/${encodeURIComponent(report.database)}` : ''}`;

export function checkSarif(report: FlowReport, place: CheckPlace): string {
  const open = report.checks.filter((c) => c.verdict !== 'passed');
  const rules: SarifRuleInput[] = [];
  for (const c of open) {
    const id = ruleId(report, c);
    if (rules.some((r) => r.id === id)) continue;
    rules.push({
      id,
      name: c.id,
      description: `${report.flow} readiness: ${c.title}`,
      help: `A prerequisite of the ${report.flow} flow, judged by adx-identity check. When it fails, the result carries the management commands that fix it (properties.commands), the Azure changes that fix it (properties.armFixes: the request, az and Bicep) or what to do outside Kusto. Flags and flows: docs/workflows.md.`,
      level: 'error',
    });
  }
  const level = (c: CheckResult): SarifLevel => (c.verdict === 'failed' ? 'error' : 'note');
  return sarifText(
    sarifLog(
      rules,
      open.map((c) => ({
        ruleId: ruleId(report, c),
        level: level(c),
        message: `${c.verdict === 'unknown' ? 'Unknown: ' : ''}${c.title}${c.subject && !c.title.includes(c.subject) ? ` (${c.subject})` : ''}: ${details(c, report)}`,
        artifact: artifactOf(report, place),
        logical: [report.cluster, report.database, c.subject].filter(Boolean).join('/'),
        commands: c.fixes,
        ...(c.armFixes?.length ? { properties: { armFixes: armFixesData(c) } } : {}),
      })),
      cliVersion(),
    ),
  );
}

/** One suite for the flow; a failed check a failure, an unknown one skipped (it needs a look), a passed one passes. */
export function checkJunit(report: FlowReport): string {
  const suite = `${report.flow} on ${report.cluster}${report.database ? `/${report.database}` : ''}`;
  return junitXml('adx-identity check', [
    {
      name: suite,
      cases: report.checks.map((c) => {
        const name = `${c.title}${c.subject && !c.title.includes(c.subject) ? ` (${c.subject})` : ''}`;
        const classname = `${report.flow}.${c.id}`;
        if (c.verdict === 'failed')
          return { name, classname, failure: { message: c.reason, type: c.id, text: details(c, report) } };
        if (c.verdict === 'unknown') return { name, classname, skipped: c.reason, output: details(c, report) };
        return { name, classname, output: c.reason };
      }),
    },
  ]);
}

export function checkAnnotations(report: FlowReport, place: CheckPlace): string {
  return report.checks
    .filter((c) => c.verdict !== 'passed')
    .map((c) =>
      annotation({
        level: c.verdict === 'failed' ? 'error' : 'warning',
        title: `${report.flow}: ${c.title}`,
        ...(place.script ? { file: place.script } : {}),
        message: details(c, report),
      }),
    )
    .join('');
}

export function formatCheck(
  report: FlowReport,
  format: Exclude<CheckFormat, 'text' | 'json'>,
  place: CheckPlace,
): string {
  return format === 'sarif' ? checkSarif(report, place) : checkJunit(report);
}
