import assert from 'node:assert/strict';
import { auditCluster, type AuditInventory } from '../../../src/core/audit/judge';
import { auditExitCode, formatAuditMarkdown } from '../../../src/core/audit/report';
import { auditRules } from '../../../src/core/audit/rules';
import { judge, isAccepted } from '../../support/kustoJudge';
import {
  analytics,
  archive,
  cluster,
  direct,
  EXPORT_ID,
  EXPORT_RESOURCE,
  exportRow,
  INGEST_ID,
  INGEST_RESOURCE,
  principal,
  SYSTEM,
} from '../workflows/facts';

const NOW = new Date('2026-11-28T00:00:00Z');
const GONE = '0e0000ff-0000-4000-8000-0000000000ff';
const DETACHED = '0e0000ee-0000-4000-8000-0000000000ee';
const INVENTORY: AuditInventory = {
  identities: [
    { principalId: EXPORT_ID, name: 'id-adx-export', resourceId: EXPORT_RESOURCE },
    { principalId: INGEST_ID, name: 'id-adx-ingest', resourceId: INGEST_RESOURCE },
    { principalId: DETACHED, name: 'id-old' },
    { principalId: SYSTEM, name: 'adxfull' },
  ],
};
/** The shared fixture without its one idle policy entry (id-adx-export is allowed, but only `system` runs the export). */
const healthy = (over: Parameters<typeof cluster>[0] = {}) =>
  cluster({ clusterPolicy: [cluster().clusterPolicy![0]], ...over });
const rules = (facts = healthy()) => auditCluster(facts, INVENTORY, NOW).map((f) => `${f.rule} ${f.subject}`);

