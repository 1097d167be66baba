// adx-identity audit: every cluster the credential sees, judged for identity hygiene; Markdown, JSON or SARIF.
import { auditCluster, type AuditFinding } from '../core/audit/judge';
import { auditExitCode, formatAuditMarkdown, type AuditReport } from '../core/audit/report';
import { ClientFactory, DEFAULT_CONCURRENCY, type FactoryOptions } from '../services/factory';
import { AUTH_USAGE, AuthUsageError, openCliAccess } from './auth';
import { readClusters, readInventory } from './auditFleet';
import { auditSarif } from './formats/audit';
import type { CliIo } from './io';

export const AUDIT_USAGE = `Usage: adx-identity audit --auth MODE|--sandbox FILE|JSON [options]

Audits every Kusto cluster the credential can see (Azure Resource Graph for the inventory): identities allowed All,
failing or disabled continuous exports, object ids of identities the cluster no longer has (orphaned), identities
allowed but unused, flows whose identity lacks a role or usage, and what could not be read. Rules: docs/ci.md.
Options:
  --subscription ID        only these subscriptions (repeat the flag, or separate with commas)
  --format markdown|json|sarif   output (default markdown)
  --concurrency N          requests in flight at once across all clusters (default ${DEFAULT_CONCURRENCY})
  --now ISO-DATE           the time to judge against (default: now)
${AUTH_USAGE}
Progress goes to stderr. Exit: 0 no error-level finding (warnings allowed), 1 an error-level finding,
2 usage error or the inventory could not be read.
`;

const FLAGS = ['auth', 'cloud', 'sandbox', 'subscription', 'format', 'concurrency', 'now'];
const FORMATS = ['markdown', 'json', 'sarif'];

export interface AuditEnvironment {
  readonly vars?: Record<string, string | undefined>;
  readonly factory?: FactoryOptions;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export async function runAudit(args: readonly string[], io: CliIo, env: AuditEnvironment = {}): Promise<number> {
  const fail = (problem: string): number => {
    io.stderr(`adx-identity audit: ${problem}\n${AUDIT_USAGE}`);
    return 2;
  };
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(AUDIT_USAGE);
    return 0;
  }
  const o: Record<string, string> = {};
  const subscriptions: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!m || !FLAGS.includes(m[1])) return fail(`unknown argument '${args[i]}'`);
    const value = m[2] ?? args[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--'))) return fail(`--${m[1]} needs a value`);
    if (m[1] === 'subscription')
      subscriptions.push(
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
    else o[m[1]] = value;
  }
  const format = o.format ?? 'markdown';
  if (!FORMATS.includes(format)) return fail(`--format must be ${FORMATS.join(', ')}`);
  const concurrency =
    o.concurrency === undefined ? (env.factory?.concurrency ?? DEFAULT_CONCURRENCY) : Number(o.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) return fail('--concurrency must be a whole number above 0');
  const now = o.now ? new Date(o.now) : new Date();
  if (Number.isNaN(now.getTime())) return fail(`--now '${o.now}' is not a date`);
  const factory = new ClientFactory({ ...env.factory, concurrency, version: 'cli' });
  try {
    let access;
    try {
      access = await openCliAccess(o, factory, env.vars ?? process.env);
    } catch (e) {
      if (e instanceof AuthUsageError) return fail(e.message);
      throw e;
    }
    if (!access.arm || !access.account)
      return fail(`audit needs ARM to find the clusters: give --auth or --sandbox (${access.describe} has none)`);
    let inventory;
    try {
      inventory = await readInventory(factory, access.account, subscriptions);
    } catch (e) {
      io.stderr(`adx-identity audit: cannot list the clusters (${access.describe}): ${message(e)}\n`);
      return 2;
    }
    const total = inventory.clusters.length;
    io.stderr(`audit: ${total} cluster(s) in ${inventory.subscriptions.length} subscription(s)\n`);
    let shown = 0;
    const reads = await readClusters(factory, inventory.clusters, concurrency, (done) => {
      // One line per tenth (and the last): readable in a pipeline log, where a carriage return does not redraw.
      const step = Math.floor((done * 10) / Math.max(total, 1));
      if (step > shown || done === total) {
        shown = step;
        io.stderr(`audit: ${done}/${total} clusters read\n`);
      }
    });
    const findings: AuditFinding[] = reads.flatMap((r) =>
      r.facts ? auditCluster(r.facts, inventory.identities, now) : [],
    );
    const report: AuditReport = {
      subscriptions: inventory.subscriptions.length,
      clusters: reads.map((r) => ({
        name: r.ref.cluster.name,
        uri: r.ref.cluster.uri,
        ...(r.ref.cluster.resourceId ? { resourceId: r.ref.cluster.resourceId } : {}),
        ...(r.ref.subscription ? { subscriptionId: r.ref.subscription.subscriptionId } : {}),
        databases: r.facts?.databases.length ?? 0,
        ...(r.error ? { error: r.error } : {}),
      })),
      findings,
      gaps: inventory.gaps,
    };
    io.stdout(
      format === 'json'
        ? `${JSON.stringify(report, null, 2)}\n`
        : format === 'sarif'
          ? auditSarif(report)
          : formatAuditMarkdown(report),
    );
    return auditExitCode(report);
  } finally {
    await factory.dispose();
  }
}
