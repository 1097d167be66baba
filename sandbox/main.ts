// `npm run sandbox`: starts the sandbox, prints one JSON line (how to reach it), then human lines; Ctrl+C stops it.
import { startSandbox } from './index';
import type { LroStyle } from './arm/lro';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const lro = flag('lro');
  if (lro !== undefined && lro !== 'location' && lro !== 'azure-async-operation') {
    throw new Error(`--lro must be location or azure-async-operation, not '${lro}'`);
  }
  const variant = flag('variant');
  if (variant !== undefined && variant !== 'default' && variant !== 'docs') {
    throw new Error(`--variant must be default or docs, not '${variant}'`);
  }
  const sandbox = await startSandbox({
    variant: variant as 'default' | 'docs' | undefined,
    scenario: flag('scenario'),
    port: flag('port') ? Number(flag('port')) : 0,
    lro: lro as LroStyle | undefined,
    principalVisibilityDelayMs: flag('principal-delay-ms') ? Number(flag('principal-delay-ms')) : 0,
  });
  process.stdout.write(`${JSON.stringify(sandbox.info())}\n`);
  console.log(
    `ARM (https, self-signed): ${sandbox.arm}  — trust ${sandbox.certificate} (NODE_EXTRA_CA_CERTS or tlsOptions.ca)`,
  );
  for (const [name, url] of Object.entries(sandbox.clusters)) console.log(`Kusto ${name}: ${url}`);
  console.log(`Token endpoint: POST ${sandbox.arm}/token (resource=… or scope=…)`);
  console.log('Press Ctrl+C to stop.');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sandbox.stop().then(
      () => {
        console.log('Sandbox stopped.');
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`sandbox: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
