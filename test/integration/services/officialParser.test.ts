// The opt-in official-parser diagnostics: the worker thread with the real parser, through the client the editor uses.
import assert from 'node:assert/strict';
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OfficialParserClient, type ParserClientOptions } from '../../../src/services/parser/client';

const ROOT = join(__dirname, '..', '..', '..');

describe('official parser in a worker thread', function () {
  this.timeout(60_000);
  let client: OfficialParserClient | undefined;
  let dir: string;
  let options: ParserClientOptions;
  // A worker thread runs plain JavaScript: the worker is bundled as the build bundles it.
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'adx-parser-'));
    buildSync({
      entryPoints: [join(ROOT, 'src', 'services', 'parser', 'worker.ts')],
      outfile: join(dir, 'parser-worker.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'error',
    });
    options = {
      workerPath: join(dir, 'parser-worker.js'),
      parserDir: join(ROOT, 'node_modules', '@kusto', 'language-service-next'),
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => client?.dispose());

  it('reports syntax errors with offsets in each command, nothing for valid ones, batch by batch', async () => {
    const logged: string[] = [];
    client = new OfficialParserClient({ ...options, batchSize: 2, log: (m) => logged.push(m) });
    const texts = [
      '.alter database Sales policy managed_identity ```[{"ObjectId":"system","AllowedUsages":"AutomatedFlows"}]```',
      '.show databses',
      'T | where x > | take 1',
      '.show databases',
      '.show databses',
    ];
    let batches = 0;
    const results = await client.check(texts, () => {
      batches++;
    });
    assert.equal(batches, 2, 'four distinct texts in batches of two');
    assert.deepEqual(results[0], []);
    assert.deepEqual(results[3], []);
    assert.ok(
      results[1].length > 0 && results[1][0].start >= '.show '.length && results[1][0].start <= texts[1].length,
      JSON.stringify(results[1]),
    );
    assert.deepEqual(results[4], results[1]);
    assert.ok(
      results[2].some((f) => f.start >= 'T | where x > '.length - 1 && f.start <= texts[2].length),
      JSON.stringify(results[2]),
    );
    assert.match(logged[0], /^Kusto parser loaded in \d+ ms$/);
    assert.equal(logged.filter((m) => /command\(s\) in/.test(m)).length, 2);
    // Known texts are answered from memory: nothing more is sent.
    await client.check(texts.slice(0, 2));
    assert.equal(logged.filter((m) => /command\(s\) in/.test(m)).length, 2);
    assert.deepEqual(client.known('.show databases'), []);
  });

  it('stops sending batches once cancelled, and refuses work after dispose', async () => {
    client = new OfficialParserClient({ ...options, batchSize: 1 });
    let calls = 0;
    await client.check(
      ['.show databases', '.show tables', '.show databses'],
      () => {
        calls++;
      },
      () => calls >= 1,
    );
    assert.equal(calls, 1);
    assert.equal(client.known('.show databses'), undefined);
    client.dispose();
    await assert.rejects(client.check(['.show functions']), /stopped/);
  });

  it('a parser folder without the parser gives a clear error, and the next call tries again', async () => {
    client = new OfficialParserClient({ ...options, parserDir: join(ROOT, 'test') });
    await assert.rejects(client.check(['.show databases']), /the Kusto parser failed: .*bridge\.min\.js/);
    await assert.rejects(client.check(['.show databases']), /the Kusto parser failed/);
  });
});
