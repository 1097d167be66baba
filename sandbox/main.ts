// `npm run sandbox`, `adx-identity sandbox` and the extension's built-in sandbox (bundled alone as dist/sandbox.js):
// starts the sandbox, prints one JSON line (how to reach it), then human lines; Ctrl+C (or stdin closing) stops it.
import { startSandbox } from './index';
import type { LroStyle } from './arm/lro';
import type { Scenario } from './types';
// Imported, not read from disk, so the bundle carries its scenario with it.
import defaultScenario from './scenarios/default.json';

export const SANDBOX_USAGE = `Usage: adx-identity sandbox [--port N] [--scenario FILE] [--lro location|azure-async-operation]
                            [--principal-delay-ms N] [--variant default|docs] [--export-every-ms N]
                            [--stop-with-stdin]

Starts the local stand-in for Azure on 127.0.0.1: ARM over https (a self-signed certificate made at start) and one
Kusto endpoint per cluster over http. The first line printed is the JSON that the setting adxIdentity.sandbox,
ADX_IDENTITY_SANDBOX and --sandbox take. Continuous exports run every --export-every-ms (default 60000; 0: only on
POST /sandbox/continuous-exports/run). Ctrl+C stops it; with --stop-with-stdin, so does the end of stdin.
`;

const EXPORT_EVERY_MS = 60_000;

function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

function count(argv: readonly string[], name: string): number {
  const value = flag(argv, name);
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not '${value}'`);
  return n;
}

/** Runs until stopped; resolves with the exit code. Throws when the sandbox cannot start (bad flags, port in use). */
export async function runSandbox(
  argv: readonly string[],
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(SANDBOX_USAGE);
    return 0;
  }
  const lro = flag(argv, 'lro');
  if (lro !== undefined && lro !== 'location' && lro !== 'azure-async-operation') {
    throw new Error(`--lro must be location or azure-async-operation, not '${lro}'`);
  }
  const variant = flag(argv, 'variant');
  if (variant !== undefined && variant !== 'default' && variant !== 'docs') {
    throw new Error(`--variant must be default or docs, not '${variant}'`);
  }
  const sandbox = await startSandbox({
    variant: variant as 'default' | 'docs' | undefined,
    scenario: flag(argv, 'scenario') ?? (defaultScenario as unknown as Scenario),
    port: count(argv, 'port'),
    lro: lro as LroStyle | undefined,
    principalVisibilityDelayMs: count(argv, 'principal-delay-ms'),
    exportRunEveryMs: flag(argv, 'export-every-ms') === undefined ? EXPORT_EVERY_MS : count(argv, 'export-every-ms'),
  });
  out(JSON.stringify(sandbox.info()));
  out(
    `ARM (https, self-signed): ${sandbox.arm}  — trust ${sandbox.certificate} (NODE_EXTRA_CA_CERTS or tlsOptions.ca)`,
  );
  for (const [name, url] of Object.entries(sandbox.clusters)) out(`Kusto ${name}: ${url}`);
  out(`Token endpoint: POST ${sandbox.arm}/token (resource=… or scope=…)`);
  out(`Continuous exports: POST ${sandbox.arm}/sandbox/continuous-exports/run (ARM token) runs them now`);
  out('Press Ctrl+C to stop.');
  const watchStdin = argv.includes('--stop-with-stdin');
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A stdin still read would keep the process alive after the servers close.
      if (watchStdin) process.stdin.off('end', stop).off('close', stop).off('error', stop).destroy();
      sandbox.stop().then(
        () => {
          out('Sandbox stopped.');
          resolve(0);
        },
        () => resolve(1),
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // The extension keeps a pipe open on stdin: when its host goes away, however it ends, so does the sandbox.
    if (watchStdin) {
      process.stdin.on('end', stop).on('close', stop).on('error', stop).resume();
    }
  });
}

if (require.main === module) {
  runSandbox(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
