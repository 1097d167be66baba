// `npm run sandbox` (sandbox/main.ts): first stdout line is the JSON to reach it; SIGINT stops it cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

describe('sandbox main', () => {
  it('prints one JSON line first, serves, and exits 0 on SIGINT', async () => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'sandbox/main.ts', '--lro', 'location'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const first = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(first) as {
        arm: string;
        certificate: string;
        subscriptions: unknown[];
        clusters: Record<string, string>;
        tenants: string[];
      };
      assert.deepEqual(Object.keys(info).sort(), [
        'arm',
        'callerObjectId',
        'certificate',
        'clusters',
        'subscriptions',
        'tenants',
      ]);
      assert.match(info.arm, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(existsSync(info.certificate));
      assert.deepEqual(Object.keys(info.clusters), ['adxnoid', 'adxsystem', 'adxfull', 'adxuser']);
      const meta = await fetch(`${info.clusters.adxfull}/v1/rest/auth/metadata`);
      assert.equal(meta.status, 200);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses an unknown --lro value', async () => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'sandbox/main.ts', '--lro', 'sometimes'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(err, /--lro must be/);
  });

  it('refuses an unknown --variant value', async () => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'sandbox/main.ts', '--variant', 'real'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(err, /--variant must be default or docs/);
  });
});
