// `adx-identity generate [FILE|-]`: JSON spec(s) in, management command text out (checked by core/commands/specJson).
import { generate } from '../core/commands/specJson';
import type { CliIo } from './io';

export { generate };

const USAGE = `Usage: adx-identity generate [FILE|-]

Reads one JSON spec, or an array of specs, from FILE (or standard input when FILE is '-' or absent)
and prints each management command, separated by a blank line. See docs/cli-generate.md.
Exit codes: 0 printed, 2 usage error or invalid spec (nothing is printed).
`;

export async function runGenerate(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const unknownOption = args.find((a) => a.startsWith('-') && a !== '-');
  if (unknownOption !== undefined || args.length > 1) {
    io.stderr(
      `adx-identity generate: ${unknownOption ? `unknown option '${unknownOption}'` : 'expected at most one FILE'}\n${USAGE}`,
    );
    return 2;
  }
  const source = args[0] ?? '-';
  let text: string;
  try {
    text = source === '-' ? await io.readStdin() : await io.readFile(source);
  } catch (e) {
    io.stderr(`adx-identity generate: cannot read ${source === '-' ? 'standard input' : source}: ${messageOf(e)}\n`);
    return 2;
  }
  const result = generate(text);
  if ('error' in result) {
    io.stderr(`adx-identity generate: ${result.error}\n`);
    return 2;
  }
  io.stdout(`${result.commands.join('\n\n')}\n`);
  return 0;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
