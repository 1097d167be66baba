// A CLI io for tests: it keeps what the CLI prints; files come from a map (others are missing), or as `readFile` says.
import type { CliIo } from '../../src/cli/main';

export type CapturedIo = CliIo & { out: string; err: string };

export function captureIo(
  options: {
    files?: Record<string, string>;
    readFile?: (path: string) => Promise<string>;
    env?: NodeJS.ProcessEnv;
  } = {},
): CapturedIo {
  const files = options.files ?? {};
  const io: CapturedIo = {
    out: '',
    err: '',
    stdout: (t) => {
      io.out += t;
    },
    stderr: (t) => {
      io.err += t;
    },
    readStdin: async () => '',
    readFile:
      options.readFile ??
      (async (p) => {
        if (!(p in files)) throw new Error(`ENOENT: ${p}`);
        return files[p];
      }),
    ...(options.env ? { env: options.env } : {}),
  };
  return io;
}
