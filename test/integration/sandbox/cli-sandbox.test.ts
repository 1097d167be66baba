// `adx-identity sandbox`: the CLI package starts the same sandbox the extension ships; flags are checked first.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { runCli, type CliIo } from '../../../src/cli/main';

function io(): CliIo & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    stdout: (t: string) => void (r.out += t),
    stderr: (t: string) => void (r.err += t),
    readStdin: async () => '',
    readFile: async () => '',
  };
  return r;
}

describe('adx-identity sandbox', () => {
  it('prints its usage with --help, and lists itself in the CLI help', async () => {
    const help = io();
    assert.equal(await runCli(['sandbox', '--help'], help), 0);
    assert.match(help.out, /^Usage: adx-identity sandbox \[--port N\]/);
    assert.match(help.out, /127\.0\.0\.1/);
    const top = io();
    await runCli(['help'], top);
    assert.match(top.out, /^ {2}sandbox \[--port N\]/m);
  });

  it('refuses a bad flag with exit 2 and says which', async () => {
    const lro = io();
    assert.equal(await runCli(['sandbox', '--lro', 'sometimes'], lro), 2);
    assert.match(lro.err, /--lro must be location or azure-async-operation, not 'sometimes'/);
    const port = io();
    assert.equal(await runCli(['sandbox', '--port', 'eighty'], port), 2);
    assert.match(port.err, /--port must be a whole number/);
  });

  it('serves the default scenario on loopback, prints the JSON line first, stops when stdin closes', async () => {
    const child = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), 'src/cli/main.ts', 'sandbox', '--stop-with-stdin'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    try {
      const lines = createInterface({ input: child.stdout! });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(first) as { arm: string; clusters: Record<string, string> };
      assert.deepEqual(Object.keys(info.clusters), ['adxnoid', 'adxsystem', 'adxfull', 'adxuser']);
      const meta = await fetch(`${info.clusters.adxfull}/v1/rest/auth/metadata`);
      assert.equal(meta.status, 200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
