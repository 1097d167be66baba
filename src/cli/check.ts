// adx-identity check: a flow's readiness checks against a live cluster, for pipelines (exit 1 when a prerequisite fails).
import type { ColumnInput } from '../core/commands/externalTables';
import type { ClusterFacts } from '../core/workflows/types';
import { isGuid } from '../core/guid';
import { FLOWS, type FlowName, type FlowReport } from '../core/workflows/types';
import { runChecks, type FlowRequest } from '../core/workflows/flows';
import { formatReportText } from '../core/workflows/format';
import { explainReport, LINK_TITLES } from '../core/access/explain';
import { formatDrift } from '../core/workflows/drift';
import { readSnapshotScript, type ClusterSnapshot } from '../core/workflows/snapshot';
import { exportIac, iacFormatOf, importIac, IAC_FORMATS, type IacFormat } from '../core/iac';
import { Catalog, type ClusterRef } from '../services/catalog';
import { clusterReport, driftFrom, snapshotCluster } from '../services/workflows/cluster';
import { ClientFactory, type FactoryOptions } from '../services/factory';
import { gatherForFlow, withClientId } from '../services/workflows/run';
import { AUTH_FLAGS, AUTH_USAGE, AuthUsageError, cliClusterRef, openCliAccess } from './auth';
import { CHECK_FORMATS, checkAnnotations, formatCheck, type CheckFormat } from './formats/check';
import { inGitHubActions } from './formats/github';
import type { CliIo } from './io';
import { redactedIo } from './output';
import { DeadlineExceeded, failedReads, formatFailedReads, limitsFrom, readWithin, type RunLimits } from './checkRun';

export const CHECK_USAGE = `Usage: adx-identity check --cluster URL|--resource-id ID --flow NAME [options]

Flows: ${FLOWS.join(', ')}
Whole cluster: --flow report (Markdown matrix), --flow snapshot (.kql script; --format bicep|terraform|arm for code),
--flow drift --snapshot FILE or --from-iac FILE (a .bicep, .tf or ARM .json file; exit 1 on drift)
Options:
  --database DB            the database (required by every flow)
  --export NAME            continuous-export: the export
  --script FILE            continuous-export, external-table: the .kql file kept in git (checks managedIdentity is quoted;
                           auth modes the service masks in .show external tables are read from it)
  --table NAME             external-table: one table; stream-analytics, functions, iot-operations: the target table;
                           update-policy: the table the update policy fills (required)
  --connection NAME        native-ingestion: one data connection
  --identity ID            system or an object id: the identity the export / external tables / update policy should use, the policy to check
                           without ARM (native-ingestion); stream-analytics, functions, iot-operations: the service's object id
  --client-id ID           functions: the identity's client id; iot-operations with --endpoint-auth user
  --tenant ID              the tenant written into added principals, and the iot-operations user-assigned tenantId
  --binding input|output|both   functions (default both)
  --columns a:type,b:type  stream-analytics, functions, iot-operations: columns for the offered .create table
  --endpoint-auth system|user   iot-operations endpoint authentication (default system)
  --audience URL --endpoint-name NAME --latency-seconds N --max-messages N --api-version GROUP/VERSION   iot-operations YAML
  --snapshot FILE          drift: a script written by --flow snapshot
  --from-iac FILE          drift: Bicep, Terraform or ARM JSON (its identity, principal assignments and scripts)
  --format text|json|sarif|junit   output (default text; sarif and junit for the flows, not report/snapshot/drift);
                           a failed check's Azure fixes (role assignment, firewall rule) come with az and Bicep text;
                           a failing continuous export with the explainer's broken link (json: "explanation")
                           snapshot: also bicep, terraform or arm (Microsoft.Kusto 2024-04-13)
  --now ISO-DATE           the time to judge "last 7 days" against (default: now)
  --timeout SECONDS        per request (default 60); --deadline SECONDS: the whole run (default 300)
${AUTH_USAGE}With ARM the cluster's identities, data connections, followers and streaming flag come from ARM, as in the extension;
without it identity assignment comes from the policy's service-filled fields, or is unknown.
Exit: 0 nothing failed (unknowns allowed), 1 a prerequisite failed (drift: the cluster differs), 2 usage error, the
cluster could not be read, a read failed (it names the read and the role it needs) or the deadline passed.
`;

type Options = Record<string, string>;
const FLAGS = [
  'snapshot',
  'from-iac',
  'cluster',
  'flow',
  'database',
  'export',
  'script',
  'table',
  'connection',
  'identity',
  'client-id',
  'tenant',
  'binding',
  'columns',
  'endpoint-auth',
  ...AUTH_FLAGS,
  'audience',
  'endpoint-name',
  'latency-seconds',
  'max-messages',
  'api-version',
  'format',
  'now',
  'timeout',
  'deadline',
];

