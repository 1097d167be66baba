// The fleet audit as data (JSON) and as Markdown: what was audited, what could not be, and every finding by rule.
import type { Severity } from '../policy/types';
import type { AuditFinding } from './judge';
import { AUDIT_RULES, auditRules } from './rules';

export interface AuditedCluster {
  readonly name: string;
  readonly uri: string;
  readonly resourceId?: string;
  readonly subscriptionId?: string;
  readonly databases: number;
  /** Why the cluster could not be audited at all, when it could not. */
  readonly error?: string;
}

export interface AuditReport {
  readonly subscriptions: number;
  readonly clusters: readonly AuditedCluster[];
  readonly findings: readonly AuditFinding[];
  /** Inventory problems: a subscription Resource Graph could not list, and the like. */
  readonly gaps: readonly string[];
}

export function countBySeverity(findings: readonly AuditFinding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

const md = (text: string): string =>
  text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

export function formatAuditMarkdown(report: AuditReport): string {
  const n = countBySeverity(report.findings);
  const failed = report.clusters.filter((c) => c.error);
  const out = [
    '# Managed identity audit',
    '',
    `${report.clusters.length} cluster(s) in ${report.subscriptions} subscription(s); ` +
      `${n.error} error(s), ${n.warning} warning(s), ${n.info} note(s).`,
    '',
  ];
  if (failed.length || report.gaps.length) {
    out.push('## Not audited', '');
    for (const c of failed) out.push(`- ${md(c.name)}: ${md(c.error!)}`);
    for (const g of report.gaps) out.push(`- ${md(g)}`);
    out.push('');
  }
  for (const rule of auditRules()) {
    const hits = report.findings.filter((f) => f.rule === rule.id);
    if (!hits.length) continue;
    out.push(`## ${rule.id} ${rule.name} (${hits.length})`, '', `${rule.help} ${rule.fix}`, '');
    out.push('| Cluster | Database | Subject | Finding |', '|---|---|---|---|');
    for (const f of hits) {
      const extra = [f.advice ?? '', ...f.fixes.map((c) => `fix: ${code(c.text)}`)].filter(Boolean);
      out.push(
        `| ${md(f.cluster)} | ${md(f.database ?? '—')} | ${md(f.subject)} | ${md([f.message, ...extra].join('; '))} |`,
      );
    }
    out.push('');
  }
  if (!report.findings.length) out.push('No findings.', '');
  return `${out.join('\n')}`;
}

/** Exit code of `audit`: 1 when an error-level finding exists. */
export function auditExitCode(report: AuditReport): number {
  return report.findings.some((f) => AUDIT_RULES[f.rule].severity === 'error') ? 1 : 0;
}
