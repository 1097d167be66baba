// adx-identity probe: runs every Kusto read the product relies on against a real cluster (read-only: `.show` only),
// judges each answer's columns, types and values against the declared shapes, and writes a redacted report to attach to
// a bug report. Exit 1 when an answer has a shape the product cannot read.
import { formatProbeText } from '../core/workflows/probe';
import { Catalog } from '../services/catalog';
import { ClientFactory } from '../services/factory';
import { probeCluster } from '../services/probe';
import { directClusterRef, staticTokenAccount } from '../services/workflows/run';
import type { CheckEnvironment } from './check';
import type { CliIo } from './main';

export const PROBE_USAGE = `Usage: adx-identity probe --cluster URL [--database DB] [--out FILE] [--format text|json]

Read-only: sends only .show commands (every read the tree, the readiness checks and the report make), and checks each
answer's columns, types and value formats against what the product's parsers expect. Per command: ok, variant (read:
a documented variant the product reads), UNKNOWN SHAPE (the product cannot read it) or not read (an error, e.g. 403).
  --database DB   the database to probe (default: the first one .show databases lists)
  --out FILE      where the redacted JSON report goes (default: adx-identity-probe.json); names, ids and secrets are
                  replaced by placeholders, values by their kind, so it can be attached to a bug report
  --format        text (default) or json on standard output
Auth: no Authorization header (emulator, sandbox), or a Kusto token from env ADX_IDENTITY_TOKEN.
ARM reads (cluster identities, databases' kinds, data connections) are not probed: the CLI has no ARM access yet.
Exit: 0 every answer read, 1 an unknown shape, 2 usage error or nothing could be read.
`;

/** Why the ARM side is not in the report: said in the report itself, so a reader knows what it does not cover. */
export const ARM_NOT_PROBED =
  'ARM GETs (cluster identity, databases, principal assignments, data connections): the CLI has no ARM access yet; the extension\'s "Probe Cluster…" covers them for tree clusters';

const FLAGS = ['cluster', 'database', 'out', 'format'];

export async function runProbe(
  args: readonly string[],
  io: CliIo,
  env: CheckEnvironment = { token: process.env.ADX_IDENTITY_TOKEN },
): Promise<number> {
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
    const ref = env.token
      ? directClusterRef(o.cluster, 'account', staticTokenAccount(env.token))
      : directClusterRef(o.cluster, 'none');
    const report = await probeCluster(new Catalog(factory), ref, {
      ...(o.database ? { database: o.database } : {}),
      notProbed: [ARM_NOT_PROBED],
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
