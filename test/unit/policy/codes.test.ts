import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeList } from '../../../src/core/policy';

describe('diagnostic codes', () => {
  const doc = readFileSync(join(__dirname, '../../../docs/lint.md'), 'utf8');
  it('docs/lint.md lists every code with its severity', () => {
    for (const c of codeList())
      assert.match(doc, new RegExp(`\\| \`${c.code}\` \\| ${c.severity} \\|`), `${c.code} missing from docs/lint.md`);
  });
  it('the README lint table lists every code with its severity', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    for (const c of codeList())
      assert.match(
        readme,
        new RegExp(`\`${c.code}\`[^|\\n]*\\| ${c.severity} \\|`),
        `${c.code} missing from the README`,
      );
  });
  it('codes are unique and follow the MIP/KQL/UPD/PRN/CEX/EXT/ING/KUSTO numbering', () => {
    const all = codeList().map((c) => c.code);
    assert.equal(new Set(all).size, all.length);
    for (const c of codeList()) assert.match(c.code, /^(MIP|KQL|UPD|PRN|CEX|EXT|ING|KUSTO)\d{3}$/);
  });
});
