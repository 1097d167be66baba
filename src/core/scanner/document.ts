// A whole .kql document: its commands and every diagnostic, kept up to date edit by edit.
import { diagnostic } from '../policy/make';
import type { ClusterIdentities, Diagnostic } from '../policy/types';
import { isBlank, nextBlock, type Block } from './blocks';
import { quickBlock } from './quick';
import { analyzeCommand, type CommandAnalysis, type CommandKind } from './command';
import type { PolicyScope } from '../scope';

export interface DocumentCheckOptions {
  /** The cluster the document will run against, when known. */
  readonly cluster?: ClusterIdentities;
}

/** A command of the document, with document offsets. */
export interface ScannedCommand {
  /** The block: leading comment lines included, trailing blanks excluded. */
  readonly start: number;
  readonly end: number;
  /** Where the command itself starts, after its comments. */
  readonly commandStart: number;
  readonly kind: CommandKind;
  readonly scope?: PolicyScope;
  readonly database?: string;
  readonly policyName?: string;
  /** The policy literal's range (delimiters included) and its decoded text. */
  readonly payload?: { readonly start: number; readonly end: number; readonly value: string };
}

/** One block of a document and what it holds. */
export interface ScannedBlock {
  readonly block: Block;
  /** The block's text, kept so an edit can find the analysis of an unchanged block again. */
  readonly text: string;
  /** Undefined for a block of comments only. */
  readonly analysis: CommandAnalysis | undefined;
}

type Entry = ScannedBlock;

/**
 * The block at or after `pos` and its analysis: what the scanner and a streaming reader (`lint`) share, so both
 * find the same blocks. `reuse` holds analyses by block text (an edit re-reading unchanged blocks).
 */
export function readBlock(
  text: string,
  pos: number,
  options: DocumentCheckOptions = {},
  reuse?: ReadonlyMap<string, CommandAnalysis | undefined>,
): ScannedBlock | undefined {
  const start = firstNonBlank(text, pos);
  // The one-regex reading needs no cluster facts; with them, every block takes the general way.
  const q = options.cluster === undefined && start < text.length ? quickBlock(text, start) : undefined;
  const b = q ? q.block : nextBlock(text, start);
  if (b === undefined) return undefined;
  const blockText = text.slice(b.start, b.end);
  const analysis = q ? q.analysis : reuse?.has(blockText) ? reuse.get(blockText) : analyzeCommand(blockText, options);
  return { block: b, text: blockText, analysis };
}

/** Appends one block's diagnostics with document offsets, in text order (no spreading: a block may hold 100,000s). */
export function appendBlockDiagnostics(text: string, entry: ScannedBlock, out: Diagnostic[]): void {
  const { block, analysis } = entry;
  const first = out.length;
  if (analysis !== undefined) for (const d of analysis.diagnostics) out.push(shift(d, block.start));
  if (block.unterminatedAt !== undefined) out.push(unclosed(text, block));
  // Within a block the policy's findings come first, then the command's: put them in text order.
  if (out.length - first > 1) {
    const sorted = out.slice(first).sort((a, b) => a.offset - b.offset);
    for (let k = 0; k < sorted.length; k++) out[first + k] = sorted[k];
  }
}

function unclosed(text: string, block: Block): Diagnostic {
  const at = block.unterminatedAt ?? block.start;
  const beforeNextCommand = block.end < text.length && firstNonBlank(text, block.end) < text.length;
  return diagnostic(
    'KQL002',
    at,
    openerLength(text, at),
    beforeNextCommand
      ? 'This ``` is never closed before the next command (a blank line, then a line starting with a dot): a stray fence? Close it or remove it.'
      : 'This string (or ``` block) is never closed: everything after it is swallowed by it.',
  );
}

export class DocumentScanner {
  private current: string;
  private entries: Entry[] = [];

  constructor(
    text: string,
    private options: DocumentCheckOptions = {},
  ) {
    this.current = text;
    this.entries = this.scanFrom(0, []).fresh;
  }

  get text(): string {
    return this.current;
  }

