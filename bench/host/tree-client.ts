// One cold tree load in a fresh process (no auth metadata or token cached): every node expanded through the real
// SDK clients, every request on the wire counted. Prints one JSON line. Started by bench/tree.bench.ts.
import { sent } from './requests';
import { Catalog } from '../../src/services/catalog';
import { ClientFactory, DEFAULT_CONCURRENCY } from '../../src/services/factory';
import { createSandboxAccount, readSandboxInfo } from '../../src/services/sandboxAccount';
import { TreeModel } from '../../src/services/tree/model';
import type { ModelNode } from '../../src/services/tree/node';

async function expandAll(model: TreeModel, node?: ModelNode): Promise<ModelNode[]> {
  const children = await model.getChildren(node);
  const below = await Promise.all(children.map((c) => (c.collapsible === 'none' ? [] : expandAll(model, c))));
  return [...children, ...below.flat()];
}

async function main(): Promise<void> {
  const account = createSandboxAccount(readSandboxInfo(process.argv[2]));
  const factory = new ClientFactory({ concurrency: DEFAULT_CONCURRENCY });
  const model = new TreeModel(new Catalog(factory), () => ({ accounts: [account], direct: [] }));
  const t0 = performance.now();
  const all = await expandAll(model);
  const ms = performance.now() - t0;
  const errors = all.filter((n) => n.kind === 'error').map((n) => n.label);
  const metadata = sent.filter((s) => s.path.includes('/v1/rest/auth/metadata')).length;
  const tokens = sent.filter((s) => /oauth2|\/token|msi/.test(s.path)).length;
  process.stdout.write(
    `${JSON.stringify({ ms, nodes: all.length, errors, requests: sent.length, metadata, tokens, bound: DEFAULT_CONCURRENCY })}\n`,
  );
  await factory.dispose();
  process.exit(0);
}

void main();
