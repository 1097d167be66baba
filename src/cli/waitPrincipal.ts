// adx-identity wait-principal: for pipelines that create an identity and grant it at once, waits until Kusto resolves it.
import { KqlInputError } from '../core/kql/errors';
import { isPrincipalNotFound } from '../core/operations/retry';
import {
  buildShowPrincipalRolesCommand,
  parseDuration,
  principalToWaitFor,
  waitSchedule,
  type PrincipalKind,
} from '../core/operations/waitPrincipal';
import { Catalog, type ClusterRef } from '../services/catalog';
import { ClientFactory } from '../services/factory';
import { directClusterRef } from '../services/workflows/run';
import { AuthUsageError, openCliAccess } from './auth';
import type { CheckEnvironment } from './check';
import type { CliIo } from './io';

export const WAIT_USAGE = `Usage: adx-identity wait-principal --cluster URL --principal ID [options]

Waits until the cluster resolves a principal (a new identity can take minutes to reach the directory), by repeating
the read-only \`.show principal '<fqn>' roles\`. Run it between creating an identity and granting it a role.
Options:
  --principal ID        object id or app id (with --tenant), or a full FQN: aadapp=<id>;<tenant>, aaduser=…, aadgroup=…
  --tenant ID           the tenant (GUID or domain) for an id
  --kind app|user|group what the id is (default app: managed identities and service principals)
  --timeout DURATION    give up after this long (default 5m; 300, 90s, 500ms, 5m)
  --interval DURATION   first wait between attempts, doubling up to 60s (default 5s)
  --auth MODE, --cloud NAME, --sandbox FILE|JSON   the credential, as for check (docs/cli-auth.md)
Exit: 0 resolved, 1 still not visible when the time ran out (the service's last answer is printed), 2 usage error or
another failure (no access to the cluster, a network error).
`;

const FLAGS = ['cluster', 'principal', 'tenant', 'kind', 'timeout', 'interval', 'auth', 'cloud', 'sandbox'];

export interface WaitEnvironment extends CheckEnvironment {
  /** How to wait (tests shorten nothing: they pass small durations). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Builds the cluster reference (the CLI's auth); default: a token from ADX_IDENTITY_TOKEN, else no auth. */
  readonly clusterRef?: (url: string) => ClusterRef;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Kusto only: the credential's Kusto token (or the token in ADX_IDENTITY_TOKEN, or none) for the URL given. */
async function cliRef(o: Record<string, string>, factory: ClientFactory, env: WaitEnvironment): Promise<ClusterRef> {
  const vars = env.vars ?? process.env;
  const access = await openCliAccess(
    o,
    factory,
    env.token !== undefined ? { ...vars, ADX_IDENTITY_TOKEN: env.token } : vars,
  );
  return access.account ? directClusterRef(o.cluster, 'account', access.account) : directClusterRef(o.cluster, 'none');
}

export async function runWaitPrincipal(
  args: readonly string[],
  io: CliIo,
  env: WaitEnvironment = { token: process.env.ADX_IDENTITY_TOKEN },
): Promise<number> {
  const fail = (problem: string): number => {
    io.stderr(`adx-identity wait-principal: ${problem}\n${WAIT_USAGE}`);
    return 2;
  };
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(WAIT_USAGE);
    return 0;
  }
  const o: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(args[i]);
    if (!m || !FLAGS.includes(m[1])) return fail(`unknown argument '${args[i]}'`);
    const value = m[2] ?? args[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--'))) return fail(`--${m[1]} needs a value`);
    o[m[1]] = value;
  }
  if (!o.cluster || !/^https?:\/\/[^\s/]+/i.test(o.cluster)) return fail('--cluster must be the cluster URL');
  if (!o.principal) return fail('--principal is required');
  const kind = (o.kind ?? 'app') as PrincipalKind;
  if (!['app', 'user', 'group'].includes(kind)) return fail('--kind must be app, user or group');
  const timeoutMs = parseDuration(o.timeout ?? '5m');
  const firstMs = parseDuration(o.interval ?? '5s');
  if (timeoutMs === undefined) return fail(`--timeout '${o.timeout}' is not a duration`);
  if (firstMs === undefined || firstMs <= 0) return fail(`--interval '${o.interval}' is not a duration above 0`);
  let fqn: string;
  try {
    fqn = principalToWaitFor(o.principal, kind, o.tenant);
  } catch (e) {
    if (e instanceof KqlInputError) return fail(e.message);
    throw e;
  }
  const sleep = env.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const factory = new ClientFactory({ ...env.factory, version: 'cli' });
  let ref: ClusterRef;
  try {
    ref = env.clusterRef?.(o.cluster) ?? (await cliRef(o, factory, env));
  } catch (e) {
    await factory.dispose();
    if (e instanceof AuthUsageError) return fail(e.message);
    throw e;
  }
  const command = buildShowPrincipalRolesCommand(fqn);
  const schedule = waitSchedule(timeoutMs, firstMs);
  const started = Date.now();
  try {
    const catalog = new Catalog(factory);
    for (let attempt = 1; ; attempt++) {
      try {
        const table = await catalog.kusto.run(catalog.target(ref), command, {
          action: `resolve ${fqn}`,
          permission: 'a role on the cluster (any database role is enough to run .show principal … roles)',
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        io.stdout(
          `${fqn}: resolved after ${attempt} attempt(s), ${seconds} s; it holds ${table.rows.length} role(s)\n`,
        );
        return 0;
      } catch (e) {
        if (!isPrincipalNotFound(e)) {
          io.stderr(`adx-identity wait-principal: ${message(e)}\n`);
          return 2;
        }
        const wait = schedule[attempt - 1];
        if (wait === undefined) {
          const seconds = Math.round((Date.now() - started) / 1000);
          io.stderr(
            `adx-identity wait-principal: ${fqn} is still not visible to the cluster after ${attempt} attempt(s) in ${seconds} s. ` +
              `The service said: ${message(e)}\n` +
              'A new identity can take minutes to reach the directory; check the id and tenant, or wait longer (--timeout).\n',
          );
          return 1;
        }
        io.stderr(`${fqn}: not visible yet (attempt ${attempt}); next try in ${(wait / 1000).toFixed(1)} s\n`);
        await sleep(wait);
      }
    }
  } finally {
    await factory.dispose();
  }
}
