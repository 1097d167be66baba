// The sandbox in its own process, as it runs for a user, so its CPU does not eat into the measured client's.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox, type SandboxInfo, type ScaleOptions } from '../../sandbox';

export interface SandboxProcess {
  readonly info: SandboxInfo;
  stop(): void;
}

interface Options {
  readonly latencyMs: number;
  readonly scale: ScaleOptions;
  /** start from the default scenario (true) or from nothing but the scale's clusters */
  readonly withDefault: boolean;
}

export function sandboxProcess(options: Options): Promise<SandboxProcess> {
  const child: ChildProcess = fork(__filename, ['--serve', JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ info: (m as { info: SandboxInfo }).info, stop: () => child.send('stop') }));
    child.once('exit', (code) => reject(new Error(`sandbox process exited (${code})`)));
  });
}

/** Runs a bench client script in a fresh process (no cache of auth metadata or tokens) and reads its JSON line. */
export function clientRun<T>(script: string, args: readonly string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as T;
}

async function serve(options: Options): Promise<void> {
  const sandbox = await startSandbox({
    ...(options.withDefault ? {} : { scenario: { tenants: [], subscriptions: [], clusters: [] } }),
    scale: options.scale,
    latencyMs: options.latencyMs,
  });
  process.on('message', (m) => {
    if (m === 'stop') void sandbox.stop().then(() => process.exit(0));
  });
  process.send?.({ info: sandbox.info() });
}

if (require.main === module && process.argv[2] === '--serve') void serve(JSON.parse(process.argv[3]) as Options);
