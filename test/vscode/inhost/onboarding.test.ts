// The built-in sandbox in a real extension host: nothing of it loads or runs until asked for; "Try It on the Built-in
// Sandbox" runs dist/sandbox.js as a child of the host (loopback only) and the tree shows it; Stop Sandbox ends it.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, extension, treePath, waitFor } from './helpers';

interface StartedSandbox {
  pid: number;
  arm: string;
  clusters: Record<string, string>;
}

const sandboxScript = () => join(extension().extensionPath, 'dist', 'sandbox.js');

/** Processes whose command line runs this extension's dist/sandbox.js (Linux /proc; the runner is Linux). */
function sandboxProcesses(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(sandboxScript());
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Local addresses (hex, as /proc/net/tcp writes them) of the sockets listening on a port. */
function listeners(port: number): string[] {
  const rows = ['/proc/net/tcp', '/proc/net/tcp6']
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').slice(1));
  return rows
    .map((r) => r.trim().split(/\s+/))
    .filter(([, local, , state]) => state === '0A' && parseInt(local.split(':')[1], 16) === port)
    .map(([, local]) => local.split(':')[0]);
}

const loaded = () => Object.keys(require.cache).filter((p) => /[\\/]dist[\\/]sandbox\.js$/.test(p));

describe('built-in sandbox (in-host)', () => {
  let started: StartedSandbox | undefined;
  after(async () => {
    if (started) await vscode.commands.executeCommand('adxIdentity.sandbox.stop');
  });

  it('loads no sandbox module and starts no sandbox process until asked for', async () => {
    await api();
    await vscode.commands.executeCommand('adxIdentity.explorer.focus');
    assert.ok(existsSync(sandboxScript()), 'dist/sandbox.js ships with the extension');
    assert.deepEqual(loaded(), []);
    assert.deepEqual(sandboxProcesses(), []);
  });

  it('"Try It on the Built-in Sandbox" runs it as a child of this host, on loopback only, and the tree shows it', async function () {
    this.timeout(120_000);
    started = await vscode.commands.executeCommand<StartedSandbox>('adxIdentity.sandbox.start');
    assert.ok(started?.pid, 'the command returns what it started');
    assert.deepEqual(sandboxProcesses(), [started.pid]);
    const stat = readFileSync(`/proc/${started.pid}/stat`, 'utf8');
    assert.equal(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), process.pid, 'its parent is this host');
    assert.match(readFileSync(`/proc/${started.pid}/environ`, 'utf8'), /(^|\0)ELECTRON_RUN_AS_NODE=1(\0|$)/);
    for (const url of [started.arm, ...Object.values(started.clusters)]) {
      const { hostname, port } = new URL(url);
      assert.equal(hostname, '127.0.0.1');
      // 0100007F is 127.0.0.1 in /proc's byte order; nothing listens on 0.0.0.0 or another address.
      assert.deepEqual(listeners(Number(port)), ['0100007F'], `listeners on ${port}`);
    }
    // The tree reads it through the same path as the adxIdentity.sandbox setting: its clusters, at its URLs.
    await waitFor('the sandbox in the tree', async () => {
      try {
        const full = await treePath('Contoso Analytics Prod', 'adxfull');
        return full.description?.includes(started!.clusters.adxfull) ?? false;
      } catch {
        (await api()).tree.refresh();
        return false;
      }
    });
    // It runs in its own process: the host itself still has not loaded it.
    assert.deepEqual(loaded(), []);
    // Asked again, it does not start a second one.
    const again = await vscode.commands.executeCommand<StartedSandbox>('adxIdentity.sandbox.start');
    assert.equal(again.pid, started.pid);
    assert.deepEqual(sandboxProcesses(), [started.pid]);
  });

  it('"Stop Sandbox" ends the process and the tree no longer shows it', async function () {
    this.timeout(60_000);
    assert.ok(started);
    assert.equal(await vscode.commands.executeCommand('adxIdentity.sandbox.stop'), true);
    await waitFor('no sandbox process', () => sandboxProcesses().length === 0);
    const tree = (await api()).tree;
    await waitFor('the sandbox gone from the tree', async () => {
      tree.refresh();
      return !(await tree.getChildren()).some((r) => r.label === 'Contoso Analytics Prod');
    });
    started = undefined;
  });
});
