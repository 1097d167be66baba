// dist/mcp.js: `adx-identity mcp` alone, small enough to ship in the VSIX; the extension starts it with its own Node
// (process.execPath, ELECTRON_RUN_AS_NODE=1) for VS Code's agents.
import { readFile } from 'node:fs/promises';
import { runMcp } from './mcp';

if (require.main === module) {
  // Not main.ts's io: that module brings every other subcommand into this bundle. stdout belongs to the protocol.
  const io = {
    stdout: (t: string) => void process.stderr.write(t),
    stderr: (t: string) => void process.stderr.write(t),
    readFile: (p: string) => readFile(p, 'utf8'),
    readStdin: () => Promise.reject(new Error('standard input carries the protocol')),
    env: process.env,
  };
  runMcp(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
      setTimeout(() => process.exit(code), 2000).unref();
    },
    (err: unknown) => {
      process.stderr.write(`adx-identity mcp: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
