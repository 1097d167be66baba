// Puts the sandbox's `az` stand-in on a PATH directory and "logs it in" (AZURE_CONFIG_DIR), as `az login` would.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SANDBOX_APP } from './directory';

export interface AzShimLogin {
  /** The sandbox's https origin (authority host). */
  authority: string;
  /** The CA file the shim trusts (the sandbox certificate). */
  certificate: string;
  tenantId: string;
  subscriptionId?: string;
  clientId?: string;
  clientSecret?: string;
}

/** Writes `dir/bin/az` and, unless `login` is undefined, `dir/config/adx-sandbox-login.json`; returns both paths. */
export function installAzShim(dir: string, login: AzShimLogin | undefined): { bin: string; configDir: string } {
  const bin = join(dir, 'bin');
  const configDir = join(dir, 'config');
  mkdirSync(bin, { recursive: true });
  mkdirSync(configDir, { recursive: true });
  const az = join(bin, 'az');
  writeFileSync(az, `#!/bin/sh\nexec "${process.execPath}" "${join(__dirname, 'az.mjs')}" "$@"\n`);
  chmodSync(az, 0o755);
  if (login) {
    writeFileSync(
      join(configDir, 'adx-sandbox-login.json'),
      JSON.stringify({ clientId: SANDBOX_APP.clientId, clientSecret: SANDBOX_APP.clientSecret, ...login }),
    );
  }
  return { bin, configDir };
}
