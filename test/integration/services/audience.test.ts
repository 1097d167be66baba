// ARM gets an ARM token and Kusto a Kusto token: the sandbox refuses the wrong audience, so a swap must fail loudly.
import assert from 'node:assert/strict';
import { Catalog } from '../../../src/services/catalog';
import { ClientFactory } from '../../../src/services/factory';
import type { CloudAccount } from '../../../src/services/model';
import { createSandboxAccount, mintSandboxToken, SANDBOX_ARM_SCOPE } from '../../../src/services/sandboxAccount';
import { ServiceError } from '../../../src/services/errors';
import { FAST, setup, type Setup } from './sandbox';

const audienceOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { aud: string }).aud;

describe('services: token audiences', () => {
  let s: Setup;
  before(async () => {
    s = await setup();
  });
  after(async () => {
    await s.stop();
  });

  it('asks ARM for the ARM scope and Kusto for the Kusto scope', async () => {
    const asked: string[] = [];
    const kustoAsked: string[] = [];
    const base = createSandboxAccount(s.sandbox.info());
    const spy: CloudAccount = {
      ...base,
      armCredential: (sub) => ({
        getToken: async (scopes) => {
          asked.push(...[scopes].flat());
          return base.armCredential(sub).getToken(scopes);
        },
      }),
      kustoToken: async (tenant, uri) => {
        const t = await base.kustoToken(tenant, uri);
        kustoAsked.push(audienceOf(t));
        return t;
      },
    };
    const factory = new ClientFactory(FAST);
    try {
      const catalog = new Catalog(factory);
      const [, prod] = await spy.listSubscriptions();
      const clusters = await catalog.listClusters(spy, prod);
      const ref = { account: spy, subscription: prod, cluster: clusters[0] };
      assert.equal((await catalog.clusterPrincipals(ref)).length, 2);
      assert.deepEqual([...new Set(asked)], [SANDBOX_ARM_SCOPE]);
      assert.deepEqual([...new Set(kustoAsked)], ['https://kusto.kusto.windows.net']);
    } finally {
      await factory.dispose();
    }
  });

  it('a Kusto request carrying the ARM token is refused with 401 and asks to sign in', async () => {
    const base = createSandboxAccount(s.sandbox.info());
    const wrong: CloudAccount = {
      ...base,
      kustoToken: async (tenant) => mintSandboxToken(SANDBOX_ARM_SCOPE, tenant, 'x').token,
    };
    const factory = new ClientFactory(FAST);
    try {
      const catalog = new Catalog(factory);
      const [, prod] = await wrong.listSubscriptions();
      const [cluster] = await catalog.listClusters(wrong, prod);
      await assert.rejects(catalog.clusterPolicy({ account: wrong, subscription: prod, cluster }), (e: unknown) => {
        assert.ok(e instanceof ServiceError);
        assert.equal(e.kind, 'unauthenticated');
        assert.equal(e.needsSignIn, true);
        assert.match(e.message, /\(401\)/);
        return true;
      });
    } finally {
      await factory.dispose();
    }
  });

  it('an ARM request carrying a Kusto token is refused with 401', async () => {
    const base = createSandboxAccount(s.sandbox.info());
    const wrong: CloudAccount = {
      ...base,
      armCredential: (sub) => ({
        getToken: async () => mintSandboxToken('https://kusto.kusto.windows.net/.default', sub.tenantId, 'x'),
      }),
    };
    const factory = new ClientFactory(FAST);
    try {
      const [dev] = await wrong.listSubscriptions();
      await assert.rejects(
        new Catalog(factory).listClusters(wrong, dev),
        (e: unknown) => e instanceof ServiceError && e.kind === 'unauthenticated',
      );
    } finally {
      await factory.dispose();
    }
  });

  it('a token from another tenant than the subscription is refused by ARM', async () => {
    const base = createSandboxAccount(s.sandbox.info());
    const other: CloudAccount = {
      ...base,
      armCredential: () => ({
        getToken: async (scopes) => mintSandboxToken([scopes].flat()[0], '22222222-2222-4222-8222-222222222222', 'x'),
      }),
    };
    const factory = new ClientFactory(FAST);
    try {
      const [dev] = await other.listSubscriptions();
      await assert.rejects(new Catalog(factory).listClusters(other, dev), /401/);
    } finally {
      await factory.dispose();
    }
  });
});
