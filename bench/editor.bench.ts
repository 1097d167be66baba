// The .kql editor on one keystroke in a 5,000-command document: what the providers compute after an edit
// (incremental rescan, lenses, diagnostics with positions, code actions at the cursor), and folding.
import { codeActionsAt } from '../src/core/editor/codeActions';
import { foldingRanges } from '../src/core/editor/folding';
import { lensesFor } from '../src/core/editor/lenses';
import { LineIndex } from '../src/core/editor/lineIndex';
import { KustoDocumentModel } from '../src/core/editor/model';
import { generateCorpus } from './kql-corpus';
import { medianMs, type BenchRow } from './run';

interface Prepared { model: KustoDocumentModel; offset: number; index: LineIndex }

export default async function editorBench(): Promise<BenchRow[]> {
  const { text } = generateCorpus(5000);
  const bench = 'editor (5,000 policy commands)';
  let round = 0;
  // Untimed: a model of the whole document, and the line table the editor already keeps for the edited text.
  const prepare = (): Prepared => {
    const offset = editOffset(text, round++);
    const model = new KustoDocumentModel(text);
    model.analysis();
    return { model, offset, index: new LineIndex(text.slice(0, offset) + 'x' + text.slice(offset)) };
  };
  const edit = (p: Prepared) => p.model.applyEdit(p.offset, 0, 'x');
  const lenses = (p: Prepared) => {
    for (const l of lensesFor(p.model.analysis().commands)) p.index.positionAt(l.offset);
  };
  const diagnostics = (p: Prepared) => {
    for (const d of p.model.analysis().diagnostics) { p.index.positionAt(d.offset); p.index.positionAt(d.offset + d.length); }
  };
  const actions = (p: Prepared) => codeActionsAt(p.model, p.offset, 0);
  const all = (p: Prepared) => { edit(p); lenses(p); diagnostics(p); actions(p); };

  const open = medianMs(() => new KustoDocumentModel(text).analysis(), () => undefined, 9, 3);
  const total = medianMs(all, prepare, 15, 5);
  const editOnly = medianMs(edit, prepare, 15, 5);
  const lensOnly = medianMs((p: Prepared) => { edit(p); lenses(p); }, prepare, 15, 5) - editOnly;
  const actionOnly = medianMs((p: Prepared) => { edit(p); p.model.analysis(); actions(p); }, prepare, 15, 5)
    - medianMs((p: Prepared) => { edit(p); p.model.analysis(); }, prepare, 15, 5);
  const folding = medianMs(() => foldingRanges(text), () => undefined, 9, 3);
  const sample = prepare();
  edit(sample);
  return [
    { bench, metric: 'open: full scan + analysis', value: open, unit: 'ms' },
    { bench, metric: 'lenses in the document', value: lensesFor(sample.model.analysis().commands).length, unit: '' },
    { bench, metric: 'one edit: incremental rescan', value: editOnly, unit: 'ms' },
    { bench, metric: 'one edit: + lenses with positions', value: Math.max(0, lensOnly), unit: 'ms' },
    { bench, metric: 'one edit: + code actions at the cursor', value: Math.max(0, actionOnly), unit: 'ms' },
    { bench, metric: 'one edit as the providers see it (rescan, lenses, diagnostics, code actions)', value: total, unit: 'ms', target: '≤ 5 ms' },
    { bench, metric: 'folding ranges (whole document, on request)', value: folding, unit: 'ms' },
  ];
}

function editOffset(text: string, round: number): number {
  const near = Math.floor(text.length * (0.3 + 0.04 * (round % 10)));
  const at = text.indexOf('"AllowedUsages"', near);
  return at < 0 ? near : at + '"AllowedUsages": "'.length + 2;
}
