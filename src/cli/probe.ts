// adx-identity probe: runs every Kusto read the product relies on against a real cluster (read-only: `.show` only),
// judges each answer's columns, types and values against the declared shapes, and writes a redacted report to attach to
// a bug report. Exit 1 when an answer has a shape the product cannot read.
import { formatProbeText } from '../core/workflows/probe';
import { Catalog } from '../services/catalog';
import { ClientFactory } from '../services/factory';
import { probeCluster } from '../services/probe';
import { AUTH_FLAGS, AUTH_USAGE, AuthUsageError, cliClusterRef, openCliAccess } from './auth';
import type { CheckEnvironment } from './check';
import type { CliIo } from './io';

export const PROBE_USAGE = `Usage: adx-identity probe --cluster URL [--database DB] [--out FILE] [--format text|json]

Read-only: sends only .show commands (every read the tree, the readiness checks and the report make), and checks each
answer's columns, types and value formats against what the product's parsers expect. Per command: ok, variant (read:
a documented variant the product reads), UNKNOWN SHAPE (the product cannot read it) or not read (an error, e.g. 403).
  --database DB   the database to probe (default: the first one .show databases lists)
  --out FILE      where the redacted JSON report goes (default: adx-identity-probe.json); names, ids and secrets are
                  replaced by placeholders, values by their kind, so it can be attached to a bug report
  --format        text (default) or json on standard output
With ARM (--auth or --sandbox), the ARM GETs the product makes are probed too: the cluster's identity, the databases'
kinds, the probed database's data connections (GET only; finding the cluster by URL is a Resource Graph POST, a read).
Exit: 0 every answer read, 1 an unknown shape, 2 usage error or nothing could be read.
${AUTH_USAGE}`;

/** Why the ARM side is not in the report: said in the report itself, so a reader knows what it does not cover. */
export const ARM_NOT_PROBED =
  'ARM GETs (cluster identity, databases, data connections): no ARM for this cluster; give --auth or --sandbox (and --resource-id when Resource Graph cannot find it), or use "Probe Cluster…" in the extension';

const FLAGS: readonly string[] = ['cluster', 'database', 'out', 'format', ...AUTH_FLAGS];

export async function runProbe(args: readonly string[], io: CliIo, env: CheckEnvironment = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(PROBE_USAGE);
    return 0;
  }
  const o: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    const value = m?.[2] ?? args[i + 1];
    if (!m || !FLAGS.includes(m[1]) || value === undefined || (m[2] === undefined && value.startsWith('--'))) {
      io.stderr(
        `adx-identity probe: ${m && FLAGS.includes(m[1]) ? `--${m[1]} needs a value` : `unknown argument '${args[i]}'`}\n${PROBE_USAGE}`,
      );
      return 2;
    }
    if (m[2] === undefined) i++;
    o[m[1]] = value;
  }
  if (!o.cluster || !/^https?:\/\/[^\s/]+/i.test(o.cluster)) {
    io.stderr(
      `adx-identity probe: --cluster must be the cluster URL (https://… or http://localhost:…)\n${PROBE_USAGE}`,
    );
    return 2;
  }
  const format = o.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.stderr(`adx-identity probe: --format must be text or json\n${PROBE_USAGE}`);
    return 2;
  }
  const factory = new ClientFactory({ ...env.factory, version: 'cli' });
  try {
    const catalog = new Catalog(factory);
    const vars = env.vars ?? process.env;
    let ref;
    try {
      const access = await openCliAccess(
        o,
        factory,
        env.token !== undefined ? { ...vars, ADX_IDENTITY_TOKEN: env.token } : vars,
      );
      ref = await cliClusterRef(o, access, catalog, (t) => io.stderr(`adx-identity probe: ${t}`));
    } catch (e) {
      const usage = e instanceof AuthUsageError;
      io.stderr(
        `adx-identity probe: ${usage ? '' : 'cannot reach the cluster: '}${e instanceof Error ? e.message : String(e)}\n`,
      );
      return 2;
    }
    const arm = ref.cluster.source === 'arm';
    const report = await probeCluster(catalog, ref, {
      ...(o.database ? { database: o.database } : {}),
      arm,
      notProbed: arm ? [] : [ARM_NOT_PROBED],
    });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const out = o.out ?? 'adx-identity-probe.json';
    await writeReport(out, json);
    io.stdout(format === 'json' ? json : `${formatProbeText(report)}Report written to ${out}.\n`);
    if (report.summary.unknown > 0) return 1;
    return report.summary.ok + report.summary.variant === 0 ? 2 : 0;
  } finally {
    await factory.dispose();
  }
}

async function writeReport(path: string, text: string): Promise<void> {
  const fs = await import('node:fs/promises');
  await fs.writeFile(path, text, 'utf8');
}
