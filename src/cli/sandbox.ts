// `adx-identity sandbox`: the local stand-in for Azure, from the CLI package. Its bundle (dist/sandbox.js) loads only here.
import type { CliIo } from './io';

export async function runSandboxCommand(argv: readonly string[], io: CliIo): Promise<number> {
  // require, not import(): the bundle maps this path to dist/sandbox.js, and plain-Node tests (tsx, CommonJS) load it too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runSandbox } = require('../../sandbox/main') as typeof import('../../sandbox/main');
  try {
    return await runSandbox(argv, (line) => io.stdout(`${line}\n`));
  } catch (e) {
    io.stderr(`adx-identity sandbox: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
