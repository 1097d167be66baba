// adx-identity: the command line. Each subcommand lives in its own module; this file only dispatches.
import { runAudit } from './audit';
import { runCheck } from './check';
import { runGenerate } from './generate';
import { runLint } from './lint';
import { runProbe } from './probe';
import { redactedIo } from './output';
import { runWaitPrincipal } from './waitPrincipal';
import { runSandboxCommand } from './sandbox';
import { runMcp } from './mcp';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly readFile: (path: string) => Promise<string>;
  /** The file in pieces (`lint` checks a big file as it reads it); without it, `readFile` gives one piece. */
  readonly readChunks?: (path: string) => AsyncIterable<string>;
  /** Where `lint --official-parser` loads the parser from (default: `kusto-parser/` next to the CLI bundle). */
  readonly parserDir?: string;
  /** The environment (GITHUB_ACTIONS, …); absent in tests that do not set it. */
  readonly env?: NodeJS.ProcessEnv;
}

const USAGE = `Usage: adx-identity <command> [options]

Commands:
  generate [FILE|-]                      Print the management commands a JSON spec describes
  lint [--format text|json|sarif|junit] [--official-parser] FILE...
                                         Check the management commands in .kql files
  check --cluster URL --flow NAME ...    Readiness checks of a workflow against a live cluster (check --help)
                                         credentials: --auth none|default|cli|workload|pipelines|managed|env,
                                         --cloud NAME, --sandbox FILE|JSON (docs/cli-auth.md)
  probe --cluster URL [--database DB]    Read-only: check that the cluster's answers have the shapes the product reads,
                                         and write a redacted report for a bug report (probe --help)
  audit --auth MODE|--sandbox FILE [--format markdown|json|sarif]
                                         Every cluster the credential sees, judged for identity hygiene (audit --help)
  wait-principal --cluster URL --principal ID ...
                                         Wait until a new identity is visible to the cluster (wait-principal --help)
  sandbox [--port N] [--scenario FILE]   Start the local stand-in for Azure on 127.0.0.1 (sandbox --help)
  mcp [--allow-changes] [credentials]    Serve the identity tools to agents over MCP on stdio (mcp --help)
  help                                   Show this help
`;

/** Runs the CLI and returns its exit code (0 ok, 1 findings, 2 usage or input error). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'generate':
      return runGenerate(rest, redactedIo(io, false));
    case 'lint':
      return runLint(rest, redactedIo(io, false));
    case 'check':
      return runCheck(rest, redactedIo(io, true));
    case 'probe':
      return runProbe(rest, redactedIo(io, true));
    case 'audit':
      return runAudit(rest, redactedIo(io, true));
    case 'wait-principal':
      return runWaitPrincipal(rest, redactedIo(io, true));
    case 'sandbox':
      return runSandboxCommand(rest, io);
    case 'mcp':
      return runMcp(rest, redactedIo(io, false));
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`adx-identity: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

export function nodeIo(): CliIo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs/promises') as typeof import('node:fs/promises');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createReadStream } = require('node:fs') as typeof import('node:fs');
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readFile: (p) => fs.readFile(p, 'utf8'),
    // A UTF-8 decoder per stream: a character split between two chunks is joined again.
    readChunks: (p) => createReadStream(p, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

if (require.main === module) {
  runCli(process.argv.slice(2), nodeIo()).then(
    (code) => {
      process.exitCode = code;
      // A request abandoned at check's --deadline may hold a socket open: leave soon even then (unref: no wait otherwise).
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (err: unknown) => {
      process.stderr.write(`adx-identity: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
