// adx-identity: the command line. Each subcommand lives in its own module; this file only dispatches.
import { runAudit } from './audit';
import { runCheck } from './check';
import { runGenerate } from './generate';
import { runLintCommand } from './lintEntry';
import { runProbe } from './probe';
import { redactedIo } from './output';
import { runWaitPrincipal } from './waitPrincipal';
import { runSandboxCommand } from './sandbox';
import { runMcp } from './mcp';
import { nodeIo, runAsProcess, type CliIo } from './io';

export type { CliIo } from './io';
export { nodeIo } from './io';

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
      return runLintCommand(rest, io);
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

if (require.main === module) runAsProcess((argv) => runCli(argv, nodeIo()));
