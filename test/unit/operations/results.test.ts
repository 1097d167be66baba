// The results view's copies: CSV quoting, JSON by column name, HTML escaping.
import assert from 'node:assert/strict';
import { escapeHtml, toCsv, toJson } from '../../../src/vscode/results/format';

const table = {
  columns: [{ name: 'Name' }, { name: 'Policy' }],
  rows: [
    ['a,b', { x: 1 }],
    ['say "hi"', null],
  ],
};

describe('results view: copy as CSV / JSON', () => {
  it('quotes CSV cells with commas and quotes, writes objects as JSON', () => {
    assert.equal(toCsv(table), 'Name,Policy\r\n"a,b","{""x"":1}"\r\n"say ""hi""",');
  });
  it('writes JSON objects keyed by column name', () => {
    assert.deepEqual(JSON.parse(toJson(table)), [
      { Name: 'a,b', Policy: { x: 1 } },
      { Name: 'say "hi"', Policy: null },
    ]);
  });
  it('escapes HTML', () => {
    assert.equal(escapeHtml(`<b a="1">'&'</b>`), '&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;');
  });
});
