// The redaction corpus, property-tested: each secret form, with any secret, inside any surrounding text, never
// survives redact(); redact is idempotent, and text without secrets (our own fix commands) comes back unchanged.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { describeForLog, redact, redactingLogger } from '../../../src/core/operations/redact';

const base64 = fc
  .string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
    minLength: 16,
    maxLength: 44,
  })
  .map((s) => `${s}==`);
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijkXYZ0123456789_-.~'), minLength: 12, maxLength: 30 });
// Secrets that need quoting: spaces, semicolons, equals signs.
const spaced = fc.tuple(word, fc.constantFrom(' ', ';', ' = ', '; '), word).map(([a, sep, b]) => `${a}${sep}${b}`);
const jwtPart = fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789_-'), minLength: 10, maxLength: 40 });

/** Each form: a secret and the text that carries it. */
const FORMS: Record<string, fc.Arbitrary<[string, string]>> = {
  'SAS sig': word.map((s) => [s, `https://acct.blob.core.windows.net/c/f.csv?sv=2024-01-01&sp=r&sig=${s}&se=2030`]),
  'AccountKey=': base64.map((s) => [
    s,
    `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${s};EndpointSuffix=core.windows.net`,
  ]),
  'Password= bare': word.map((s) => [s, `Server=tcp:srv,1433;User Id=u;Password=${s};`]),
  'Password = spaced': word.map((s) => [s, `Server=srv;Password = ${s}`]),
  'Password="a b"': spaced.map((s) => [s, `Server=srv;Password="${s}";Encrypt=true`]),
  "Password='a;b'": spaced.map((s) => [s, `Server=srv;Password='${s}'`]),
  'Password={a;b}': spaced.map((s) => [s, `Driver=x;Password={${s}};`]),
  'Password="a b" inside JSON': spaced.map((s) => [s, JSON.stringify({ details: `Server=srv;Password="${s}";` })]),
  'Pwd=': word.map((s) => [s, `Server=srv;Uid=u;Pwd=${s};`]),
  'SharedAccessKey=': base64.map((s) => [
    s,
    `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=${s};EntityPath=hub`,
  ]),
  'Kusto account-key suffix': base64.map((s) => [s, `https://acct.blob.core.windows.net/container;${s}`]),
  "h@'…'": spaced.map((s) => [s, `.create external table T (x:int) kind=storage dataformat=csv (h@'${s}')`]),
  'h"…"': word.map((s) => [s, `(h"Server=srv;Password=x;${s}")`]),
  "h@'… cut off": word.map((s) => [s, `Could not run: .create external table T (x:int) (h@'https://a/c;${s}`]),
  Bearer: word.map((s) => [s, `Authorization: Bearer ${s}`]),
  'lower-case bearer': word.map((s) => [s, `authorization: bearer ${s}`]),
  JWT: fc
    .tuple(jwtPart, jwtPart, jwtPart)
    .map(([a, b, c]) => [`${a}.${b}.${c}`, `token eyJ${a}.${b}.${c} was refused`]),
  'JSON access_token': word.map((s) => [s, `{"token_type":"Bearer","access_token":"${s}","expires_in":3599}`]),
  'user:key@host': word.map((s) => [s, `https://user:${s}@acct.blob.core.windows.net/c`]),
};

const around = fc.string({ unit: fc.constantFrom(...'ab \n:'), maxLength: 12 });

describe('redact: every secret form is replaced, whatever the secret and the text around it', () => {
  for (const [name, form] of Object.entries(FORMS)) {
    it(name, () => {
      fc.assert(
        fc.property(form, around, around, ([secret, carrier], before, after) => {
          const text = `${before}${carrier}${after}`;
          const out = redact(text);
          assert.ok(!out.includes(secret), `${JSON.stringify(secret)} survived in ${JSON.stringify(out)}`);
          assert.equal(redact(out), out, 'redact is idempotent');
        }),
        { numRuns: 60 },
      );
    });
  }

  it('text without secrets is unchanged: our own commands stay runnable', () => {
    const safe = [
      ".create external table T (x:int) kind=storage dataformat=csv (h@'https://acct.blob.core.windows.net/c;impersonate')",
      "(h@'abfss://fs@acct.dfs.core.windows.net/p;managed_identity=6a2f1c3e-8b4d-4e5f-9a01-23456789abcd')",
      "kind=sql table=S (h@'Server=tcp:srv.database.windows.net,1433;Authentication=Active Directory Integrated;Initial Catalog=Db;')",
      ".add database Db viewers ('aadapp=6a2f1c3e-8b4d-4e5f-9a01-23456789abcd;72f988bf-86f1-41af-91ab-2d7cd011db47')",
      'Data Source=https://c.westeurope.kusto.windows.net;Database=Db;',
      'Could not list clusters: permission denied (403). It needs Reader on the subscription.',
      '…/container;*******',
    ];
    for (const t of safe) assert.equal(redact(t), t);
  });

  it('an error object is described with its causes, and its secrets are redacted', () => {
    const inner = new Error('AccountKey=SECRETKEY123==;');
    const outer = Object.assign(new Error("export failed: h@'https://a/c?sig=SASSIG456'", { cause: inner }), {
      code: 'Failure',
      statusCode: 400,
    });
    const text = describeForLog(outer);
    assert.match(text, /Error: export failed: h@'\*\*\*' \(Failure, 400\)/);
    assert.match(text, /caused by Error: AccountKey=\*\*\*/);
    assert.ok(!/SECRETKEY123|SASSIG456/.test(text), text);
  });

  it('the logger redacts every level, message and argument', () => {
    const lines: string[] = [];
    const sink = {
      trace: (m: string) => lines.push(m),
      debug: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    };
    const log = redactingLogger(sink);
    log.info('Password=P1secret;');
    log.warn('x', new Error('bearer T2secret'));
    log.error(new Error('Pwd=T3secret'), { detail: 'AccountKey=T4secret' });
    log.debug("h@'T5secret'");
    log.trace('eyJhbGciOi.eyJzdWIiOi.T6secret');
    assert.equal(lines.length, 5);
    assert.ok(!/T\dsecret/.test(lines.join('\n')), lines.join('\n'));
  });
});
