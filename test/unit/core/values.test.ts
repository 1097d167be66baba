import * as assert from 'node:assert/strict';
import {
  KqlInputError,
  checkColumnType,
  checkObjectId,
  checkPositiveInteger,
  checkTenant,
  parseTimespan,
} from '../../../src/core/kql';

const ID = '6a2f1c3e-8b4d-4e5f-9a01-23456789abcd';

describe('object ids and tenants', () => {
  it('accepts GUIDs, and system only where allowed', () => {
    assert.equal(checkObjectId(ID, { allowSystem: false }), ID);
    assert.equal(checkObjectId('system', { allowSystem: true }), 'system');
    assert.equal(checkObjectId('System', { allowSystem: true }), 'system');
    assert.throws(() => checkObjectId('system', { allowSystem: false }), /must be an object id \(GUID\), got "system"/);
  });
  it('refuses everything else, naming the field', () => {
    for (const bad of ['', 'me', `${ID} `, `{${ID}}`, `${ID};x`, 42, null]) {
      assert.throws(
        () => checkObjectId(bad, { allowSystem: true }, 'objectId'),
        (e: unknown) => e instanceof KqlInputError && e.field === 'objectId',
      );
    }
  });
  it('accepts a tenant id or domain', () => {
    assert.equal(checkTenant(ID), ID);
    assert.equal(checkTenant('contoso.onmicrosoft.com'), 'contoso.onmicrosoft.com');
    for (const bad of ['', 'contoso', "x';y", 'a b.com', 'x.com;aadapp=evil'])
      assert.throws(() => checkTenant(bad), KqlInputError);
  });
});

describe('timespans', () => {
  const good: [string, string, number][] = [
    ['1h', '1h', 3_600_000],
    ['10m', '10m', 600_000],
    ['1d', '1d', 86_400_000],
    ['90s', '90s', 90_000],
    ['1.5h', '1.5h', 5_400_000],
    ['100ms', '100ms', 100],
    ['2hours', '2hours', 7_200_000],
    ['00:05:00', 'time(00:05:00)', 300_000],
    ['1.02:03:04', 'time(1.02:03:04)', 93_784_000],
    ['00:00:01.5', 'time(00:00:01.5)', 1500],
    ['time(1h)', '1h', 3_600_000],
  ];
  for (const [input, text, ms] of good) {
    it(`reads ${input} as ${text} (${ms} ms)`, () =>
      assert.deepEqual(parseTimespan(input), { text, milliseconds: ms }));
  }
  for (const bad of ['', 'h', '1', '-1h', '1 h', '1x', '1hours;', '00:60:00', '24:00:00', '1h) <| evil', 5]) {
    it(`refuses ${JSON.stringify(bad)}`, () =>
      assert.throws(() => parseTimespan(bad, 'forcedLatency'), /forcedLatency: .* timespan/));
  }
});

describe('column types and numbers', () => {
  it('accepts documented types only', () => {
    assert.equal(checkColumnType('string'), 'string');
    assert.throws(() => checkColumnType('varchar'), /"varchar" is not a column type/);
  });
  it('bounds positive integers', () => {
    assert.equal(checkPositiveInteger(5, 10), 5);
    for (const bad of [0, -1, 11, 1.5, '5', Number.NaN])
      assert.throws(() => checkPositiveInteger(bad, 10), KqlInputError);
  });
});
