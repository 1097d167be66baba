// A stand-in `az` for the sandbox: `az account get-access-token --output json --resource R [--tenant T]` signs in to
// the sandbox's token service as the logged-in app and prints what the real CLI prints. It proves AzureCliCredential's
// process contract (command line, JSON, exit codes), not the Azure CLI itself.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

const args = process.argv.slice(2);
const arg = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

function fail(text) {
  process.stderr.write(`ERROR: ${text}\n`);
  process.exit(1);
}

if (args[0] !== 'account' || args[1] !== 'get-access-token')
  fail(`'${args.join(' ')}' is not supported by the sandbox az.`);
let login;
try {
  login = JSON.parse(readFileSync(join(process.env.AZURE_CONFIG_DIR ?? '', 'adx-sandbox-login.json'), 'utf8'));
} catch {
  fail("Please run 'az login' to setup account.");
}
const resource = arg('--resource') ?? `${login.arm}/`;
const tenant = arg('--tenant') ?? login.tenantId;
const body = new URLSearchParams({
  grant_type: 'client_credentials',
  client_id: login.clientId,
  client_secret: login.clientSecret,
  scope: `${resource.replace(/\/+$/, '')}/.default`,
}).toString();
const req = request(
  `${login.authority}/${tenant}/oauth2/v2.0/token`,
  {
    method: 'POST',
    ca: readFileSync(login.certificate),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
  (res) => {
    let text = '';
    res.on('data', (d) => (text += d));
    res.on('end', () => {
      const json = JSON.parse(text || '{}');
      if (res.statusCode !== 200) fail(String(json.error_description ?? json.error ?? res.statusCode).split('\r\n')[0]);
      const expires = Math.floor(Date.now() / 1000) + Number(json.expires_in ?? 3599);
      const local = new Date(expires * 1000).toISOString().replace('T', ' ').replace('Z', '000');
      process.stdout.write(
        `${JSON.stringify({ accessToken: json.access_token, expiresOn: local, expires_on: expires, subscription: login.subscriptionId, tenant, tokenType: 'Bearer' }, null, 2)}\n`,
      );
    });
  },
);
req.on('error', (e) => fail(e.message));
req.end(body);
