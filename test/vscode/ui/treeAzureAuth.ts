// A test-only extension (written to a temp folder, never in the VSIX) that registers the `microsoft-sovereign-cloud`
// authentication provider and hands out sandbox tokens, so VSCodeAzureSubscriptionProvider itself can run against the sandbox.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Setting the test extension reads the sandbox's JSON line from (read raw; it need not be registered). */
export const SANDBOX_SETTING = 'adxIdentityTest.sandbox';

const EXTENSION_JS = String.raw`
const vscode = require('vscode');
const tls = require('tls');
const fs = require('fs');
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const account = { id: 'sandbox-user', label: 'sandbox-user@contoso.example' };
let signedIn = false;
let trusted = false;
function info() {
  const v = vscode.workspace.getConfiguration().get('${SANDBOX_SETTING}');
  return v ? JSON.parse(v) : undefined;
}
// What NODE_EXTRA_CA_CERTS would do at start-up: trust the sandbox certificate for every https client in this host.
function trust(i) {
  if (trusted || !i) return;
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), fs.readFileSync(i.certificate, 'utf8')]);
  trusted = true;
}
function session(scopes) {
  const i = info();
  trust(i);
  const list = [...(scopes || [])];
  const tenant = (list.find((s) => s.startsWith('VSCODE_TENANT:')) || '').slice(14) || (i && i.tenants[0]) || '';
  const resource = list.find((s) => !s.startsWith('VSCODE_')) || 'https://management.azure.com/.default';
  const aud = resource.replace(/\/\.default$/, '').replace(/\/+$/, '');
  const now = Math.floor(Date.now() / 1000);
  const claims = { aud, tid: tenant, oid: '00000000-0000-0000-0000-0000000000aa', iat: now, exp: now + 3600, iss: 'https://sts.windows.net/' + tenant + '/' };
  return { id: aud + '|' + tenant, accessToken: b64({ alg: 'none', typ: 'JWT' }) + '.' + b64(claims) + '.', account, scopes: list };
}
exports.activate = (context) => {
  const changed = new vscode.EventEmitter();
  context.subscriptions.push(vscode.authentication.registerAuthenticationProvider('microsoft-sovereign-cloud', 'Sandbox (test)', {
    onDidChangeSessions: changed.event,
    getSessions: async (scopes) => (signedIn && info() ? [session(scopes)] : []),
    createSession: async (scopes) => {
      signedIn = true;
      const s = session(scopes);
      changed.fire({ added: [s], removed: [], changed: [] });
      return s;
    },
    removeSession: async () => { signedIn = false; },
  }, { supportsMultipleAccounts: true }));
};
`;

/** Writes the extension and returns its folder. */
export function writeSandboxAuthExtension(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'adx-test-auth-')), 'extension');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'adx-identity-test-auth',
        publisher: 'adx-identity-test',
        version: '0.0.1',
        engines: { vscode: '^1.100.0' },
        main: './extension.js',
        activationEvents: ['*'],
        contributes: { authentication: [{ id: 'microsoft-sovereign-cloud', label: 'Sandbox (test)' }] },
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'extension.js'), EXTENSION_JS);
  return dir;
}

/** The custom cloud the built-in auth settings describe: ARM is the sandbox. */
export function customEnvironment(arm: string): Record<string, string> {
  return {
    name: 'AdxIdentitySandbox',
    portalUrl: 'https://portal.azure.com',
    managementEndpointUrl: 'https://management.azure.com/',
    resourceManagerEndpointUrl: `${arm}/`,
    activeDirectoryEndpointUrl: 'https://login.microsoftonline.com/',
    activeDirectoryResourceId: 'https://management.azure.com/',
  };
}
