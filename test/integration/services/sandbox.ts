// Shared setup: a running sandbox and the extension's real services (SDK clients) pointed at it.
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox';
import { Catalog } from '../../../src/services/catalog';
import { ClientFactory, type FactoryOptions } from '../../../src/services/factory';
import type { CloudAccount } from '../../../src/services/model';
import { createSandboxAccount } from '../../../src/services/sandboxAccount';
import type { DirectConnection } from '../../../src/services/tree/cluster';
import { TreeModel } from '../../../src/services/tree/model';
import type { ModelNode } from '../../../src/services/tree/node';

/** Small retries and timeouts so fault tests finish fast. */
export const FAST: FactoryOptions = {
  retry: { maxRetries: 2, retryDelayInMs: 20, maxRetryDelayInMs: 100 },
  timeoutMs: 3000,
  concurrency: 8,
};

export interface Setup {
  sandbox: RunningSandbox;
  account: CloudAccount;
  factory: ClientFactory;
  catalog: Catalog;
  model: TreeModel;
  direct: DirectConnection[];
  stop(): Promise<void>;
}

export async function setup(options: SandboxOptions = {}, factoryOptions: FactoryOptions = FAST): Promise<Setup> {
  const sandbox = await startSandbox(options);
  const account = createSandboxAccount(sandbox.info());
  const factory = new ClientFactory(factoryOptions);
  const catalog = new Catalog(factory);
  const direct: DirectConnection[] = [];
  const model = new TreeModel(catalog, () => ({ accounts: [account], direct, directAccount: account }));
  return {
    sandbox,
    account,
    factory,
    catalog,
    model,
    direct,
    async stop() {
      await factory.dispose();
      await sandbox.stop();
    },
  };
}

/** Children of the node reached by following labels from the root (a label may be a prefix ending in '*'). */
export async function pathTo(model: TreeModel, ...labels: string[]): Promise<ModelNode> {
  let node: ModelNode | undefined;
  for (const label of labels) {
    const children = await model.getChildren(node);
    const next = children.find((c) =>
      label.endsWith('*') ? c.label.startsWith(label.slice(0, -1)) : c.label === label,
    );
    if (!next)
      throw new Error(`no child "${label}" under ${node?.id ?? 'root'}: ${children.map((c) => c.label).join(' | ')}`);
    node = next;
  }
  if (!node) throw new Error('empty path');
  return node;
}

export async function childrenAt(model: TreeModel, ...labels: string[]): Promise<ModelNode[]> {
  return model.getChildren(labels.length ? await pathTo(model, ...labels) : undefined);
}

/** Expands every node (in parallel per level), returning all nodes under the root. */
export async function expandAll(model: TreeModel, node?: ModelNode): Promise<ModelNode[]> {
  const children = await model.getChildren(node);
  const below = await Promise.all(
    children.map((c) => (c.collapsible === 'none' ? Promise.resolve([]) : expandAll(model, c))),
  );
  return [...children, ...below.flat()];
}

/** An indented outline of the tree: label — description. */
export async function outline(model: TreeModel, node?: ModelNode, depth = 0): Promise<string[]> {
  const out: string[] = [];
  for (const c of await model.getChildren(node)) {
    out.push(`${'  '.repeat(depth)}${c.label}${c.description ? ` — ${c.description}` : ''}`);
    if (c.collapsible !== 'none') out.push(...(await outline(model, c, depth + 1)));
  }
  return out;
}
