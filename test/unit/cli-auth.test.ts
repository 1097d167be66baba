// --auth / --cloud / --sandbox without a network: which endpoints and scopes each choice sets, and the usage errors.
import assert from 'node:assert/strict';
import { AuthUsageError, openCliAccess } from '../../src/cli/auth';
import { missingEnvironment } from '../../src/services/credentials';
import { ClientFactory } from '../../src/services/factory';

const SECRET_ENV = {
  AZURE_TENANT_ID: '11111111-1111-4111-8111-111111111111',
  AZURE_CLIENT_ID: 'c1e00000-0000-4000-8000-0000000000c1',
  AZURE_CLIENT_SECRET: 'x',
};

describe('CLI credential flags', () => {
  const factory = new ClientFactory();

  it('--cloud sets ARM, the authority host and the Kusto scope of each sovereign cloud', async () => {
    const expected = {
      AzureCloud: [
        'https://management.azure.com',
        'https://login.microsoftonline.com',
        'https://kusto.kusto.windows.net/.default',
      ],
      AzureChinaCloud: [
        'https://management.chinacloudapi.cn',
        'https://login.chinacloudapi.cn',
        'https://kusto.kusto.chinacloudapi.cn/.default',
      ],
      AzureUSGovernment: [
        'https://management.usgovcloudapi.net',
        'https://login.microsoftonline.us',
        'https://kusto.kusto.usgovcloudapi.net/.default',
      ],
    };
    for (const [cloud, [arm, authority, kusto]] of Object.entries(expected)) {
      const access = await openCliAccess({ auth: 'env', cloud }, factory, SECRET_ENV);
      assert.deepEqual(access.endpoints, { arm, authorityHost: authority, kustoScope: kusto });
      assert.deepEqual(access.account?.endpoints.armScopes, [`${arm}/.default`]);
      assert.equal(access.describe, `--auth env (${cloud})`);
    }
  });

  it('without --auth: no ARM; ADX_IDENTITY_TOKEN gives a Kusto token only; --auth none sends no Authorization', async () => {
    assert.deepEqual(await openCliAccess({}, factory, {}), { arm: false, describe: 'no credential' });
    const token = await openCliAccess({}, factory, { ADX_IDENTITY_TOKEN: 'eyJ' });
    assert.equal(token.arm, false);
    assert.equal(await token.account?.kustoToken('', 'https://a.kusto.windows.net'), 'eyJ');
    const none = await openCliAccess({ auth: 'none' }, factory, { ADX_IDENTITY_TOKEN: 'eyJ' });
    assert.equal(none.account, undefined);
  });

  it('names the variables a mode lacks, and only their names', async () => {
    assert.deepEqual(missingEnvironment('pipelines', { SYSTEM_ACCESSTOKEN: 'secret-value' }), [
      'AZURE_TENANT_ID or AZURESUBSCRIPTION_TENANT_ID',
      'AZURE_CLIENT_ID or AZURESUBSCRIPTION_CLIENT_ID',
      'AZURESUBSCRIPTION_SERVICE_CONNECTION_ID',
      'SYSTEM_OIDCREQUESTURI',
    ]);
    assert.deepEqual(missingEnvironment('managed', {}), []);
    await assert.rejects(
      openCliAccess({ auth: 'env' }, factory, { AZURE_CLIENT_SECRET: 'secret-value' }),
      (e: Error) =>
        e instanceof AuthUsageError &&
        /AZURE_TENANT_ID, AZURE_CLIENT_ID$/.test(e.message) &&
        !e.message.includes('secret-value'),
    );
    await assert.rejects(openCliAccess({ sandbox: '{"nope":1}' }, factory, {}), AuthUsageError);
  });
});
