// The sandbox's Entra-style token service over the wire: discovery, grants, clients, assertions, resources, the
// managed identity and Azure Pipelines endpoints, and tokens that ARM and Kusto each accept only for themselves.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import { ClientSecretCredential } from '@azure/identity';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import {
  FEDERATED_CREDENTIALS,
  federatedToken,
  MANAGED_IDENTITY,
  PIPELINES,
  SANDBOX_APP,
} from '../../../sandbox/entra/directory';
import { armClient, armFailure, kustoClient, kustoFailure, rowsOf, SUB_DEV, TENANT } from './helpers';

const ARM_SCOPE = 'https://management.azure.com/.default';
const KUSTO_SCOPE = 'https://kusto.kusto.windows.net/.default';

function call(
  sandbox: RunningSandbox,
  path: string,
  init: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {},
) {
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  return new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      `${sandbox.arm}${path}`,
      {
        method: init.method ?? (body ? 'POST' : 'GET'),
        ca: sandbox.certificatePem,
        headers: { ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...init.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : {} }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const secretForm = (scope: string, extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: SANDBOX_APP.clientId,
  client_secret: SANDBOX_APP.clientSecret,
  scope,
  ...extra,
});

describe('sandbox token service (Entra-style)', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });
  const token = `/${TENANT}/oauth2/v2.0/token`;

  it('discovery: the issuer and endpoints are on the sandbox host; an unknown tenant is refused', async () => {
    const ok = await call(sandbox, `/${TENANT}/v2.0/.well-known/openid-configuration`);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.issuer, `${sandbox.arm}/${TENANT}/v2.0`);
    assert.equal(ok.json.token_endpoint, `${sandbox.arm}${token}`);
    const unknown = await call(sandbox, '/99999999-0000-4000-8000-000000000000/v2.0/.well-known/openid-configuration');
    assert.equal(unknown.status, 400);
  });

  it('refuses a wrong grant, a missing credential, a wrong scope form and an unknown resource, with AADSTS codes', async () => {
    const cases: [Record<string, string>, number, string, number][] = [
      [{ ...secretForm(ARM_SCOPE), grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
      [
        { grant_type: 'client_credentials', client_id: SANDBOX_APP.clientId, scope: ARM_SCOPE },
        401,
        'invalid_client',
        7000218,
      ],
      [secretForm('https://management.azure.com/user_impersonation'), 400, 'invalid_scope', 1002012],
      [secretForm('https://storage.azure.com/.default'), 400, 'invalid_resource', 500011],
    ];
    for (const [form, status, error, code] of cases) {
      const r = await call(sandbox, token, { form });
      assert.deepEqual([r.status, r.json.error, (r.json.error_codes as number[])[0]], [status, error, code]);
      assert.match(String(r.json.error_description), new RegExp(`^AADSTS${code}: `));
    }
  });

  it('federated assertions: matching issuer and subject pass; wrong audience, expired or wrong type are refused', async () => {
    const [gh] = FEDERATED_CREDENTIALS;
    const assertion = (jwt: string, type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') => ({
      grant_type: 'client_credentials',
      client_id: SANDBOX_APP.clientId,
      client_assertion_type: type,
      client_assertion: jwt,
      scope: KUSTO_SCOPE,
    });
    const ok = await call(sandbox, token, { form: assertion(federatedToken(gh.issuer, gh.subject)) });
    assert.equal(ok.status, 200);
    const claims = JSON.parse(Buffer.from(String(ok.json.access_token).split('.')[1], 'base64url').toString());
    assert.deepEqual([claims.aud, claims.tid], ['https://kusto.kusto.windows.net', TENANT]);
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const wrongAud = `${b64({ alg: 'none' })}.${b64({ iss: gh.issuer, sub: gh.subject, aud: 'api://other', exp: now + 60 })}.`;
    const expired = `${b64({ alg: 'none' })}.${b64({ iss: gh.issuer, sub: gh.subject, aud: 'api://AzureADTokenExchange', exp: now - 60 })}.`;
    for (const [form, code] of [
      [assertion(wrongAud), 700212],
      [assertion(expired), 700024],
      [assertion(federatedToken(gh.issuer, gh.subject), 'urn:other'), 50027],
      [assertion(federatedToken('https://evil.example/', gh.subject)), 700213],
    ] as const) {
      const r = await call(sandbox, token, { form });
      assert.equal((r.json.error_codes as number[])[0], code, JSON.stringify(r.json));
    }
  });

  it('a token is for its audience: a Kusto token at ARM and an ARM token at Kusto are refused with 401', async () => {
    const real = new ClientSecretCredential(TENANT, SANDBOX_APP.clientId, SANDBOX_APP.clientSecret, {
      authorityHost: sandbox.arm,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: sandbox.certificatePem },
    });
    const asking = (scope: string): TokenCredential => ({ getToken: () => real.getToken(scope) });
    assert.equal(
      (await armClient(sandbox, SUB_DEV, asking(ARM_SCOPE)).clusters.get('rg-adx-dev', 'adxnoid')).name,
      'adxnoid',
    );
    const atArm = await armFailure(
      armClient(sandbox, SUB_DEV, asking(KUSTO_SCOPE)).clusters.get('rg-adx-dev', 'adxnoid'),
    );
    assert.deepEqual([atArm.status, atArm.code], [401, 'InvalidAuthenticationToken']);
    const kusto = kustoClient(sandbox, 'adxnoid', asking(KUSTO_SCOPE));
    assert.equal(rowsOf(await kusto.executeMgmt('Sales', '.show databases')).length, 1);
    const atKusto = await kustoFailure(
      kustoClient(sandbox, 'adxnoid', asking(ARM_SCOPE)).executeMgmt('Sales', '.show databases'),
    );
    assert.equal(atKusto.status, 401);
  });

  it('managed identity (App Service): the secret header, api-version 2019-08-01, expires_on as a string', async () => {
    const path = `${MANAGED_IDENTITY.path}?api-version=2019-08-01&resource=https://management.azure.com/`;
    const ok = await call(sandbox, path, { headers: { 'X-IDENTITY-HEADER': MANAGED_IDENTITY.header } });
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.json.expires_on, 'string');
    assert.equal((await call(sandbox, path)).status, 401);
    const noVersion = await call(sandbox, path.replace('2019-08-01', '2017-09-01'), {
      headers: { 'X-IDENTITY-HEADER': MANAGED_IDENTITY.header },
    });
    assert.equal(noVersion.status, 400);
  });

  it('Azure Pipelines OIDC request: the job token and the service connection are checked', async () => {
    const path = (id: string) => `${PIPELINES.oidcPath}?api-version=7.1&serviceConnectionId=${id}`;
    const auth = { Authorization: `Bearer ${PIPELINES.systemAccessToken}` };
    const ok = await call(sandbox, path(PIPELINES.serviceConnectionId), { method: 'POST', headers: auth });
    assert.equal(ok.status, 200);
    const claims = JSON.parse(Buffer.from(String(ok.json.oidcToken).split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, FEDERATED_CREDENTIALS[2].subject);
    assert.equal((await call(sandbox, path(PIPELINES.serviceConnectionId), { method: 'POST' })).status, 401);
    assert.equal((await call(sandbox, path('someone-else'), { method: 'POST', headers: auth })).status, 404);
  });
});
