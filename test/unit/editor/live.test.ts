import { strict as assert } from 'node:assert';
import {
  clusterIdentitiesOf,
  isRunnable,
  liveLens,
  lossesOf,
  policyScopeOf,
  replaceConfirmation,
  replacesPolicy,
  runLensTitle,
  type LivePolicy,
} from '../../../src/core/editor/live';
import type { EditorCommand } from '../../../src/core/editor/lenses';
import { KustoDocumentModel } from '../../../src/core/editor/model';

const EXPORT_ID = '0e000001-0000-4000-8000-000000000001';
const INGEST_ID = '0e000002-0000-4000-8000-000000000002';
const SYSTEM_PRINCIPAL = '5a000000-0000-4000-8000-0000000000aa';
const IDENTITIES = {
  system: { principalId: SYSTEM_PRINCIPAL },
  userAssigned: [
    { principalId: EXPORT_ID, clientId: '0c000001-0000-4000-8000-000000000001', name: 'id-adx-export' },
    { principalId: INGEST_ID, name: 'id-adx-ingest' },
  ],
};

function command(text: string): EditorCommand {
  const c = new KustoDocumentModel(text).analysis().commands[0];
  assert.ok(c, `no command in ${text}`);
  return c;
}

const policy = (...entries: [string, string][]): string =>
  '```' + JSON.stringify(entries.map(([id, usages]) => ({ ObjectId: id, AllowedUsages: usages }))) + '```';

const loaded = (...entries: [string, string[]][]): LivePolicy => ({
  state: 'loaded',
  entries: entries.map(([objectId, usages]) => ({ objectId, usages })),
});

const LIVE = loaded(['system', ['AutomatedFlows', 'ExternalTable']], [EXPORT_ID, ['AutomatedFlows']]);

