// dist/cli.js, the command line's front door: it reads the command name and loads only what that command needs.
// `lint` runs on every push in CI, so it loads the linter alone (dist/cli-lint.js), with V8 tuned for a short run
// (src/cli/shortRun.ts); every other command loads the whole command line (dist/cli-full.js). Both run the same code
// as `src/cli/main.ts`.
import { setFlagsFromString } from 'node:v8';
import { nodeIo, runAsProcess } from './io';
import { shortRunFlags } from './shortRun';

runAsProcess((argv) => {
  if (argv[0] === 'lint') {
    const flags = shortRunFlags(process.execArgv, process.env.NODE_OPTIONS);
    try {
      if (flags !== undefined) setFlagsFromString(flags);
    } catch {
      // A V8 that takes no flags after start-up keeps its defaults: nothing else changes.
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('./lintEntry') as typeof import('./lintEntry')).runLintCommand(argv.slice(1), nodeIo());
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./main') as typeof import('./main')).runCli(argv, nodeIo());
});
