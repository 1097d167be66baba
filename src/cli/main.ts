// adx-identity: the command line. Each subcommand lives in its own module; this file only dispatches.
import { runCheck } from './check';
import { runGenerate } from './generate';
import { runLint } from './lint';
import { runSandboxCommand } from './sandbox';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly readFile: (path: string) => Promise<string>;
  /** Where `lint --official-parser` loads the parser from (default: `kusto-parser/` next to the CLI bundle). */
  readonly parserDir?: string;
}

const USAGE = `Usage: adx-identity <command> [options]

Commands:
  generate [FILE|-]                      Print the management commands a JSON spec describes
  lint [--format text|json] [--official-parser] FILE...
                                         Check the management commands in .kql files
  check --cluster URL --flow NAME ...    Readiness checks of a workflow against a live cluster (check --help)
  sandbox [--port N] [--scenario FILE]   Start the local stand-in for Azure on 127.0.0.1 (sandbox --help)
  help                                   Show this help
`;

/** Runs the CLI and returns its exit code (0 ok, 1 findings, 2 usage or input error). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'generate':
      return runGenerate(rest, io);
    case 'lint':
      return runLint(rest, io);
    case 'check':
      return runCheck(rest, io);
    case 'sandbox':
      return runSandboxCommand(rest, io);
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
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readFile: (p) => fs.readFile(p, 'utf8'),
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
    },
    (err: unknown) => {
      process.stderr.write(`adx-identity: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