describe('audit: judging one cluster', function () {
  // The official parser judges the generated commands: its first load takes seconds, more on a busy machine.
  this.timeout(180_000);
  it('a healthy cluster has no finding; an allowed identity nothing runs as is AUD005', () => {
    assert.deepEqual(rules(), []);
    assert.deepEqual(rules(cluster()), ['AUD005 id-adx-export']);
  });

  it('AUD001: an identity allowed All, with the usages its flows actually need', () => {
    const facts = healthy({
      clusterPolicy: [{ objectId: SYSTEM, isSystem: true, usages: ['All'] }],
    });
    const [f] = auditCluster(facts, INVENTORY, NOW).filter((x) => x.rule === 'AUD001');
    assert.equal(f.subject, 'system-assigned');
    assert.match(f.message, /the cluster policy allows system-assigned All usages/);
    assert.match(
      f.advice ?? '',
      /needs only AutomatedFlows, ExternalTable \(export EventsToLake, external table Lake\)/,
    );
  });

  it('AUD002 / AUD003: a failing export and a disabled one', () => {
    const facts = healthy({
      databases: [
        analytics({
          exports: [
            exportRow({ lastRunResult: 'Failed' }),
            exportRow({ name: 'Old', isDisabled: true, lastRunResult: 'Failed' }),
          ],
        }),
        archive(),
      ],
    });
    assert.deepEqual(rules(facts), ['AUD002 EventsToLake', 'AUD003 Old']);
  });

  it('AUD004: a deleted identity still in a policy and a principal, with the drop and the policy rewrite', () => {
    const facts = healthy({
      databases: [
        analytics({
          policy: [...analytics().policy!, { objectId: GONE, usages: ['AutomatedFlows'] }],
          principals: [...analytics().principals!, principal('Analytics', 'Viewer', GONE)],
        }),
        archive(),
      ],
    });
    const found = auditCluster(facts, INVENTORY, NOW).filter((f) => f.rule === 'AUD004');
    assert.equal(found.length, 1);
    assert.match(
      found[0].message,
      /no identity the credential can see has object id 0e0000ff-.*the policy of database Analytics, Viewer of Analytics name it/,
    );
    const texts = found[0].fixes.map((c) => c.text);
    assert.match(
      texts[0],
      /^\.drop database Analytics viewers \('aadapp=0e0000ff-0000-4000-8000-0000000000ff;11111111-/,
    );
    assert.match(texts[1], /^\.alter database Analytics policy managed_identity ```\[\{"ObjectId":"0e000002-/);
    assert.doesNotMatch(texts[1], /0e0000ff/);
    assert.ok(found[0].fixes.every((c) => c.destructive));
    for (const t of texts) assert.ok(isAccepted(judge(t)), t);
  });

  it('AUD004: when the orphan is the only entry of the policy, the fix deletes the policy', () => {
    const facts = healthy({ databases: [analytics({ policy: [{ objectId: GONE, usages: ['All'] }] }), archive()] });
    const [f] = auditCluster(facts, INVENTORY, NOW).filter((x) => x.rule === 'AUD004');
    assert.deepEqual(
      f.fixes.map((c) => c.text),
      ['.delete database Analytics policy managed_identity'],
    );
  });

  it('AUD004: a detached identity is named as such; an export running as it is reported too', () => {
    const facts = healthy({
      databases: [analytics({ exports: [exportRow({ managedIdentity: DETACHED })] }), archive()],
    });
    const found = auditCluster(facts, INVENTORY, NOW);
    const orphan = found.find((f) => f.rule === 'AUD004')!;
    assert.match(
      orphan.message,
      /id-old \(0e0000ee-.*\) is no longer assigned to the cluster, but export Analytics.EventsToLake still names it/,
    );
    assert.ok(found.some((f) => f.rule === 'AUD006' && /identity-attached|assigned/.test(f.message)));
  });

  it('AUD004 needs ARM: with only a Kusto URL nothing is called orphaned', () => {
    const facts = direct({
      databases: [analytics({ dataConnections: undefined, policy: [{ objectId: GONE, usages: ['All'] }] }), archive()],
    });
    assert.ok(!rules(facts).some((r) => r.startsWith('AUD004')));
  });

  it('AUD004: a data connection authenticating as an identity the cluster does not have', () => {
    const other = INGEST_RESOURCE.replace('id-adx-ingest', 'id-removed');
    const facts = healthy({
      databases: [
        analytics({ dataConnections: [{ name: 'eh2', kind: 'EventHub', identityResourceId: other }] }),
        archive(),
      ],
    });
    assert.ok(rules(facts).includes('AUD004 id-removed'));
  });

  it('AUD005: an identity allowed but used by nothing the audit sees', () => {
    const facts = healthy({ databases: [analytics({ dataConnections: [] }), archive()] });
    const found = auditCluster(facts, INVENTORY, NOW).filter((f) => f.rule === 'AUD005');
    assert.deepEqual(
      found.map((f) => [f.subject, f.database]),
      [['id-adx-ingest', 'Analytics']],
    );
    assert.match(
      found[0].message,
      /allows id-adx-ingest \(NativeIngestion\), but no export, update policy, external table or data connection of Analytics uses it/,
    );
  });

  it('AUD006: an export whose identity lacks Viewer on a database it reads, with the readiness fix', () => {
    const facts = cluster({
      databases: [
        analytics({
          exports: [
            exportRow({ query: "Events | join (database('Archive').Logs) on Name", managedIdentity: EXPORT_ID }),
          ],
        }),
        archive({ principals: [] }),
      ],
    });
    const [f] = auditCluster(facts, INVENTORY, NOW).filter((x) => x.rule === 'AUD006');
    assert.equal(f.subject, 'export EventsToLake');
    assert.match(f.message, /holds Database Viewer on Archive/);
    assert.match(f.fixes[0].text, /^\.add database Archive viewers \('aadapp=0e000001-/);
  });

  it('AUD900: what could not be read is a finding, so silence is not health', () => {
    const facts = healthy({ databases: [analytics({ errors: { principals: '403 Forbidden' } }), archive()] });
    assert.ok(rules(facts).includes('AUD900 principals'));
  });

  it('Markdown lists findings by rule; exit code 1 only for error-level findings', () => {
    const facts = healthy({
      databases: [analytics({ exports: [exportRow({ isDisabled: true })], dataConnections: [] }), archive()],
    });
    const findings = auditCluster(facts, INVENTORY, NOW);
    const report = {
      subscriptions: 1,
      clusters: [{ name: 'adxfull', uri: facts.uri, databases: 2 }],
      findings,
      gaps: [],
    };
    const text = formatAuditMarkdown(report);
    assert.match(
      text,
      /^# Managed identity audit\n\n1 cluster\(s\) in 1 subscription\(s\); 1 error\(s\), 1 warning\(s\)/,
    );
    assert.match(text, /## AUD003 ExportDisabled \(1\)\n/);
    assert.match(text, /\| adxfull \| Analytics \| EventsToLake \| continuous export EventsToLake is disabled \|/);
    assert.equal(auditExitCode(report), 1);
    assert.equal(auditExitCode({ ...report, findings: findings.filter((f) => f.severity !== 'error') }), 0);
  });

  it('every rule has help and a fix text', () => {
    for (const r of auditRules()) assert.ok(r.help.length > 20 && r.fix.length > 10, r.id);
  });
});
