// In-host test entry: the extension host loads this module (extensionTestsPath) and awaits run().
// Every *.test.js bundled next to it runs; under the runner, mocha's output also goes to inhost-report.txt.
import { appendFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { format, stripVTControlCharacters } from 'node:util';
import Mocha from 'mocha';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

// The activation suite must run first: the host is shared, and it checks what the first activation did.
function runOrder(a: string, b: string): number {
  const first = (p: string) => (p.endsWith(`${sep}activation.test.js`) ? 0 : 1);
  return first(a) - first(b) || a.localeCompare(b);
}

/** Copies reporter lines into the report file, because the host's stdout does not reach the runner. */
function teeReporterOutput(reportFile: string | undefined): void {
  const base = Mocha.reporters.Base;
  if (!reportFile) return;
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    // Colour codes would garble the runner's output and its count of "N passing" lines.
    appendFileSync(reportFile, `${stripVTControlCharacters(format(...args))}\n`);
    original(...args);
  };
}

export async function run(): Promise<void> {
  const results = process.env.ADX_IDENTITY_TEST_RESULTS;
  const report = results && join(results, 'inhost-report.txt');
  teeReporterOutput(report);
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000 });
  for (const file of testFiles(__dirname).sort(runOrder)) mocha.addFile(file);
  let failures: number;
  try {
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } catch (e) {
    // A test file that throws while loading stops mocha before it reports anything: say why.
    if (report) appendFileSync(report, `in-host suite could not run: ${e instanceof Error ? e.stack : String(e)}\n`);
    throw e;
  }
  if (failures > 0) throw new Error(`${failures} in-host test(s) failed`);
}