  /**
   * Applies an edit (as an editor reports it) and re-reads only the blocks it can have changed. An editor that
   * already holds the edited text passes it as `newText`, which spares building (and flattening) a copy here.
   */
  applyEdit(offset: number, removedLength: number, insertedText: string, newText?: string): void {
    const old = this.current;
    if (offset < 0 || removedLength < 0 || offset + removedLength > old.length) {
      throw new RangeError(`edit ${offset}+${removedLength} outside a text of ${old.length} characters`);
    }
    if (newText !== undefined && newText.length !== old.length - removedLength + insertedText.length) {
      throw new RangeError('newText does not match the edit');
    }
    this.current = newText ?? old.slice(0, offset) + insertedText + old.slice(offset + removedLength);
    const delta = insertedText.length - removedLength;
    // Blocks before the edit cannot change, and the scan of a block depends only on the text from its start.
    // One block earlier too: whether a ``` is a stray fence depends on the first line of the command after it.
    const at = this.lastStartingAtOrBefore(offset);
    const restart = at > 0 ? at - 1 : at;
    const kept = this.entries.slice(0, Math.max(restart, 0));
    const from = restart >= 0 ? this.entries[restart].block.start : 0;
    const firstTail = this.firstStartingAtOrAfter(offset + removedLength);
    // Analyses by command text, from the blocks the edit may touch: a block re-read with the same text keeps its result.
    const reuse = new Map<string, CommandAnalysis | undefined>();
    for (const e of this.entries.slice(Math.max(restart, 0), firstTail + 2)) reuse.set(e.text, e.analysis);
    const { fresh, tail } = this.scanFrom(
      from,
      this.entries.slice(firstTail),
      offset + insertedText.length,
      delta,
      reuse,
    );
    this.entries = kept.concat(fresh, tail);
  }

  /** Checks again with other cluster facts (e.g. after connecting to a cluster). */
  setCluster(cluster: ClusterIdentities | undefined): void {
    this.options = { ...this.options, cluster };
    this.entries = this.scanFrom(0, []).fresh;
  }

  commands(): ScannedCommand[] {
    const out: ScannedCommand[] = [];
    for (const { block, analysis: a } of this.entries) {
      if (a === undefined) continue;
      const s = block.start;
      out.push({
        start: s,
        end: block.end,
        commandStart: s + a.commandStart,
        kind: a.kind,
        ...(a.scope && { scope: a.scope }),
        ...(a.database !== undefined && { database: a.database }),
        ...(a.policyName !== undefined && { policyName: a.policyName }),
        ...(a.payload && { payload: { start: s + a.payload.start, end: s + a.payload.end, value: a.payload.value } }),
      });
    }
    return out;
  }

  /** Every diagnostic, with document offsets, in document order. */
  diagnostics(): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const entry of this.entries) appendBlockDiagnostics(this.current, entry, out);
    return out;
  }

  /**
   * Scans blocks from `from`; once a block starts past `editEnd` exactly where an old block (shifted by
   * `delta`) started, the old blocks from there on are still right and are only moved.
   */
  private scanFrom(
    from: number,
    oldTail: readonly Entry[],
    editEnd = 0,
    delta = 0,
    reuse?: ReadonlyMap<string, CommandAnalysis | undefined>,
  ): { fresh: Entry[]; tail: Entry[] } {
    const fresh: Entry[] = [];
    let j = 0;
    const text = this.current;
    for (let pos = from; ;) {
      const entry = readBlock(text, pos, this.options, reuse);
      if (entry === undefined) break;
      const b = entry.block;
      if (b.start >= editEnd && oldTail.length > 0) {
        while (j < oldTail.length && oldTail[j].block.start + delta < b.start) j++;
        if (j < oldTail.length && oldTail[j].block.start + delta === b.start) {
          return { fresh, tail: oldTail.slice(j).map((e) => moved(e, delta)) };
        }
      }
      fresh.push(entry);
      pos = b.end;
    }
    return { fresh, tail: [] };
  }

  private lastStartingAtOrBefore(offset: number): number {
    let lo = 0;
    let hi = this.entries.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].block.start <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private firstStartingAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid].block.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** The opening delimiter of an unclosed literal: ```, or a quote with its `h`/`@` prefix. */
function openerLength(text: string, at: number): number {
  if (text.startsWith('```', at)) return 3;
  let n = 0;
  while (n < 3 && text[at + n] !== "'" && text[at + n] !== '"') n++;
  return Math.min(n + 1, text.length - at);
}

function firstNonBlank(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && (isBlank(text.charCodeAt(p)) || text.charCodeAt(p) === 10)) p++;
  return p;
}

function moved(e: Entry, delta: number): Entry {
  if (delta === 0) return e;
  const b = e.block;
  const block: Block =
    b.unterminatedAt === undefined
      ? { start: b.start + delta, end: b.end + delta }
      : { start: b.start + delta, end: b.end + delta, unterminatedAt: b.unterminatedAt + delta };
  return { block, text: e.text, analysis: e.analysis };
}

function shift(d: Diagnostic, by: number): Diagnostic {
  const moved = { ...d, offset: d.offset + by };
  return d.fix ? { ...moved, fix: { ...d.fix, offset: d.fix.offset + by } } : moved;
}

/** Every diagnostic of a .kql text, with document offsets: what `lint` and the editor report. */
export function checkDocument(text: string, options: DocumentCheckOptions = {}): Diagnostic[] {
  return new DocumentScanner(text, options).diagnostics();
}

/** The commands of a .kql text. */
export function scanDocument(text: string, options: DocumentCheckOptions = {}): ScannedCommand[] {
  return new DocumentScanner(text, options).commands();
}
