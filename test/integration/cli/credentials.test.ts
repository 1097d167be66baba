// Each --auth mode runs its real @azure/identity class against the sandbox's token service, then ARM and Kusto; each
// mode is also refused once for a wrong secret, client, assertion, header or login.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { installAzShim } from '../../../sandbox/entra/azShim';
import { MANAGED_IDENTITY } from '../../../sandbox/entra/directory';
import { runCheck } from '../../../src/cli/check';
import {
  fakeIo,
  FAST,
  guardImds,
  pipelinesVars,
  SECRETS,
  secretVars,
  tenantOf,
  withEnv,
  workloadVars,
} from './helpers';

type Vars = Record<string, string | undefined>;

describe('adx-identity check --auth: real credentials against the sandbox token service', () => {
  let sandbox: RunningSandbox;
  let info: string;
  let imds: ReturnType<typeof guardImds>;
  before(async () => {
    sandbox = await startSandbox();
    info = JSON.stringify(sandbox.info());
    imds = guardImds();
  });
  after(async () => {
    imds.restore();
    await sandbox.stop();
    assert.equal(imds.attempts(), 0, 'no credential may probe IMDS');
  });

  /** The Event Hub flow on adxsystem: ARM gives the data connection and the identity, Kusto the policy. */
  async function check(mode: string, vars: Vars) {
    const io = fakeIo();
    const code = await withEnv(sandbox, vars, () =>
      runCheck(
        [
          '--sandbox',
          info,
          '--auth',
          mode,
          '--cluster',
          sandbox.clusters.adxsystem,
          '--database',
          'Telemetry',
          '--flow',
          'native-ingestion',
        ],
        io,
        { factory: FAST },
      ),
    );
    for (const secret of SECRETS) assert.ok(!`${io.out}${io.err}`.includes(secret), `a secret reached the output`);
    return { code, ...io };
  }

  function azShim(loggedIn: boolean): Vars {
    const dir = mkdtempSync(join(tmpdir(), 'adx-az-'));
    const { bin, configDir } = installAzShim(
      dir,
      loggedIn ? { authority: sandbox.arm, certificate: sandbox.certificate, tenantId: tenantOf(sandbox) } : undefined,
    );
    return { PATH: `${bin}:${process.env.PATH ?? ''}`, AZURE_CONFIG_DIR: configDir };
  }

  const modes: { mode: string; title: string; good: () => Vars; bad: () => Vars; why: RegExp }[] = [
    {
      mode: 'env',
      title: 'EnvironmentCredential (client secret); a wrong secret',
      good: () => secretVars(sandbox),
      bad: () => secretVars(sandbox, 'not-the-secret'),
      why: /AADSTS7000215: Invalid client secret/,
    },
    {
      mode: 'env',
      title: 'EnvironmentCredential; an unknown client id',
      good: () => secretVars(sandbox),
      bad: () => ({ ...secretVars(sandbox), AZURE_CLIENT_ID: '0badc0de-0000-4000-8000-000000000000' }),
      why: /AADSTS700016: Application with identifier '0badc0de/,
    },
    {
      mode: 'workload',
      title: 'WorkloadIdentityCredential (federated token file); an assertion for another subject',
      good: () => workloadVars(sandbox),
      bad: () => workloadVars(sandbox, 'system:serviceaccount:adx:intruder'),
      why: /AADSTS700213: No matching federated identity record/,
    },
    {
      mode: 'pipelines',
      title: 'AzurePipelinesCredential (OIDC request + assertion); a wrong System.AccessToken',
      good: () => pipelinesVars(sandbox),
      bad: () => pipelinesVars(sandbox, 'not-the-job-token'),
      why: /--auth pipelines could not get a token for .*AzurePipelinesCredential/,
    },
    {
      mode: 'managed',
      // MSAL keeps managed identity tokens process-wide per identity: each refusal names an identity never asked before.
      title: 'ManagedIdentityCredential (App Service endpoint); a user-assigned client id the app does not have',
      good: () => ({}),
      bad: () => ({ AZURE_CLIENT_ID: '0badc0de-0000-4000-8000-000000000000' }),
      why: /--auth managed could not get a token .*No user-assigned identity/,
    },
    {
      mode: 'cli',
      title: 'AzureCliCredential (an `az` shim on PATH); not logged in',
      good: () => azShim(true),
      bad: () => azShim(false),
      why: /az login/,
    },
    {
      mode: 'default',
      title: 'DefaultAzureCredential narrowed to EnvironmentCredential; a wrong secret',
      good: () => ({ ...secretVars(sandbox), AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential' }),
      bad: () => ({ ...secretVars(sandbox, 'nope'), AZURE_TOKEN_CREDENTIALS: 'EnvironmentCredential' }),
      why: /AADSTS7000215/,
    },
    {
      // The whole chain: no EnvironmentCredential or workload variables, so the App Service managed identity answers.
      mode: 'default',
      title: 'DefaultAzureCredential, whole chain, on a build agent with a managed identity; an identity it lacks',
      good: () => ({}),
      bad: () => ({ AZURE_CLIENT_ID: '0badc0de-0000-4000-8000-00000000000d' }),
      why: /--auth default could not get a token .*ManagedIdentityCredential/,
    },
  ];

  for (const m of modes) {
    it(`--auth ${m.mode}: ${m.title}`, async () => {
      const ok = await check(m.mode, m.good());
      assert.equal(ok.code, 0, ok.err);
      assert.equal(ok.err, '');
      // The data connection and the identity come from ARM (ARM token), the policy from Kusto (Kusto token).
      assert.match(ok.out, /\[PASS\] telemetry-eh authenticates with a managed identity \(EventHub telemetry-eh\)/);
      assert.match(ok.out, /ARM shows the system-assigned identity \(principal 5e000002-/);
      assert.match(ok.out, /the cluster policy allows NativeIngestion/);
      const refused = await check(m.mode, m.bad());
      assert.equal(refused.code, 2, refused.out);
      assert.match(refused.err, m.why);
    });
  }

  it('a mode whose variables are missing is a usage error naming them (and no request is sent)', async () => {
    const io = fakeIo();
    const code = await withEnv(sandbox, { AZURE_TENANT_ID: tenantOf(sandbox) }, () =>
      runCheck(
        [
          '--sandbox',
          info,
          '--auth',
          'workload',
          '--cluster',
          sandbox.clusters.adxsystem,
          '--database',
          'Telemetry',
          '--flow',
          'native-ingestion',
        ],
        io,
        { factory: FAST },
      ),
    );
    assert.equal(code, 2);
    assert.match(
      io.err,
      /--auth workload needs these environment variables: AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE/,
    );
  });

  it('rejects an unknown --auth and --cloud, and --cloud with --sandbox', async () => {
    for (const [args, why] of [
      [['--auth', 'system'], /--auth must be one of none, default, cli, workload, pipelines, managed, env/],
      [['--auth', 'env', '--cloud', 'Mars'], /--cloud must be one of AzureCloud, AzureChinaCloud, AzureUSGovernment/],
      [
        ['--sandbox', '{"arm":"https://127.0.0.1:1","subscriptions":[]}', '--cloud', 'AzureChinaCloud'],
        /--cloud and --sandbox/,
      ],
    ] as const) {
      const io = fakeIo();
      const code = await withEnv(sandbox, {}, () =>
        runCheck(
          [...args, '--cluster', sandbox.clusters.adxsystem, '--database', 'Telemetry', '--flow', 'native-ingestion'],
          io,
          { factory: FAST },
        ),
      );
      assert.equal(code, 2);
      assert.match(io.err, why);
    }
  });
});

describe('adx-identity as a process: the environment a pipeline gives it', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  it('DefaultAzureCredential narrowed to ManagedIdentityCredential trusts the sandbox through NODE_EXTRA_CA_CERTS', async function () {
    this.timeout(60_000);
    // @azure/identity 4.13.1 builds that narrowed credential without the caller's options (no tlsOptions), so the
    // certificate must come from the process environment, as docs/cli-auth.md says.
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !/^(AZURE_|AZURESUBSCRIPTION_|IDENTITY_|MSI_|IMDS_|SYSTEM_|ADX_IDENTITY_TOKEN$)/.test(k))
        env[k] = v;
    const args = [
      '--require',
      'tsx/cjs',
      join(__dirname, '../../../src/cli/main.ts'),
      'check',
      '--sandbox',
      JSON.stringify(sandbox.info()),
      '--auth',
      'default',
      '--cluster',
      sandbox.clusters.adxsystem,
      '--database',
      'Telemetry',
      '--flow',
      'native-ingestion',
    ];
    const run = (extra: Record<string, string>) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) => {
        execFile(
          process.execPath,
          args,
          {
            env: {
              ...env,
              AZURE_TOKEN_CREDENTIALS: 'ManagedIdentityCredential',
              IDENTITY_ENDPOINT: `${sandbox.arm}${MANAGED_IDENTITY.path}`,
              IDENTITY_HEADER: MANAGED_IDENTITY.header,
              ...extra,
            },
          },
          (error, out, err) => resolve({ code: error ? Number(error.code) : 0, out, err }),
        );
      });
    const trusted = await run({ NODE_EXTRA_CA_CERTS: sandbox.certificate });
    assert.equal(trusted.code, 0, trusted.err);
    assert.match(trusted.out, /ARM shows the system-assigned identity/);
  });
});
