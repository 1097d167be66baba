// Lint throughput: full scan + validation of 5,000 policy commands against the JSON.parse floor, and one-keystroke re-checks.
import { checkDocument, DocumentScanner } from '../src/core/scanner';
import { generateCorpus } from './kql-corpus';
import { medianMs, type BenchRow } from './run';

export default async function lintBench(): Promise<BenchRow[]> {
  const { text, payloads } = generateCorpus(5000);
  const bench = 'lint (5,000 policy commands)';
  const floor = medianMs(() => { for (const p of payloads) JSON.parse(p); }, () => undefined, 15, 5);
  // A new scanner per call inside checkDocument: nothing is cached between iterations.
  const full = medianMs(() => checkDocument(text), () => undefined, 15, 5);
  // The edit lands inside a policy somewhere in the middle; the scanner is built untimed before each run.
  let round = 0;
  const edit = medianMs(
    (s: DocumentScanner) => { s.applyEdit(editOffset(text, round++), 0, 'x'); s.diagnostics(); },
    () => new DocumentScanner(text), 15, 5);
  return [
    { bench, metric: 'document size', value: text.length / 1e6, unit: 'M chars' },
    { bench, metric: 'JSON.parse floor (same payloads)', value: floor, unit: 'ms' },
    { bench, metric: 'full scan + validation (checkDocument)', value: full, unit: 'ms' },
    { bench, metric: 'ratio to floor', value: full / floor, unit: '×', target: '≤ 3×' },
    { bench, metric: 're-check after a one-character edit (incremental)', value: edit, unit: 'ms', target: '≤ 5 ms' },
  ];
}

function editOffset(text: string, round: number): number {
  const near = Math.floor(text.length * (0.3 + 0.04 * (round % 10)));
  const at = text.indexOf('"AllowedUsages"', near);
  return at < 0 ? near : at + '"AllowedUsages": "'.length + 2;
}
