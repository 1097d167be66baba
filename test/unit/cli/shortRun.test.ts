import assert from 'node:assert/strict';
import { shortRunFlags } from '../../../src/cli/shortRun';

describe('cli: V8 tuned for a short lint run', () => {
  it('raises the interrupt budget when the user set none', () => {
    assert.match(shortRunFlags([], undefined) ?? '', /^--interrupt-budget=\d+$/);
    assert.match(shortRunFlags(['--enable-source-maps'], '--max-old-space-size=512') ?? '', /^--interrupt-budget=/);
  });
  it('leaves a budget the user chose, on the command line or in NODE_OPTIONS', () => {
    assert.equal(shortRunFlags(['--interrupt-budget=67584'], undefined), undefined);
    assert.equal(shortRunFlags([], '--no-warnings --interrupt-budget=5000'), undefined);
  });
});