describe('live facts (editor)', () => {
  it('titles the Run lens with the target, or asks for one', () => {
    assert.equal(runLensTitle({ cluster: 'adxfull', database: 'Analytics' }), '▶ Run on adxfull / Analytics');
    assert.equal(runLensTitle({ cluster: 'adxfull' }), '▶ Run on adxfull');
    assert.equal(runLensTitle(undefined), '▶ Run…');
  });

  it('offers Run on management commands only, and knows which live policy a command concerns', () => {
    assert.equal(isRunnable(command('.show tables')), true);
    assert.equal(isRunnable(command('T | take 10')), false);
    assert.deepEqual(policyScopeOf(command('.show cluster policy managed_identity')), { scope: 'cluster' });
    assert.deepEqual(policyScopeOf(command('.delete database Analytics policy managed_identity')), {
      scope: 'database',
      database: 'Analytics',
    });
    assert.equal(policyScopeOf(command('.delete database <db> policy managed_identity')), undefined);
    assert.equal(policyScopeOf(command('.show database Analytics policy streamingingestion')), undefined);
    assert.equal(replacesPolicy(command(`.alter cluster policy managed_identity ${policy(['system', 'All'])}`)), true);
    assert.equal(
      replacesPolicy(command(`.alter-merge cluster policy managed_identity ${policy(['system', 'All'])}`)),
      false,
    );
  });

  it('counts what an .alter removes from the live policy and lists it in the tooltip', () => {
    const c = command(`.alter cluster policy managed_identity ${policy(['system', 'AutomatedFlows'])}`);
    const lens = liveLens(c, LIVE);
    assert.equal(lens?.title, '⚠ replaces the current policy: removes 2 entries');
    assert.match(lens?.tooltip ?? '', /~ system: -ExternalTable/);
    assert.match(lens?.tooltip ?? '', new RegExp(`- ${EXPORT_ID}: AutomatedFlows \\(identity removed\\)`));
  });

  it('says an .alter that keeps everything removes nothing', () => {
    const c = command(
      `.alter cluster policy managed_identity ${policy(['system', 'AutomatedFlows, ExternalTable'], [EXPORT_ID, 'AutomatedFlows, NativeIngestion'])}`,
    );
    assert.equal(liveLens(c, LIVE)?.title, 'live: replaces the current policy, removes nothing');
  });

  it('counts every live entry a .delete removes', () => {
    assert.equal(
      liveLens(command('.delete cluster policy managed_identity'), LIVE)?.title,
      '⚠ deletes the current policy: removes 2 entries',
    );
    assert.equal(
      liveLens(command('.delete cluster policy managed_identity'), loaded())?.title,
      'live: deletes the current policy, removes nothing',
    );
  });

  it('shows the usages an .alter-merge finds already there, and what it adds', () => {
    const c = command(
      `.alter-merge cluster policy managed_identity ${policy([EXPORT_ID, 'AutomatedFlows, NativeIngestion'], [INGEST_ID, 'DataConnection'])}`,
    );
    assert.equal(
      liveLens(c, LIVE)?.title,
      'live: already has 0e0… (AutomatedFlows); adds 0e0… (NativeIngestion), 0e0… (DataConnection)',
    );
    const same = command(`.alter-merge cluster policy managed_identity ${policy(['system', 'ExternalTable'])}`);
    assert.equal(liveLens(same, LIVE)?.title, 'live: already has system (ExternalTable); changes nothing');
  });

  it('treats the system identity written by its principal id as `system`', () => {
    const c = command(
      `.alter cluster policy managed_identity ${policy([SYSTEM_PRINCIPAL, 'AutomatedFlows, ExternalTable'], [EXPORT_ID, 'AutomatedFlows'])}`,
    );
    assert.equal(liveLens(c, LIVE)?.title, '⚠ replaces the current policy: removes 1 entry');
    assert.equal(liveLens(c, LIVE, IDENTITIES)?.title, 'live: replaces the current policy, removes nothing');
  });

  it('shows the live policy above a .show, and the loading and failed states', () => {
    const show = command('.show cluster policy managed_identity');
    assert.equal(liveLens(show, LIVE)?.title, `live: system (AutomatedFlows, ExternalTable), 0e0… (AutomatedFlows)`);
    assert.equal(liveLens(show, loaded())?.title, 'live: no policy');
    assert.equal(liveLens(show, { state: 'loading' })?.title, 'live: reading the policy…');
    const failed = liveLens(show, { state: 'failed', message: 'permission denied (403)' });
    assert.equal(failed?.title, '⚠ live policy unavailable');
    assert.match(failed?.tooltip ?? '', /permission denied \(403\)/);
  });

  it('says nothing where it cannot know: other commands, unreadable policy text', () => {
    assert.equal(liveLens(command('.show tables'), LIVE), undefined);
    assert.equal(liveLens(command('.alter cluster policy managed_identity ```[{```'), LIVE), undefined);
    assert.equal(lossesOf(command('.alter cluster policy managed_identity ```[{```'), []), undefined);
  });

  it('composes the confirmation shown before a replacing command runs', () => {
    const c = command(`.delete database Analytics policy managed_identity`);
    const live = [{ objectId: INGEST_ID, usages: ['NativeIngestion', 'DataConnection'] }];
    const { message, detail } = replaceConfirmation(c, live, 'adxfull');
    assert.equal(message, 'Delete the managed identity policy of database Analytics on adxfull?');
    assert.match(
      detail,
      /^It removes 1 entry:\n- 0e000002-0000-4000-8000-000000000002: NativeIngestion, DataConnection \(identity removed\)/,
    );
    const keep = replaceConfirmation(
      command(`.alter cluster policy managed_identity ${policy(['system', 'All'])}`),
      [],
      'adxfull',
    );
    assert.equal(keep.message, 'Replace the cluster managed identity policy on adxfull?');
    assert.match(keep.detail, /^Nothing in the live policy is removed\.\n\nThere is no live policy now\./);
  });

  it('feeds the known-cluster rules: an ObjectId the cluster does not have is flagged once the identities are set', () => {
    const text = `.alter-merge cluster policy managed_identity ${policy(['11111111-1111-4111-8111-111111111111', 'AutomatedFlows'], ['0c000001-0000-4000-8000-000000000001', 'AutomatedFlows'])}`;
    const model = new KustoDocumentModel(text);
    assert.deepEqual(
      model.analysis().diagnostics.map((d) => d.code),
      [],
    );
    model.setCluster(clusterIdentitiesOf(IDENTITIES));
    assert.deepEqual(
      model.analysis().diagnostics.map((d) => d.code),
      ['MIP109', 'MIP011'],
    );
    model.setCluster(clusterIdentitiesOf({ userAssigned: [] }));
    assert.ok(model.analysis().diagnostics.some((d) => d.code === 'MIP109'));
  });
});
