// The CLI's version for SARIF's tool.driver: read from the package.json beside the bundle (dist/) or the sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | undefined;

export function cliVersion(): string {
  if (cached) return cached;
  for (const up of [['..'], ['..', '..'], ['..', '..', '..']]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, ...up, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'adx-identity' && pkg.version) return (cached = pkg.version);
    } catch {
      // not there: try one folder up
    }
  }
  return (cached = '0.0.0');
}
