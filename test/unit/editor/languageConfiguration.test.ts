import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const config = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'language-configuration.json'), 'utf8')) as {
  comments: { lineComment: string };
  autoClosingPairs: { open: string; close: string }[];
  wordPattern: string;
};

describe('language configuration', () => {
  it('uses // comments and auto-closes quotes, backticks and ``` payloads', () => {
    assert.equal(config.comments.lineComment, '//');
    for (const q of ["'", '"', '`', '```'])
      assert.ok(
        config.autoClosingPairs.some((p) => p.open === q && p.close === q),
        q,
      );
  });

  it('treats hyphenated command words and snippet prefixes as one word', () => {
    const words = '.alter-merge policy-alter-cluster x-1 project-away'.match(new RegExp(config.wordPattern, 'g'));
    assert.deepEqual(words, ['alter-merge', 'policy-alter-cluster', 'x', '1', 'project-away']);
  });
});