function parseArgs(args: readonly string[]): Options | { problem: string } {
  const out: Options = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !FLAGS.includes(m[1])) return { problem: `unknown argument '${a}'` };
    const value = m[2] ?? args[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--')))
      return { problem: `--${m[1]} needs a value` };
    out[m[1]] = value;
  }
  return out;
}

class Usage extends Error {}
const need = (o: Options, key: string, flow: string): string => {
  if (!o[key]) throw new Usage(`--${key} is required for --flow ${flow}`);
  return o[key];
};
const guid = (o: Options, key: string, flow: string): string => {
  const v = need(o, key, flow);
  if (!isGuid(v)) throw new Usage(`--${key} must be a GUID, not '${v}'`);
  return v;
};
const count = (o: Options, key: string): number | undefined => {
  if (o[key] === undefined) return undefined;
  if (!/^\d+$/.test(o[key]) || Number(o[key]) <= 0) throw new Usage(`--${key} must be a whole number above 0`);
  return Number(o[key]);
};

function columns(text: string | undefined): ColumnInput[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((part) => {
    const [name, type] = part.split(':').map((s) => s.trim());
    if (!name || !type) throw new Usage(`--columns: '${part}' is not name:type`);
    return { name, type };
  });
}

/** The request a flow's options describe; throws Usage naming the missing or bad option. */
export async function requestFromOptions(o: Options, io: CliIo): Promise<FlowRequest> {
  const flow = o.flow as FlowName;
  if (!FLOWS.includes(flow))
    throw new Usage(`--flow must be one of ${FLOWS.join(', ')}, or ${CLUSTER_MODES.join(', ')}`);
  const database = need(o, 'database', flow);
  const tenant = o.tenant ? { tenant: o.tenant } : {};
  const service = (f: string) => ({
    objectId: guid(o, 'identity', f),
    ...(o['client-id'] ? { clientId: o['client-id'] } : {}),
  });
  const scriptText = o.script
    ? await io.readFile(o.script).catch((e: unknown) => {
        throw new Usage(`cannot read --script ${o.script}: ${e instanceof Error ? e.message : String(e)}`);
      })
    : undefined;
  switch (flow) {
    case 'continuous-export': {
      return {
        flow,
        database,
        exportName: need(o, 'export', flow),
        ...(scriptText !== undefined ? { scriptText } : {}),
        ...(o.identity ? { identity: o.identity } : {}),
        ...tenant,
      };
    }
    case 'external-table':
      return {
        flow,
        database,
        ...(o.table ? { table: o.table } : {}),
        ...(o.identity ? { identity: o.identity } : {}),
        ...(scriptText !== undefined ? { scriptText } : {}),
      };
    case 'native-ingestion':
      return {
        flow,
        database,
        ...(o.connection ? { connection: o.connection } : {}),
        ...(o.identity ? { identity: o.identity } : {}),
      };
    case 'stream-analytics':
      return {
        flow,
        database,
        identity: service(flow),
        table: need(o, 'table', flow),
        ...(o.columns ? { columns: columns(o.columns) } : {}),
        ...tenant,
      };
    case 'functions': {
      const binding = (o.binding ?? 'both') as 'input' | 'output' | 'both';
      if (!['input', 'output', 'both'].includes(binding)) throw new Usage('--binding must be input, output or both');
      return {
        flow,
        database,
        identity: service(flow),
        binding,
        ...(o.table ? { table: o.table } : {}),
        ...(o.columns ? { columns: columns(o.columns) } : {}),
        ...tenant,
      };
    }
    case 'update-policy':
      return {
        flow,
        database,
        table: need(o, 'table', flow),
        ...(o.identity ? { identity: o.identity } : {}),
        ...tenant,
      };
    case 'iot-operations': {
      const method = o['endpoint-auth'] ?? 'system';
      if (method !== 'system' && method !== 'user') throw new Usage('--endpoint-auth must be system or user');
      const audience = o.audience ? { audience: o.audience } : {};
      const auth =
        method === 'system'
          ? ({ method, ...audience } as const)
          : ({
              method,
              clientId: guid(o, 'client-id', `${flow} --endpoint-auth user`),
              tenantId: guid(o, 'tenant', `${flow} --endpoint-auth user`),
              ...audience,
            } as const);
      return {
        flow,
        database,
        table: need(o, 'table', flow),
        identity: service(flow),
        auth,
        ...tenant,
        ...(o.columns ? { columns: columns(o.columns) } : {}),
        ...(o['endpoint-name'] ? { endpointName: o['endpoint-name'] } : {}),
        ...(o['api-version'] ? { apiVersion: o['api-version'] } : {}),
        latencySeconds: count(o, 'latency-seconds'),
        maxMessages: count(o, 'max-messages'),
      };
    }
  }
}

