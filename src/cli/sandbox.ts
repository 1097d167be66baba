// `adx-identity sandbox`: the local stand-in for Azure, from the CLI package. Its bundle (dist/sandbox.js) loads only here.
import type { CliIo } from './main';

export async function runSandboxCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { runSandbox } = await import('../../sandbox/main');
  try {
    return await runSandbox(argv, (line) => io.stdout(`${line}\n`));
  } catch (e) {
    io.stderr(`adx-identity sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
