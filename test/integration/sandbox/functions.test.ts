// Stored functions: .show functions / function, .create[-or-alter] function, .drop function through the real client.
import assert from 'node:assert/strict';
import { startSandbox, RunningSandbox } from '../../../sandbox';
import { parseCommand } from '../../../sandbox/kusto/commands';
import { kustoClient, kustoFailure, rowsOf } from './helpers';

const COLUMNS = ['Name', 'Parameters', 'Body', 'Folder', 'DocString'];
const ENRICH = {
  Name: 'EnrichDevices',
  Parameters: '()',
  Body: "{ Events | join kind=leftouter (database('Archive').Logs) on $left.Name == $right.Name }",
  Folder: '',
  DocString: '',
};
/** A body whose braces nest, with a `}` in strings of every form and in a comment: kept as written. */
const NESTED_BODY = [
  '{',
  '    let bump = (x:long) { x + 1 };',
  '    // a comment may say } too',
  "    Events | where Name != '}' and Name != \"{\" and Name != @'c:\\}' | extend Next = bump(n), Tag = strcat(s, '{x}')",
  '}',
].join('\n');

describe('sandbox stored functions', () => {
  let sandbox: RunningSandbox;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(async () => {
    await sandbox.stop();
  });
  const mgmt = (csl: string, db = 'Analytics', cluster = 'adxfull') =>
    kustoClient(sandbox, cluster).executeMgmt(db, csl);
  const show = async (name: string, db = 'Analytics') => rowsOf(await mgmt(`.show function ${name}`, db));

  it('parses the function forms: properties, parameters normalized, the body raw', () => {
    assert.deepEqual(parseCommand('.show functions'), { op: 'showFunctions' });
    assert.deepEqual(parseCommand(".show function ['My Fn']"), { op: 'showFunction', name: 'My Fn' });
    assert.deepEqual(parseCommand('.drop function F ifexists'), { op: 'dropFunction', name: 'F', ifExists: true });
    assert.deepEqual(
      parseCommand(
        '.create function with (folder="Demo", docstring=\'A demo\', skipvalidation=true) F( a : long ,T:(x:string, *), d:timespan = 1h ) {T | take a}',
      ),
      {
        op: 'createFunction',
        name: 'F',
        orAlter: false,
        ifNotExists: false,
        parameters: '(a:long, T:(x:string, *), d:timespan=1h)',
        body: '{T | take a}',
        folder: 'Demo',
        docString: 'A demo',
      },
    );
    assert.deepEqual(parseCommand('.create-or-alter function G() { print 1 }'), {
      op: 'createFunction',
      name: 'G',
      orAlter: true,
      ifNotExists: false,
      parameters: '()',
      body: '{ print 1 }',
    });
    assert.equal((parseCommand('.create function ifnotexists G() {1}') as { ifNotExists: boolean }).ifNotExists, true);
    assert.throws(() => parseCommand('.create function F() { Events | where a == "}"'), /Unterminated function body/);
    assert.throws(() => parseCommand('.create function F() Events'), /Expected the function body/);
    assert.throws(
      () => parseCommand('.create function with (color="red") F() {1}'),
      /Unknown function property 'color'/,
    );
    assert.throws(() => parseCommand('.create function F() {1} extra'), /Unexpected 'extra'/);
  });

  it('lists the seeded EnrichDevices with exactly the function columns', async () => {
    const all = await mgmt('.show functions');
    assert.deepEqual(
      all.primaryResults[0].columns.map((c) => c.name),
      COLUMNS,
    );
    assert.deepEqual(
      all.primaryResults[0].columns.map((c) => c.type),
      ['string', 'string', 'string', 'string', 'string'],
    );
    assert.deepEqual(rowsOf(all), [ENRICH]);
    const one = await mgmt('.show function EnrichDevices');
    assert.deepEqual(
      one.primaryResults[0].columns.map((c) => c.name),
      COLUMNS,
    );
    assert.deepEqual(rowsOf(one), [ENRICH]);
    // Functions belong to the request's database.
    assert.deepEqual(rowsOf(await mgmt('.show functions', 'Archive')), []);
  });

  it('answers the usual not-found error for an unknown function, or one of another database', async () => {
    const err = await kustoFailure(mgmt('.show function Nope'));
    assert.equal(err.status, 400);
    assert.equal(err.code, 'BadRequest_EntityNotFound');
    assert.match(err.message, /Function 'Nope' was not found\./);
    const elsewhere = await kustoFailure(mgmt('.show function EnrichDevices', 'Archive'));
    assert.equal(elsewhere.code, 'BadRequest_EntityNotFound');
    const drop = await kustoFailure(mgmt('.drop function Nope'));
    assert.deepEqual([drop.status, drop.code], [400, 'BadRequest_EntityNotFound']);
    assert.deepEqual(rowsOf(await mgmt('.drop function Nope ifexists')), []);
  });

  it('creates, alters with create-or-alter, drops, and then no longer finds a function', async () => {
    const created = await mgmt(
      '.create function with (folder="Demo", docString="Recent events") Recent(n:long, site: string) { Events | take n }',
    );
    assert.deepEqual(
      created.primaryResults[0].columns.map((c) => c.name),
      COLUMNS,
    );
    const row = {
      Name: 'Recent',
      Parameters: '(n:long, site:string)',
      Body: '{ Events | take n }',
      Folder: 'Demo',
      DocString: 'Recent events',
    };
    assert.deepEqual(rowsOf(created), [row]);
    assert.deepEqual(await show('Recent'), [row]);
    assert.deepEqual(
      rowsOf(await mgmt('.show functions')).map((r) => r.Name),
      ['EnrichDevices', 'Recent'],
    );

    const altered = rowsOf(
      await mgmt('.create-or-alter function with (folder="Demo") Recent(n:long) { Events | where Value > 2 | take n }'),
    );
    const alteredRow = {
      Name: 'Recent',
      Parameters: '(n:long)',
      Body: '{ Events | where Value > 2 | take n }',
      Folder: 'Demo',
      DocString: '',
    };
    assert.deepEqual(altered, [alteredRow]);
    assert.deepEqual(await show('Recent'), [alteredRow]);
    // create-or-alter of a new name creates it.
    assert.deepEqual(rowsOf(await mgmt('.create-or-alter function Fresh() { print 1 }')), [
      { Name: 'Fresh', Parameters: '()', Body: '{ print 1 }', Folder: '', DocString: '' },
    ]);

    const dropped = await mgmt('.drop function Recent');
    assert.deepEqual(
      dropped.primaryResults[0].columns.map((c) => c.name),
      ['Name'],
    );
    assert.deepEqual(rowsOf(dropped), [{ Name: 'Recent' }]);
    const gone = await kustoFailure(mgmt('.show function Recent'));
    assert.deepEqual([gone.status, gone.code], [400, 'BadRequest_EntityNotFound']);
    assert.match(gone.message, /Function 'Recent' was not found\./);
    assert.deepEqual(
      rowsOf(await mgmt('.show functions')).map((r) => r.Name),
      ['EnrichDevices', 'Fresh'],
    );
  });

  it('refuses .create of an existing function (400) and leaves it as it was; ifnotexists keeps it', async () => {
    const err = await kustoFailure(mgmt('.create function EnrichDevices() { Events }'));
    assert.equal(err.status, 400);
    assert.equal(err.code, 'BadRequest');
    assert.match(err.message, /Function 'EnrichDevices' already exists in database 'Analytics'/);
    assert.deepEqual(await show('EnrichDevices'), [ENRICH]);
    assert.deepEqual(rowsOf(await mgmt('.create function ifnotexists EnrichDevices() { Events }')), [ENRICH]);
  });

  it('keeps a body with nested braces and strings holding braces verbatim', async () => {
    const created = rowsOf(await mgmt(`.create function Nested(n:long, s:string) ${NESTED_BODY}`));
    assert.equal(created[0].Body, NESTED_BODY);
    assert.equal((await show('Nested'))[0].Body, NESTED_BODY);
    assert.equal((await show('Nested'))[0].Parameters, '(n:long, s:string)');
  });

  it('refuses changes on a follower database, which still lists its (no) functions', async () => {
    const create = await kustoFailure(mgmt('.create function F() { Readings }', 'TelemetryFollower'));
    assert.equal(create.status, 400);
    assert.match(create.message, /follower database.*read-only/);
    const alter = await kustoFailure(mgmt('.create-or-alter function F() { Readings }', 'TelemetryFollower'));
    assert.match(alter.message, /follower database/);
    const drop = await kustoFailure(mgmt('.drop function F', 'TelemetryFollower'));
    assert.match(drop.message, /follower database/);
    assert.deepEqual(rowsOf(await mgmt('.show functions', 'TelemetryFollower')), []);
  });

  it('lets a caller who is not an admin read functions but not change them (403)', async () => {
    const reporting = {
      getToken: async () => ({
        token: sandbox.token('kusto', undefined, 'ab000000-0000-4000-8000-0000000000b1'),
        expiresOnTimestamp: Date.now() + 60_000,
      }),
    };
    const client = kustoClient(sandbox, 'adxfull', reporting);
    assert.deepEqual(rowsOf(await client.executeMgmt('Analytics', '.show functions')), [ENRICH]);
    const err = await kustoFailure(client.executeMgmt('Analytics', '.drop function EnrichDevices'));
    assert.equal(err.status, 403);
    assert.match(err.message, /Admin on database 'Analytics'/);
    assert.deepEqual(await show('EnrichDevices'), [ENRICH]);
  });
});
