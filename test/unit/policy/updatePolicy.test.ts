// The update policy checks: every code with its exact range, the fixes applied to text, and their place in a document.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { locatedChecks, validateUpdatePolicy } from '../../../src/core/policy/updatePolicy';
import type { Diagnostic } from '../../../src/core/policy/types';
import { checkDocument } from '../../../src/core/scanner';

const ID = '0e000001-0000-4000-8000-000000000001';
const at = (text: string, needle: string) => ({ offset: text.indexOf(needle), length: needle.length });
const brief = (ds: readonly Diagnostic[]) => ds.map((d) => ({ code: d.code, offset: d.offset, length: d.length }));
const fixed = (text: string, d: Diagnostic) =>
  text.slice(0, d.fix!.offset) + d.fix!.newText + text.slice(d.fix!.offset + d.fix!.length);

describe('update policy checks', () => {
  it('accept the documented shapes: system or an object id, and no identity for a local query', () => {
    assert.deepEqual(
      validateUpdatePolicy(
        `[{"IsEnabled": true, "Source": "Raw", "Query": "Enrich()", "IsTransactional": false, "PropagateIngestionProperties": false, "ManagedIdentity": "${ID}"}]`,
      ),
      [],
    );
    assert.deepEqual(
      validateUpdatePolicy(
        '[{"IsEnabled": true, "Source": "Raw", "Query": "Raw | extend x = 1", "ManagedIdentity": "system"}, {"Source": "Raw", "Query": "Raw"}]',
      ),
      [],
    );
    assert.deepEqual(validateUpdatePolicy('[]'), []);
  });

  it('UPD001: syntax, not an array, an element that is not an object, empty', () => {
    assert.deepEqual(
      validateUpdatePolicy('[{"Source": "Raw", "Query": }]').map((d) => d.code),
      ['UPD001'],
    );
    const obj = '{"Source": "Raw", "Query": "Raw"}';
    assert.deepEqual(brief(validateUpdatePolicy(obj)), [{ code: 'UPD001', offset: 0, length: obj.length }]);
    assert.deepEqual(brief(validateUpdatePolicy('[1]')), [{ code: 'UPD001', offset: 1, length: 1 }]);
    assert.deepEqual(
      validateUpdatePolicy('  ').map((d) => d.code),
      ['UPD001'],
    );
  });

  it('UPD002: a missing or empty Source / Query', () => {
    const text = '[{"Query": ""}]';
    assert.deepEqual(brief(validateUpdatePolicy(text)), [
      { code: 'UPD002', offset: 1, length: 1 },
      { code: 'UPD002', ...at(text, '""') },
    ]);
  });

  it('UPD003: a ManagedIdentity that is neither system nor a GUID; system_assigned gets the fix', () => {
    const text = '[{"Source": "Raw", "Query": "Raw", "ManagedIdentity": "SystemAssigned"}]';
    const [d] = validateUpdatePolicy(text);
    assert.deepEqual(brief([d]), [{ code: 'UPD003', ...at(text, '"SystemAssigned"') }]);
    assert.deepEqual(validateUpdatePolicy(fixed(text, d)), []);
    const name = validateUpdatePolicy('[{"Source": "Raw", "Query": "Raw", "ManagedIdentity": "id-adx-export"}]');
    assert.deepEqual([name[0].code, name[0].fix], ['UPD003', undefined]);
    assert.match(
      validateUpdatePolicy('[{"Source": "Raw", "Query": "Raw", "ManagedIdentity": 7}]')[0].message,
      /not 7\.$/,
    );
  });

  it('UPD004: booleans written as strings get a fix; other values do not', () => {
    const text = '[{"IsEnabled": "True", "Source": "Raw", "Query": "Raw", "IsTransactional": 1}]';
    const ds = validateUpdatePolicy(text);
    assert.deepEqual(brief(ds), [
      { code: 'UPD004', ...at(text, '"True"') },
      { code: 'UPD004', ...at(text, '1}'), length: 1 },
    ]);
    assert.equal(fixed(text, ds[0]), '[{"IsEnabled": true, "Source": "Raw", "Query": "Raw", "IsTransactional": 1}]');
    assert.equal(ds[1].fix, undefined);
  });

  it('UPD101: an unknown field, renamed when it is a near miss', () => {
    const text = '[{"Source": "Raw", "Query": "Raw", "ManagedIdentiy": "system", "Owner": "me"}]';
    const ds = validateUpdatePolicy(text);
    assert.deepEqual(brief(ds), [
      { code: 'UPD101', ...at(text, '"ManagedIdentiy"') },
      { code: 'UPD101', ...at(text, '"Owner"') },
    ]);
    assert.deepEqual(
      validateUpdatePolicy(fixed(text, ds[0])).map((d) => d.code),
      ['UPD101'],
      'only Owner is left',
    );
  });

  it('UPD102: a query reading another database without an identity; the fix adds the system identity', () => {
    const text = `[{"Source": "Raw", "Query": "Raw | join (database('Archive').Logs) on Id"}]`;
    const [d] = validateUpdatePolicy(text);
    assert.equal(d.code, 'UPD102');
    assert.deepEqual({ offset: d.offset, length: d.length }, at(text, `"Raw | join (database('Archive').Logs) on Id"`));
    assert.match(d.message, /reads database 'Archive'/);
    assert.equal(
      fixed(text, d),
      `[{"Source": "Raw", "Query": "Raw | join (database('Archive').Logs) on Id", "ManagedIdentity": "system"}]`,
    );
    assert.deepEqual(validateUpdatePolicy(fixed(text, d)), []);
  });

  it('reach the document: .alter table … policy update is checked where it is typed, with document offsets', () => {
    const doc = `T | take 1\n\n// enrich\n.alter table ['Dev ices'] policy update \`\`\`[{"Source": "Raw", "Query": "Raw", "ManagedIdentity": "system_assigned"}]\`\`\`\n\n.alter table X policy update @'[]' junk\n`;
    const ds = checkDocument(doc);
    assert.deepEqual(
      ds.map((d) => [d.code, doc.slice(d.offset, d.offset + d.length)]),
      [
        ['UPD003', '"system_assigned"'],
        ['KQL004', 'junk'],
      ],
    );
    assert.equal(fixed(doc, ds[0]).includes('"ManagedIdentity": "system"}'), true);
    assert.deepEqual(checkDocument('.alter table T policy caching hot = 1d\n\n.alter table T (x:long)\n'), []);
  });
});

