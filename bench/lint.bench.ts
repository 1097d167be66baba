// Lint throughput: full scan + validation of 5,000 policy commands against the JSON.parse floor, and one-keystroke re-checks.
import { checkDocument, DocumentScanner } from '../src/core/scanner';
import { generateCorpus } from './kql-corpus';
import { medianMs, type BenchRow } from './run';

export default async function lintBench(): Promise<BenchRow[]> {
  const { text, payloads } = generateCorpus(5000);
  const bench = 'lint (5,000 policy commands)';
  // Floor and full check alternate within each round, so both see the same machine load (it is shared).
  const floors: number[] = [];
  const fulls: number[] = [];
  for (let round = 0; round < 40; round++) {
    const f = time(() => {
      for (const p of payloads) JSON.parse(p);
    });
    // A new scanner per call inside checkDocument: nothing is cached between iterations.
    const c = time(() => checkDocument(text));
    if (round >= 10) {
      floors.push(f);
      fulls.push(c);
    }
  }
  const ratios = fulls.map((c, i) => c / floors[i]);
  const floor = median(floors);
  const full = median(fulls);
  // The edit lands inside a policy somewhere in the middle; the scanner is built untimed before each run.
  let round = 0;
  const edit = medianMs(
    (s: DocumentScanner) => {
      s.applyEdit(editOffset(text, round++), 0, 'x');
      s.diagnostics();
    },
    () => new DocumentScanner(text),
    25,
    5,
  );
  // The editor already holds the edited text (it hands it to every provider): given it, nothing is copied.
  let given = 0;
  const editGiven = medianMs(
    ({ s, at, next }: { s: DocumentScanner; at: number; next: string }) => {
      s.applyEdit(at, 0, 'x', next);
      s.diagnostics();
    },
    () => {
      const at = editOffset(text, given++);
      return { s: new DocumentScanner(text), at, next: flat(`${text.slice(0, at)}x${text.slice(at)}`) };
    },
    25,
    5,
  );
  return [
    { bench, metric: 'document size', value: text.length / 1e6, unit: 'M chars' },
    { bench, metric: 'JSON.parse floor (same payloads)', value: floor, unit: 'ms' },
    { bench, metric: 'full scan + validation (checkDocument)', value: full, unit: 'ms' },
    { bench, metric: 'ratio to floor (median of per-round ratios)', value: median(ratios), unit: '×', target: '≤ 3×' },
    {
      bench,
      metric: 're-check after a one-character edit (incremental, scanner builds the new text)',
      value: edit,
      unit: 'ms',
      target: '≤ 5 ms',
    },
    {
      bench,
      metric: 're-check after a one-character edit (incremental, editor passes the new text)',
      value: editGiven,
      unit: 'ms',
      target: '≤ 5 ms',
    },
  ];
}

/** A flat copy, as an editor's getText() returns (a concatenation would be flattened inside the timing). */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function time(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function editOffset(text: string, round: number): number {
  const near = Math.floor(text.length * (0.3 + 0.04 * (round % 10)));
  const at = text.indexOf('"AllowedUsages"', near);
  return at < 0 ? near : at + '"AllowedUsages": "'.length + 2;
}