export interface CheckEnvironment {
  /** A Kusto token (the ADX_IDENTITY_TOKEN fallback); default: read from `vars`. */
  readonly token?: string;
  readonly factory?: FactoryOptions;
  /** The environment the credentials read (default process.env). */
  readonly vars?: Record<string, string | undefined>;
  /** How often "still reading" is printed while reads are pending (default 10 s). */
  readonly progressMs?: number;
}

export async function runCheck(args: readonly string[], rawIo: CliIo, env: CheckEnvironment = {}): Promise<number> {
  const io = redactedIo(rawIo, true);
  const fail = (problem: string): number => {
    io.stderr(`adx-identity check: ${problem}\n${CHECK_USAGE}`);
    return 2;
  };
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  const o = parseArgs(args);
  if ('problem' in o) return fail(o.problem);
  if ((o.cluster || !o['resource-id']) && !/^https?:\/\/[^\s/]+/i.test(o.cluster ?? ''))
    return fail('--cluster must be the cluster URL (https://… or http://localhost:…), or give --resource-id');
  if (o.cluster && /^https?:\/\/[^/]*@/i.test(o.cluster))
    return fail(
      '--cluster carries credentials (user:key@host): give the cluster URL alone, and credentials through --auth',
    );
  if (!o.flow) return fail('--flow is required');
  const format = o.format ?? 'text';
  const code = o.flow === 'snapshot' && (IAC_FORMATS as readonly string[]).includes(format);
  if (!CHECK_FORMATS.includes(format as CheckFormat) && !code)
    return fail(
      '--format must be text or json, or sarif or junit for a flow, or bicep, terraform or arm for a snapshot',
    );
  if (CLUSTER_MODES.includes(o.flow) && format !== 'text' && format !== 'json' && !code)
    return fail(`--flow ${o.flow} writes text or json, not ${format}`);
  const now = o.now ? new Date(o.now) : new Date();
  if (Number.isNaN(now.getTime())) return fail(`--now '${o.now}' is not a date`);
  const limits = limitsFrom(o, env.progressMs);
  if ('problem' in limits) return fail(limits.problem);
  const timeout = { timeoutMs: limits.timeoutMs };
  env = { ...env, factory: { ...timeout, ...env.factory, ...(o.timeout ? timeout : {}) } };
  if (CLUSTER_MODES.includes(o.flow)) return runClusterMode(o, io, env, format, now, fail, limits);
  let request: FlowRequest;
  try {
    request = await requestFromOptions(o, io);
  } catch (e) {
    if (e instanceof Usage) return fail(e.message);
    throw e;
  }
  const factory = new ClientFactory({ ...env.factory, version: 'cli' });
  try {
    const catalog = new Catalog(factory);
    const ref = await cliRef(o, env, catalog, io);
    if (typeof ref === 'number') return ref;
    const label = ref.cluster.uri;
    const gathered = await readWithin(io, label, limits, async () =>
      // As the extension does: with ARM, a Functions identity's client id is looked up when not given.
      gatherForFlow(catalog, ref, (request = await withClientId(catalog, ref, request))),
    ).catch((e: unknown) => deadlinePassed(e, io, label, limits));
    if (typeof gathered === 'number') return gathered;
    const facts = gathered;
    if (facts.errors.databases && facts.errors.clusterPolicy) {
      io.stderr(`adx-identity check: cannot read ${ref.cluster.uri}: ${facts.errors.databases}\n`);
      return 2;
    }
    const report: FlowReport = runChecks(facts, request, now);
    // A read that failed is not an "unknown" the service cannot see: the check is incomplete and must not pass.
    const failed = failedReads(facts);
    const place = { clusterUrl: ref.cluster.uri, ...(o.script ? { script: o.script } : {}) };
    if (format === 'sarif' || format === 'junit') io.stdout(formatCheck(report, format, place));
    else {
      const explained = explainReport(report);
      const json = {
        ...report,
        ...(explained ? { explanation: { ...explained, linkTitle: LINK_TITLES[explained.link] } } : {}),
        ...(failed.length ? { failedReads: failed } : {}),
      };
      io.stdout(format === 'json' ? `${JSON.stringify(json, null, 2)}\n` : formatReportText(report));
    }
    if (format === 'text' && inGitHubActions(io.env)) io.stdout(checkAnnotations(report, place));
    if (failed.length) io.stderr(formatFailedReads(failed));
    return failed.length ? 2 : report.verdict === 'failed' ? 1 : 0;
  } finally {
    await factory.dispose();
  }
}

