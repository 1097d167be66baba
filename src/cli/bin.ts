// dist/cli.js, the command line's front door: it reads the command name and loads only what that command needs.
// `lint` runs on every push in CI, so it loads the linter alone (dist/cli-lint.js); every other command loads the whole
// command line (dist/cli-full.js). Both run the same code as `src/cli/main.ts`.
import { nodeIo, runAsProcess } from './io';

runAsProcess((argv) =>
  argv[0] === 'lint'
    ? // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('./lintEntry') as typeof import('./lintEntry')).runLintCommand(argv.slice(1), nodeIo())
    : // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('./main') as typeof import('./main')).runCli(argv, nodeIo()),
);
