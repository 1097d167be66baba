// `adx-identity lint` on its own: what dist/cli-lint.js holds, so a CI step that only lints never loads the rest of the
// command line (checks, probe, audit, MCP and their dependencies).
import type { CliIo } from './io';
import { runLint } from './lint';
import { redactedIo } from './output';

/** `lint`'s findings are the user's own text, printed unchanged; its messages pass the redaction like every command's. */
export function runLintCommand(args: readonly string[], io: CliIo): Promise<number> {
  return runLint(args, redactedIo(io, false));
}
