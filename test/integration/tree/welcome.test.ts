// A signed-in Azure account whose subscriptions hold no cluster leaves the roots empty, so the view shows the welcome
// that says what to do; any cluster, or the sandbox, shows the tree as before.
import assert from 'node:assert/strict';
import { loadScenario, startSandbox, type RunningSandbox } from '../../../sandbox';
import { Catalog } from '../../../src/services/catalog';
import { ClientFactory } from '../../../src/services/factory';
import type { CloudAccount } from '../../../src/services/model';
import { createSandboxAccount } from '../../../src/services/sandboxAccount';
import { TreeModel } from '../../../src/services/tree/model';
import { FAST } from '../services/sandbox';

const EMPTY_SUB = 'aaaaaaaa-0000-4000-8000-0000000000ee';

describe('tree: signed in, no clusters', () => {
  let sandbox: RunningSandbox;
  let factory: ClientFactory;
  before(async () => {
    const scenario = loadScenario(undefined);
    scenario.subscriptions.push({
      subscriptionId: EMPTY_SUB,
      displayName: 'Empty',
      tenantId: scenario.subscriptions[0].tenantId,
    });
    sandbox = await startSandbox({ scenario });
    factory = new ClientFactory(FAST);
  });
  after(async () => {
    await factory.dispose();
    await sandbox.stop();
  });

  /** The sandbox's ARM, seen as an Azure account that lists only some subscriptions. */
  function azureAccount(ids: string[]): CloudAccount {
    const account = createSandboxAccount(sandbox.info());
    return {
      ...account,
      kind: 'azure',
      listSubscriptions: async () => (await account.listSubscriptions()).filter((s) => ids.includes(s.subscriptionId)),
    };
  }

  async function roots(accounts: CloudAccount[]) {
    const told: boolean[] = [];
    const model = new TreeModel(
      new Catalog(factory),
      () => ({ accounts, direct: [] }),
      (yes) => told.push(yes),
    );
    return { roots: await model.getChildren(), told };
  }

  it('has no roots, and says so, when no subscription holds a cluster', async () => {
    const { roots: r, told } = await roots([azureAccount([EMPTY_SUB])]);
    assert.deepEqual(r, []);
    assert.deepEqual(told, [true]);
  });

  it('shows the subscriptions when one of them holds a cluster', async () => {
    const prod = sandbox.subscriptions[1].subscriptionId;
    const { roots: r, told } = await roots([azureAccount([EMPTY_SUB, prod])]);
    assert.deepEqual(
      r.map((n) => n.label),
      ['Contoso Analytics Prod', 'Empty'],
    );
    assert.deepEqual(told, [false]);
  });

  it('is not about the sandbox: its empty subscription still shows', async () => {
    const account = createSandboxAccount(sandbox.info());
    const { roots: r, told } = await roots([account]);
    assert.ok(r.some((n) => n.label === 'Empty'));
    assert.deepEqual(told, [false]);
  });
});
