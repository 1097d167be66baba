// What every entry of the command line shares, and nothing heavier: the process's input and output, and how a run
// ends (its exit code). dist/cli.js loads only this before it knows which command it runs.

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

export function nodeIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    // Loaded when a command first reads a whole file: `lint` reads in pieces and never needs it (it costs ~1.5 ms).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    readFile: (p) => (require('node:fs/promises') as typeof import('node:fs/promises')).readFile(p, 'utf8'),
    readChunks,
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Runs `run` on the process's arguments and ends with its exit code (0 ok, 1 findings, 2 usage or input error). */
export function runAsProcess(run: (argv: readonly string[]) => Promise<number>): void {
  run(process.argv.slice(2)).then(
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

/**
 * A file in 64 KB pieces, read straight into one buffer: a piece that small stays in V8's young generation and dies
 * there, so peak memory does not grow with the file. A UTF-8 character cut between two pieces is joined again.
 */
async function* readChunks(path: string): AsyncIterable<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openSync, readSync, closeSync } = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { StringDecoder } = require('node:string_decoder') as typeof import('node:string_decoder');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    const decoder = new StringDecoder('utf8');
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) yield decoder.write(buffer.subarray(0, n));
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}
