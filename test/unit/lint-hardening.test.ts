// lint never crashes and never loses another file's findings (issue 13, item 2): hostile inputs through the CLI.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { nodeIo, runCli, type CliIo } from '../../src/cli/main';
import { KustoDocumentModel, uncheckedDocument } from '../../src/core/editor/model';
import { checkDocument } from '../../src/core/scanner';

function io(chunks?: (text: string) => string[]): CliIo & { out: string; err: string } {
  const self = {
    out: '',
    err: '',
    stdout: (t: string) => {
      self.out += t;
    },
    stderr: (t: string) => {
      self.err += t;
    },
    readStdin: async () => '',
    readFile: async (p: string) => readFileSync(p, 'utf8'),
    readChunks: chunks
      ? async function* (p: string) {
          yield* chunks(readFileSync(p, 'utf8'));
        }
      : undefined,
  };
  return self;
}

const MIP009 = '.alter cluster policy managed_identity ```[{"ObjectId": "system_assigned", "AllowedUsages": "All"}]```';

describe('lint: hostile files', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'adx-lint-hostile-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('prints 130,000 findings of one policy (no spreading them into push)', async function () {
    this.timeout(60_000);
    const element = '{"ObjectId": "system_assigned", "AllowedUsages": "Al"}';
    const policy = `.alter cluster policy managed_identity \`\`\`[${Array(43_334).fill(element).join(',')}]\`\`\``;
    const out = io();
    assert.equal(await runCli(['lint', file('many.kql', policy)], out), 1, out.err);
    // Each element: MIP009 and MIP013, and MIP103 (the same ObjectId again) for all but the first.
    assert.equal(out.out.split('\n').filter(Boolean).length, 43_334 * 3 - 1);
  });

  it('a policy nested 5,000 deep gives one depth finding (MIP016), not a stack overflow', async () => {
    const deep = `.alter cluster policy managed_identity \`\`\`${'['.repeat(5000)}\`\`\``;
    const out = io();
    assert.equal(await runCli(['lint', '--format', 'json', file('deep.kql', deep)], out), 1, out.err);
    const findings = JSON.parse(out.out) as { code: string; column: number }[];
    assert.deepEqual(
      findings.map((f) => f.code),
      ['MIP016'],
    );
    assert.equal(findings[0].column, deep.indexOf('```') + 3 + 65);
    assert.deepEqual(
      checkDocument(`.alter table T policy update \`\`\`${'{"a":'.repeat(5000)}\`\`\``).map((d) => d.code),
      ['UPD001'],
    );
  });

  it('a BOM does not shift columns', async () => {
    const plain = io();
    const bom = io();
    await runCli(['lint', '--format', 'json', file('plain.kql', MIP009)], plain);
    await runCli(['lint', '--format', 'json', file('bom.kql', `\ufeff${MIP009}`)], bom);
    const column = (o: { out: string }) => (JSON.parse(o.out) as { column: number }[])[0].column;
    assert.equal(column(bom), column(plain));
    assert.equal(column(plain), MIP009.indexOf('system_assigned') + 1);
  });

  it('a stray ``` on line 1 is reported on line 1, and the commands after it are still checked', async () => {
    const out = io();
    await runCli(['lint', file('stray.kql', `\`\`\`\n\n${MIP009}\n`)], out);
    const lines = out.out.trimEnd().split('\n');
    assert.match(lines[0], /:1:1: error: This ``` is never closed before the next command.* \[KQL002\]$/);
    assert.match(lines[1], /:3:\d+: error: .*system_assigned.* \[MIP009\]$/);
    assert.equal(lines.length, 2);
  });

  it('a file that cannot be read or checked gives exit 2, and the other files still print their findings', async () => {
    const good = file('good.kql', MIP009);
    const binary = file('binary.kql', `${MIP009}\n\u0000\u0001\u0002`);
    const out = io();
    assert.equal(await runCli(['lint', join(dir, 'missing.kql'), binary, good], out), 2);
    assert.match(out.err, /cannot read .*missing\.kql/);
    assert.match(out.err, /cannot check .*binary\.kql: it is not a text file/);
    assert.match(out.out, /good\.kql:1:\d+: error: .* \[MIP009\]/);
  });

  it('reads a file in chunks exactly as it reads it whole, wherever the chunks are cut', async () => {
    const pieces = [
      MIP009,
      '```',
      '.alter database Db policy managed_identity ```[\n  {"ObjectId": "system",\n\n  "AllowedUsages": "Al"}\n]```',
      ".add database db viewers ('aadapp=system')",
      '.create-or-alter continuous-export E to table T with (managedIdentity=system) <| T',
      "T | where s == 'a\n\nb'",
      '// 😀 comment',
      "'never closed",
    ];
    const text = fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom('\n\n', '\n', '\n  \n', '\r\n\r\n')), {
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 40 }), async (parts, size) => {
        const t = parts.map(([p, s]) => p + s).join('');
        const path = file('chunks.kql', t);
        const whole = io();
        const cut = io((all) =>
          Array.from({ length: Math.ceil(all.length / size) }, (_, i) => all.slice(i * size, (i + 1) * size)),
        );
        const a = await runCli(['lint', '--format', 'json', path], whole);
        const b = await runCli(['lint', '--format', 'json', path], cut);
        assert.equal(b, a);
        assert.equal(cut.out, whole.out);
        assert.equal((JSON.parse(whole.out) as unknown[]).length, checkDocument(t).length);
      }),
      { numRuns: 150 },
    );
  });
});

describe("lint: the process's file reader", () => {
  it('gives back the file exactly, characters cut between its 64 KB pieces joined again, and its findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adx-lint-reader-'));
    try {
      // Four-byte and two-byte characters at every alignment, far past several pieces, and a finding at the end.
      const filler = Array.from({ length: 30000 }, (_, i) => `// ${'😀é'.repeat(1 + (i % 3))} ${i}`).join('\n');
      const text = `${filler}\n\n${MIP009}\n`;
      const path = join(dir, 'wide.kql');
      writeFileSync(path, text);
      const real = nodeIo();
      const pieces: string[] = [];
      for await (const piece of real.readChunks!(path)) pieces.push(piece);
      assert.ok(pieces.length > 4, `${pieces.length} pieces`);
      assert.equal(pieces.join(''), text);
      const out = io();
      const code = await runCli(['lint', path], { ...out, readChunks: real.readChunks });
      assert.equal(code, 1);
      assert.match(out.out, new RegExp(`wide\\.kql:${filler.split('\n').length + 2}:\\d+: error: .*\\[MIP009\\]`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says a file cannot be read instead of failing', async () => {
    const out = io();
    const code = await runCli(['lint', join(tmpdir(), 'no-such-dir-adx', 'x.kql')], {
      ...out,
      readChunks: nodeIo().readChunks,
    });
    assert.equal(code, 2);
    assert.match(out.err, /cannot read .*x\.kql: ENOENT/);
  });
});

describe('editor: a document that cannot be checked', () => {
  it('shows one diagnostic saying why, instead of nothing', () => {
    const shown = uncheckedDocument(new RangeError('Maximum call stack size exceeded'));
    assert.equal(shown.code, 'KQL000');
    assert.match(shown.message, /could not be checked \(Maximum call stack size exceeded\)/);
  });
  it('a 5,000-deep policy is checked (MIP016), not thrown', () => {
    const model = new KustoDocumentModel(`.alter cluster policy managed_identity \`\`\`${'['.repeat(5000)}\`\`\``);
    assert.deepEqual(
      model.analysis().diagnostics.map((d) => d.code),
      ['MIP016'],
    );
  });
});