describe('update policy checks: the JSON.parse way', () => {
  const KEYS = [
    '"IsEnabled"',
    '"Source"',
    '"Query"',
    '"IsTransactional"',
    '"ManagedIdentity"',
    '"Sourc"',
    '"Sou\\u0072ce"',
  ];
  const VALUES = [
    'true',
    'false',
    '"true"',
    '1',
    'null',
    '""',
    '"  "',
    '"Raw"',
    '"Raw | extend x = 1"',
    '"database(\'Other\').T"',
    '"system"',
    '"System_Assigned"',
    `"${'0e000001-0000-4000-8000-000000000001'}"`,
    '"<objectId>"',
    '["Raw"]',
    '{"a": "Source"}',
  ];
  const entry = fc
    .array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)), { maxLength: 6 })
    .map((fields) => `{${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
  const clean = fc.constantFrom(
    '{"Source": "Raw", "Query": "Raw"}',
    '{"IsEnabled": true, "Source": "Raw", "Query": "Enrich()", "ManagedIdentity": "system"}',
  );
  const policy = fc
    .tuple(
      fc.array(fc.oneof(entry, clean), { maxLength: 4 }),
      fc.constantFrom('', ',', ' // note\n', '\n'),
      fc.boolean(),
    )
    .map(([entries, extra, asArray]) => {
      const body = entries.join(`,${extra === ',' ? '' : extra}`) + (extra === ',' ? ',' : '');
      return asArray ? `[${body}]` : body;
    });

  it('finds exactly what the located reading finds, on any policy (property)', () => {
    fc.assert(
      fc.property(policy, (text) => {
        assert.deepEqual(validateUpdatePolicy(text), locatedChecks(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the JSON.parse way only for clean policies, and sees repeated fields', () => {
    const repeated = '[{"Source": 1, "Source": "Raw", "Query": "Raw"}]';
    assert.deepEqual(
      validateUpdatePolicy(repeated).map((d) => d.code),
      ['UPD002'],
    );
    for (const spaced of [
      '[{"Source": 1, "Source" : "Raw", "Query": "Raw"}]',
      '[{"Source": 1,\n "Source"\n    : "Raw", "Query": "Raw"}]',
      '[{"Query": "Raw", "Source": "Raw"}, {"Source": 1, "Query": "a\\": b", "Source"\t: "Raw"}]',
    ])
      assert.deepEqual(
        validateUpdatePolicy(spaced).map((d) => d.code),
        ['UPD002'],
        spaced,
      );
  });
});
