// The CLI's one output sink: what it prints passes the redaction module, so a secret a cluster echoes never reaches a terminal or a CI log.
import { redact } from '../core/operations/redact';
import type { CliIo } from './io';

/**
 * Messages (stderr) are always redacted; stdout too when `output` (check: reports quote what the cluster says).
 * `generate` and `lint` print the user's own commands and findings on stdout, unchanged.
 */
export function redactedIo(io: CliIo, output: boolean): CliIo {
  return { ...io, stdout: output ? (t) => io.stdout(redact(t)) : io.stdout, stderr: (t) => io.stderr(redact(t)) };
}