const CLUSTER_MODES = ['report', 'snapshot', 'drift'];

/** The cluster through the credential flags (ARM facts when there is ARM), or an exit code after saying why not. */
async function cliRef(o: Options, env: CheckEnvironment, catalog: Catalog, io: CliIo): Promise<ClusterRef | number> {
  const vars = env.vars ?? process.env;
  try {
    const access = await openCliAccess(
      o,
      catalog.factory,
      env.token !== undefined ? { ...vars, ADX_IDENTITY_TOKEN: env.token } : vars,
    );
    return await cliClusterRef(o, access, catalog, (t) => io.stderr(`adx-identity check: ${t}`));
  } catch (e) {
    const usage = e instanceof AuthUsageError;
    io.stderr(
      `adx-identity check: ${usage ? '' : 'cannot reach the cluster: '}${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 2;
  }
}

/** The exit code when the whole-run deadline passed; any other error is thrown on. */
function deadlinePassed(e: unknown, io: CliIo, cluster: string, limits: RunLimits): number {
  if (!(e instanceof DeadlineExceeded)) throw e;
  io.stderr(`adx-identity check: gave up reading ${cluster} after ${limits.deadlineMs / 1000} s (--deadline)\n`);
  return 2;
}

/** report / snapshot / drift of the whole cluster; drift exits 1 when the cluster differs from the snapshot. */
async function runClusterMode(
  o: Options,
  io: CliIo,
  env: CheckEnvironment,
  format: string,
  now: Date,
  fail: (p: string) => number,
  limits: RunLimits,
): Promise<number> {
  const code = (IAC_FORMATS as readonly string[]).includes(format);
  let saved: ClusterSnapshot | undefined;
  if (o.flow === 'drift') {
    const flag = o['from-iac'] !== undefined ? 'from-iac' : 'snapshot';
    const file = o[flag];
    if (!file) return fail('--snapshot is required for --flow drift (or --from-iac FILE)');
    if (o.snapshot && o['from-iac']) return fail('--flow drift takes --snapshot or --from-iac, not both');
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (e) {
      return fail(`cannot read --${flag} ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      if (flag === 'snapshot') saved = readSnapshotScript(text);
      else {
        const imported = importIac(text, iacFormatOf(file, text), { takenAt: now.toISOString() });
        saved = imported.snapshot;
        // What the reader left out is not compared: say so, so an empty drift is not taken for more than it is.
        for (const n of imported.notes) io.stderr(`adx-identity check: --from-iac ${file}: ${n}\n`);
      }
    } catch (e) {
      return fail(`--${flag} ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const factory = new ClientFactory({ ...env.factory, version: 'cli' });
  try {
    const catalog = new Catalog(factory);
    const ref = await cliRef(o, env, catalog, io);
    if (typeof ref === 'number') return ref;
    let out: { json: unknown; text: string; code: number; facts?: ClusterFacts };
    const within = <T>(work: () => Promise<T>): Promise<T> => readWithin(io, ref.cluster.uri, limits, work);
    try {
      if (o.flow === 'report') {
        const { report, markdown, facts } = await within(() => clusterReport(catalog, ref));
        out = { json: report, text: markdown, code: 0, facts };
      } else if (o.flow === 'snapshot') {
        const { snapshot, script, facts } = await within(() => snapshotCluster(catalog, ref, now));
        out = { json: snapshot, text: code ? exportIac(snapshot, format as IacFormat) : script, code: 0, facts };
      } else {
        const drift = await within(() => driftFrom(catalog, ref, saved!, now));
        out = { json: drift, text: formatDrift(drift), code: drift.length ? 1 : 0 };
      }
    } catch (e) {
      if (e instanceof DeadlineExceeded) return deadlinePassed(e, io, ref.cluster.uri, limits);
      io.stderr(`adx-identity check: cannot read ${ref.cluster.uri}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    io.stdout(format === 'json' ? `${JSON.stringify(out.json, null, 2)}\n` : out.text);
    // A report or snapshot missing what a failed read should have added must not be taken as whole.
    const failed = out.facts ? failedReads(out.facts) : [];
    if (failed.length) io.stderr(formatFailedReads(failed));
    return failed.length ? 2 : out.code;
  } finally {
    await factory.dispose();
  }
}
