// Seeded secrets driven through every log path with the real clients against the sandbox: an export's failure details
// printed by `check`, a Kusto error and an ARM error logged by the executor, error objects with their causes. The
// output is grepped: no secret may appear, while the messages around them still do.
import * as assert from 'node:assert/strict';
import { runCheck } from '../../../src/cli/check';
import type { CliIo } from '../../../src/cli/main';
import { redactingLogger } from '../../../src/core/operations/redact';
import { databaseCommand } from '../../../src/core/commands';
import { Executor } from '../../../src/services/operations/executor';
import { armClusterRef } from '../../../src/services/workflows/run';
import { setup, type Setup } from './sandbox';

const SECRETS = ['SASSIGxyz123', 'ACCOUNTKEYabc987', 'PW with space', 'HLITsecret42', 'BEARERtok555', 'JWTsig777'];
const SEEDED =
  'Failed to write https://lake.blob.core.windows.net/c/x.csv?sv=2024-01-01&sig=SASSIGxyz123 ' +
  '(AccountKey=ACCOUNTKEYabc987==; Password="PW with space"; Pwd=PW with space;) ' +
  "through h@'https://lake.blob.core.windows.net/c;HLITsecret42' with bearer BEARERtok555 " +
  'and eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.JWTsig777';
const SPARE =
  '/subscriptions/aaaaaaaa-0000-4000-8000-000000000002/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-spare';

function assertNoSecret(text: string, where: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${where} shows ${JSON.stringify(s)}:\n${text}`);
}

function recorder(): { lines: string[]; log: ReturnType<typeof redactingLogger> } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  const log = redactingLogger({
    trace: push('trace'),
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  });
  return { lines, log };
}

describe('secrets never reach a log, the CLI output or a report (seeded, real clients, sandbox)', function () {
  this.timeout(60_000);
  let s: Setup;
  before(async () => {
    s = await setup();
    const cluster = s.sandbox.state.clusters.find((c) => c.name === 'adxfull')!;
    const exp = cluster.databases
      .find((d) => d.name === 'Analytics')!
      .continuousExports.find((e) => e.name === 'ArchiveJoin')!;
    exp.failures.push({ timestamp: '2026-11-27T23:00:00Z', failureKind: 'Failure', details: SEEDED });
  });
  after(async () => s?.stop());
  afterEach(() => s.sandbox.faults.clear());

  for (const format of ['text', 'json']) {
    it(`check --format ${format} prints the export's failure without its secrets`, async () => {
      let out = '';
      const io: CliIo = {
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
        readStdin: async () => '',
        readFile: async () => '',
      };
      const args = ['--cluster', s.sandbox.clusters.adxfull, '--database', 'Analytics', '--flow', 'continuous-export'];
      const code = await runCheck(
        [...args, '--export', 'ArchiveJoin', '--format', format, '--now', '2026-11-28T00:00:00Z'],
        io,
        {
          factory: { retry: { maxRetries: 0, retryDelayInMs: 10, maxRetryDelayInMs: 10 }, timeoutMs: 5000 },
        },
      );
      assert.equal(code, 1);
      assert.match(
        out,
        /Failed to write https:\/\/lake\.blob\.core\.windows\.net\/c\/x\.csv\?sv=2024-01-01&sig=\*\*\*/,
      );
      assertNoSecret(out, `check --format ${format}`);
    });
  }

  it('a Kusto error holding secrets: the executor log, the thrown message and the error object stay clean', async () => {
    const { lines, log } = recorder();
    const ref = await armClusterRef(s.catalog, s.account, 'adxfull');
    s.sandbox.faults.add({ path: '/adxfull/v1/rest/mgmt', status: 400, message: SEEDED, times: 1 });
    const executor = new Executor(s.catalog, { log });
    const error = await executor
      .command(
        ref!,
        databaseCommand(
          ".create external table T (x:int) kind=storage dataformat=csv (h@'https://a/c;HLITsecret42')",
          'Analytics',
        ),
      )
      .then(
        () => assert.fail('the command should fail'),
        (e: unknown) => e,
      );
    log.error('Run failed', error);
    const all = [...lines, error instanceof Error ? error.message : String(error)].join('\n');
    assert.match(all, /Failed to write/);
    assertNoSecret(all, 'the Kusto failure');
  });

  it('an ARM error holding secrets: the executor log and the error object (with its SDK cause) stay clean', async () => {
    const { lines, log } = recorder();
    const ref = await armClusterRef(s.catalog, s.account, 'adxfull');
    s.sandbox.faults.add({ method: 'PATCH', path: '/clusters/adxfull', status: 400, message: SEEDED });
    const executor = new Executor(s.catalog, { log, armPollMs: 10 });
    const error = await executor.arm(ref!, { kind: 'attachUserIdentity', resourceId: SPARE }).then(
      () => assert.fail('the ARM change should fail'),
      (e: unknown) => e,
    );
    log.error('ARM change failed', error);
    assert.ok(
      lines.some((l) => /Failed to write/.test(l)),
      lines.join('\n'),
    );
    assertNoSecret([...lines, String(error instanceof Error ? error.message : error)].join('\n'), 'the ARM failure');
  });
});
