// The audit as SARIF: its rule table (help and fix), each finding located at its cluster (and database) URL.
import type { AuditReport } from '../../core/audit/report';
import { auditRules } from '../../core/audit/rules';
import { LEVEL, sarifLog, sarifText } from './sarif';
import { cliVersion } from './version';

export function auditSarif(report: AuditReport): string {
  return sarifText(
    sarifLog(
      auditRules().map((r) => ({
        id: r.id,
        name: r.name,
        description: r.help.replace(/`/g, "'"),
        help: `${r.help} ${r.fix}`,
        level: LEVEL[r.severity],
      })),
      report.findings.map((f) => ({
        ruleId: f.rule,
        level: LEVEL[f.severity],
        message: [f.message, f.advice].filter(Boolean).join('. '),
        artifact: `${f.clusterUri.replace(/\/+$/, '')}${f.database ? `/${encodeURIComponent(f.database)}` : ''}`,
        logical: [f.resourceId ?? f.cluster, f.database, f.subject].filter(Boolean).join('/'),
        commands: f.fixes,
      })),
      cliVersion(),
    ),
  );
}
