// The fixed Resource Graph queries are KQL the official parser accepts, and a cluster URI reads back unchanged.
import assert from 'node:assert/strict';
import {
  ALL_CLUSTERS_QUERY,
  clusterByUriQuery,
  normalClusterUri,
  resourceByNameQuery,
} from '../../../src/core/resourceGraph';
import { describeJudgement, isAccepted, judge } from '../../support/kustoJudge';

describe('Resource Graph queries (judged by the official parser)', () => {
  before(function () {
    this.timeout(60_000); // the parser's first load
    judge('resources | take 1');
  });

  it('the inventory query parses with no diagnostics or skipped tokens', () => {
    const r = judge(ALL_CLUSTERS_QUERY);
    assert.ok(isAccepted(r), describeJudgement(ALL_CLUSTERS_QUERY, r));
  });

  it('the by-URI query parses and compares the lower-cased URI without its trailing slash', () => {
    for (const uri of [
      'https://Contoso.WestEurope.kusto.windows.net/',
      'http://127.0.0.1:8080',
      "https://o'brien.kusto.windows.net",
    ]) {
      const q = clusterByUriQuery(uri);
      const r = judge(q);
      assert.ok(isAccepted(r), describeJudgement(q, r));
      assert.ok(r.strings.includes(normalClusterUri(uri)), `${uri} read back as ${r.strings.join(', ')}`);
    }
    assert.equal(normalClusterUri(' https://A.kusto.windows.net// '), 'https://a.kusto.windows.net');
  });

  it('the by-name lookup of the other end of the identity has the contract form and parses', () => {
    const q = resourceByNameQuery('microsoft.storage/storageaccounts', 'ContosoExports');
    assert.equal(
      q,
      "resources\n| where type =~ 'microsoft.storage/storageaccounts' and name =~ 'contosoexports'\n| project id, name, type, location, resourceGroup, subscriptionId, tenantId, kind, identity, properties",
    );
    const r = judge(q);
    assert.ok(isAccepted(r), describeJudgement(q, r));
  });
});
