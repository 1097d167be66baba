// A whole .kql document: its commands and every diagnostic, kept up to date edit by edit.
import { diagnostic } from '../policy/make';
import type { ClusterIdentities, Diagnostic } from '../policy/types';
import { nextBlock, skipBlankLines, type Block } from './blocks';
import { fastBlock } from './fast';
import { blockEnd } from './fast/end';
import { analyzeCommand, type CommandAnalysis, type CommandKind } from './command';
import { replaceRange } from '../lists';
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
  const start = skipBlankLines(text, pos);
  // The fast readers need no cluster facts; with them, every block takes the general way.
  const q = options.cluster === undefined && start < text.length ? fastBlock(text, start) : undefined;
  if (q === undefined && start >= text.length) return undefined;
  // Where the block ends: one regex for nearly every block, the general reading where that regex is not certain.
  const end = q === undefined ? blockEnd(text, start) : undefined;
  const b = q ? q.block : end === undefined ? nextBlock(text, start) : { start, end };
  if (b === undefined) return undefined;
  const blockText = text.slice(b.start, b.end);
  const analysis = q ? q.analysis : reuse?.has(blockText) ? reuse.get(blockText) : analyzeCommand(blockText, options);
  return { block: b, text: blockText, analysis };
}

/** True when a block has nothing to report: no finding in its analysis and no literal left open. */
export function reportsNothing(analysis: CommandAnalysis | undefined, unterminatedAt: number | undefined): boolean {
  return unterminatedAt === undefined && (analysis === undefined || analysis.diagnostics.length === 0);
}

/** Appends one block's diagnostics with document offsets, in text order (no spreading: a block may hold 100,000s). */
export function appendBlockDiagnostics(text: string, entry: ScannedBlock, out: Diagnostic[]): void {
  const { block } = entry;
  // Nearly every block has nothing to report: nothing to look up after it either.
  if (reportsNothing(entry.analysis, block.unterminatedAt)) return;
  const beforeNextCommand = block.end < text.length && skipBlankLines(text, block.end) < text.length;
  appendDiagnosticsOf(block, entry.analysis, entry.text, beforeNextCommand, out);
}

function appendDiagnosticsOf(
  block: Block,
  analysis: CommandAnalysis | undefined,
  blockText: string,
  beforeNextCommand: boolean,
  out: Diagnostic[],
): void {
  const first = out.length;
  if (analysis !== undefined) for (const d of analysis.diagnostics) out.push(shift(d, block.start));
  if (block.unterminatedAt !== undefined) out.push(unclosed(blockText, block, beforeNextCommand));
  // Within a block the policy's findings come first, then the command's: put them in text order.
  if (out.length - first > 1) {
    const sorted = out.slice(first).sort((a, b) => a.offset - b.offset);
    for (let k = 0; k < sorted.length; k++) out[first + k] = sorted[k];
  }
}

/** An unclosed literal; `beforeNextCommand` when more commands follow the block it swallowed. */
function unclosed(blockText: string, block: Block, beforeNextCommand: boolean): Diagnostic {
  const at = block.unterminatedAt ?? block.start;
  return diagnostic(
    'KQL002',
    at,
    openerLength(blockText, at - block.start),
    beforeNextCommand
      ? 'This ``` is never closed before the next command (a blank line, then a line starting with a dot): a stray fence? Close it or remove it.'
      : 'This string (or ``` block) is never closed: everything after it is swallowed by it.',
  );
}

/**
 * One block as the scanner keeps it: its text, what is before it (blanks and line ends), and its analysis. Nothing
 * in it is a document offset, so an edit elsewhere leaves it as it is (the same object): only `starts` move.
 */
export class BlockEntry {
  private newlines = -1;

  constructor(
    /** The blanks and line ends between the previous block (or the start of the text) and this one. */
    readonly gap: string,
    readonly text: string,
    /** Undefined for a block of comments only. */
    readonly analysis: CommandAnalysis | undefined,
    /** Where an unclosed string or ``` starts, from the block's start. */
    readonly unterminatedAt: number | undefined,
  ) {}

  /** Line ends in the block's text (the line of its last character, from its first). */
  get lineEnds(): number {
    if (this.newlines < 0) this.newlines = countLineEnds(this.text, 0, this.text.length);
    return this.newlines;
  }

  withGap(gap: string): BlockEntry {
    return gap === this.gap ? this : new BlockEntry(gap, this.text, this.analysis, this.unterminatedAt);
  }
}

export function countLineEnds(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * What one edit or more changed among a scanner's blocks, for editor features that keep something per block. The
 * blocks before `from` are the same objects at the same offsets, lines and characters. The old blocks from `oldEnd`
 * on are the same objects too, now from `newEnd` on, moved by `offsetDelta` characters and `lineDelta` lines (the
 * same character on their line). Those in between may all differ (some may be the same objects, at the same place or
 * not).
 */
export interface BlockChanges {
  readonly from: number;
  readonly oldEnd: number;
  readonly newEnd: number;
  readonly offsetDelta: number;
  readonly lineDelta: number;
}

/** One edit as the scanner logs it: its changes, and the revision and block count it made them from. */
interface LoggedEdit extends BlockChanges {
  /** The revision the edit made. */
  readonly revision: number;
  readonly oldCount: number;
}

// Edits kept in the log: a feature asking about older ones starts again from the whole document.
const MAX_LOGGED_EDITS = 64;

/** The outcome of reading a stretch of text into blocks. */
interface Scan {
  readonly fresh: BlockEntry[];
  readonly freshStarts: number[];
  /** Index into the old entries where the old blocks were found again (their starts move by the edit's delta). */
  readonly syncAt: number;
  /** The gap before that old block, as it is now. */
  readonly syncGap: string;
  /** The text after the last block, when the scan ran to the end. */
  readonly trailing: string;
}

export class DocumentScanner {
  /** The whole text, when someone asked for it since the last edit (an edit never builds it). */
  private flat: string | undefined;
  private size: number;
  private entries: BlockEntry[] = [];
  /** Document offset of each entry's block. */
  private starts: number[] = [];
  /** Line of each entry's first character, kept once asked for. */
  private lines: number[] | undefined;
  private trailing = '';
  /** One more for each edit and each reading of the whole text. */
  private version = 0;
  /** The revision of the last reading of the whole text: no change before it can be told block by block. */
  private rescanned = 0;
  /** The last edits, oldest first, with consecutive revisions ending at `version`. */
  private readonly edits: LoggedEdit[] = [];

  constructor(
    text: string,
    private options: DocumentCheckOptions = {},
  ) {
    this.flat = text;
    this.size = text.length;
    this.scanAll(text);
  }

  get text(): string {
    if (this.flat === undefined) {
      const parts: string[] = new Array(this.entries.length * 2 + 1);
      for (let i = 0; i < this.entries.length; i++) {
        parts[2 * i] = this.entries[i].gap;
        parts[2 * i + 1] = this.entries[i].text;
      }
      parts[this.entries.length * 2] = this.trailing;
      this.flat = parts.join('');
    }
    return this.flat;
  }

  get length(): number {
    return this.size;
  }

  /** Changes with every edit and every new reading of the whole text: a mark for `changesSince`. */
  get revision(): number {
    return this.version;
  }

  /**
   * What changed among the blocks since `revision` (an earlier `revision`), or undefined when that cannot be told
   * block by block (the whole text was read again since, or the edits since are too many): then anything may differ.
   */
  changesSince(revision: number): BlockChanges | undefined {
    const count = this.entries.length;
    if (revision === this.version) return { from: count, oldEnd: count, newEnd: count, offsetDelta: 0, lineDelta: 0 };
    if (revision < this.rescanned || revision > this.version) return undefined;
    let k = this.edits.length - (this.version - revision);
    if (k < 0 || this.edits[k].revision !== revision + 1) return undefined;
    const oldCount = this.edits[k].oldCount;
    let from = Number.MAX_SAFE_INTEGER;
    // How many blocks at the end are the old ones, moved.
    let kept = Number.MAX_SAFE_INTEGER;
    let offsetDelta = 0;
    let lineDelta = 0;
    for (; k < this.edits.length; k++) {
      const e = this.edits[k];
      from = Math.min(from, e.from);
      kept = Math.min(kept, e.oldCount - e.oldEnd);
      offsetDelta += e.offsetDelta;
      lineDelta += e.lineDelta;
    }
    return { from, oldEnd: oldCount - kept, newEnd: count - kept, offsetDelta, lineDelta };
  }

  /** The index of the last block starting at or before `offset`, or -1. */
  blockIndexAt(offset: number): number {
    return this.lastStartingAtOrBefore(offset);
  }

  /** The blocks, in document order, and where each starts: the editor's model reads them without copying. */
  get blocks(): readonly BlockEntry[] {
    return this.entries;
  }

  get blockStarts(): readonly number[] {
    return this.starts;
  }

  /** The line of each block's first character (line ends counted as \n, as the editor's line index does). */
  get blockLines(): readonly number[] {
    if (this.lines === undefined) {
      const lines: number[] = new Array(this.entries.length);
      let line = 0;
      for (let i = 0; i < this.entries.length; i++) {
        const e = this.entries[i];
        line += countLineEnds(e.gap, 0, e.gap.length);
        lines[i] = line;
        line += e.lineEnds;
      }
      this.lines = lines;
    }
    return this.lines;
  }

  /** `length` characters from `offset`, read from the block that holds them when the whole text was not built. */
  slice(offset: number, length: number): string {
    if (this.flat === undefined) {
      const i = this.lastStartingAtOrBefore(offset);
      if (i >= 0 && offset + length <= this.starts[i] + this.entries[i].text.length)
        return this.entries[i].text.slice(offset - this.starts[i], offset - this.starts[i] + length);
    }
    return this.text.slice(offset, offset + length);
  }

  /**
   * Applies an edit (as an editor reports it) and re-reads only the blocks it can have changed, from their own
   * texts: the whole text is never built for it. An editor that already holds the edited text may pass it as
   * `newText` (kept for `text`).
   */
  applyEdit(offset: number, removedLength: number, insertedText: string, newText?: string): void {
    const oldLength = this.size;
    if (offset < 0 || removedLength < 0 || offset + removedLength > oldLength) {
      throw new RangeError(`edit ${offset}+${removedLength} outside a text of ${oldLength} characters`);
    }
    if (newText !== undefined && newText.length !== oldLength - removedLength + insertedText.length) {
      throw new RangeError('newText does not match the edit');
    }
    const delta = insertedText.length - removedLength;
    // Blocks before the edit cannot change, and the scan of a block depends only on the text from its start. One
    // block earlier too when that block ended at a stray ```: whether a ``` is a stray fence depends on the first line
    // of the command after it. (Any other block ended at a blank line outside its literals, whatever comes next.)
    const at = this.lastStartingAtOrBefore(offset);
    const restart = at > 0 && this.entries[at - 1].unterminatedAt !== undefined ? at - 1 : at;
    const first = Math.max(restart, 0);
    const from = restart >= 0 ? this.starts[restart] : 0;
    const firstTail = this.firstStartingAtOrAfter(offset + removedLength);
    // Analyses by command text, from the blocks the edit may touch: a block re-read with the same text keeps its result.
    const reuse = new Map<string, CommandAnalysis | undefined>();
    // Blocks that are re-read for sure (never among the old blocks found again), each given back at most once.
    const known = new Map<string, number>();
    for (let i = first; i < Math.min(firstTail + 2, this.entries.length); i++) {
      reuse.set(this.entries[i].text, this.entries[i].analysis);
      if (i < firstTail && this.starts[i] <= offset) known.set(this.entries[i].text, i);
    }
    // The old text from `from` to the end of a few blocks past the edit, the edit applied: read it alone. When a
    // block's reading ran into the window's end, the window grows (up to the whole text, which is always right).
    let scan: Scan | undefined;
    let removedLineEnds = 0;
    for (let last = Math.min(firstTail, this.entries.length - 1); scan === undefined;) {
      const toEnd = last >= this.entries.length - 1;
      const old = this.window(restart, last, toEnd);
      const editAt = offset - from;
      removedLineEnds = countLineEnds(old, editAt, editAt + removedLength);
      const windowText = old.slice(0, editAt) + insertedText + old.slice(editAt + removedLength);
      scan = this.scanWindow(windowText, from, toEnd, offset + insertedText.length, delta, firstTail, reuse, known);
      last = last < 0 ? 1 : Math.min(this.entries.length - 1, last + Math.max(2, last - first));
    }
    const lineDelta = countLineEnds(insertedText, 0, insertedText.length) - removedLineEnds;
    const { fresh, freshStarts, syncAt } = scan;
    const oldCount = this.entries.length;
    // The old blocks from `keptFrom` on stay as they are (the same objects); the first of them may take a new gap.
    let keptFrom = syncAt;
    if (syncAt < oldCount) {
      const moved = this.entries[syncAt].withGap(scan.syncGap);
      if (moved !== this.entries[syncAt]) {
        this.entries[syncAt] = moved;
        keptFrom++;
      }
    } else this.trailing = scan.trailing;
    replaceRange(this.entries, first, syncAt - first, fresh);
    replaceRange(this.starts, first, syncAt - first, freshStarts);
    const tailFrom = first + fresh.length;
    if (delta !== 0) for (let i = tailFrom; i < this.starts.length; i++) this.starts[i] += delta;
    const lines = this.lines;
    if (lines !== undefined) {
      // Lines of the blocks before the edit stay; the old blocks found again move by the edit's line ends.
      const freshLines: number[] = new Array(fresh.length);
      let line = first > 0 ? lines[first - 1] + this.entries[first - 1].lineEnds : 0;
      for (let i = 0; i < fresh.length; i++) {
        const e = fresh[i];
        line += countLineEnds(e.gap, 0, e.gap.length);
        freshLines[i] = line;
        line += e.lineEnds;
      }
      replaceRange(lines, first, syncAt - first, freshLines);
      if (lineDelta !== 0) for (let i = tailFrom; i < lines.length; i++) lines[i] += lineDelta;
    }
    this.size = oldLength + delta;
    this.flat = newText;
    this.version++;
    this.edits.push({
      revision: this.version,
      oldCount,
      from: first,
      oldEnd: keptFrom,
      newEnd: tailFrom + (keptFrom - syncAt),
      offsetDelta: delta,
      lineDelta,
    });
    if (this.edits.length > MAX_LOGGED_EDITS) this.edits.shift();
  }

  /** Checks again with other cluster facts (e.g. after connecting to a cluster). */
  setCluster(cluster: ClusterIdentities | undefined): void {
    this.options = { ...this.options, cluster };
    this.scanAll(this.text);
  }

  commands(): ScannedCommand[] {
    const out: ScannedCommand[] = [];
    for (let i = 0; i < this.entries.length; i++) {
      const { text, analysis: a } = this.entries[i];
      if (a === undefined) continue;
      const s = this.starts[i];
      out.push({
        start: s,
        end: s + text.length,
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
    for (let i = 0; i < this.entries.length; i++) this.appendDiagnostics(i, out);
    return out;
  }

  /** The diagnostics of block `i`, document offsets, in text order. */
  appendDiagnostics(i: number, out: Diagnostic[]): void {
    const e = this.entries[i];
    const start = this.starts[i];
    if (reportsNothing(e.analysis, e.unterminatedAt)) return;
    const block: Block =
      e.unterminatedAt === undefined
        ? { start, end: start + e.text.length }
        : { start, end: start + e.text.length, unterminatedAt: start + e.unterminatedAt };
    appendDiagnosticsOf(block, e.analysis, e.text, i + 1 < this.entries.length, out);
  }

  private scanAll(text: string): void {
    this.version++;
    this.rescanned = this.version;
    this.edits.length = 0;
    this.entries = [];
    this.starts = [];
    this.lines = undefined;
    let end = 0;
    for (let pos = 0; ;) {
      const entry = readBlock(text, pos, this.options);
      if (entry === undefined) break;
      const b = entry.block;
      this.entries.push(
        new BlockEntry(
          text.slice(end, b.start),
          entry.text,
          entry.analysis,
          b.unterminatedAt === undefined ? undefined : b.unterminatedAt - b.start,
        ),
      );
      this.starts.push(b.start);
      pos = end = b.end;
    }
    this.trailing = text.slice(end);
  }

  /** The old text from block `first` (from 0 when it is -1) to the end of block `last`, or to the end of the text. */
  private window(first: number, last: number, toEnd: boolean): string {
    const parts: string[] = [];
    if (first < 0 && this.entries.length > 0) parts.push(this.entries[0].gap);
    for (let i = Math.max(first, 0); i <= last && i < this.entries.length; i++) {
      if (i > Math.max(first, 0)) parts.push(this.entries[i].gap);
      parts.push(this.entries[i].text);
    }
    if (toEnd) parts.push(this.trailing);
    return parts.join('');
  }

  /**
   * Reads blocks from the window's start (document offset `base`); once a block starts past `editEnd` exactly where
   * an old block (shifted by `delta`) started, the old blocks from there on are still right. Undefined when a block
   * ran into the end of a window that is not the end of the text (its reading might change with what follows).
   */
  private scanWindow(
    text: string,
    base: number,
    toEnd: boolean,
    editEnd: number,
    delta: number,
    firstTail: number,
    reuse: ReadonlyMap<string, CommandAnalysis | undefined>,
    known: Map<string, number>,
  ): Scan | undefined {
    const fresh: BlockEntry[] = [];
    const freshStarts: number[] = [];
    let j = firstTail;
    const restart = this.lastStartingAtOrBefore(base);
    let gapBefore = restart >= 0 && this.starts[restart] === base ? this.entries[restart].gap : '';
    let end = 0;
    for (let pos = 0; ;) {
      // Where the next block starts: once past the edit where an old block started, the rest is as it was (a block's
      // reading depends only on the text from its start), so that block is not read at all.
      const next = skipBlankLines(text, pos);
      if (next < text.length && base + next >= editEnd) {
        while (j < this.entries.length && this.starts[j] + delta < base + next) j++;
        if (j < this.entries.length && this.starts[j] + delta === base + next) {
          return { fresh, freshStarts, syncAt: j, syncGap: gapBefore + text.slice(end, next), trailing: '' };
        }
      }
      const entry = readBlock(text, pos, this.options, reuse);
      if (entry === undefined) {
        if (!toEnd) return undefined;
        return { fresh, freshStarts, syncAt: this.entries.length, syncGap: '', trailing: gapBefore + text.slice(end) };
      }
      const b = entry.block;
      const start = base + b.start;
      const gap = gapBefore + text.slice(end, b.start);
      gapBefore = '';
      if (!toEnd && (b.unterminatedAt !== undefined || skipBlankLines(text, b.end) >= text.length)) return undefined;
      const unterminatedAt = b.unterminatedAt === undefined ? undefined : b.unterminatedAt - b.start;
      // A block read again as it was (the one before the edit, nearly always) stays the same object.
      // Only where it was, before the edit: then it has the same line and character too.
      const k = known.get(entry.text);
      const same = k === undefined || this.starts[k] !== start ? undefined : this.entries[k];
      if (same !== undefined && same.gap === gap && same.unterminatedAt === unterminatedAt) {
        known.delete(entry.text);
        fresh.push(same);
      } else fresh.push(new BlockEntry(gap, entry.text, entry.analysis, unterminatedAt));
      freshStarts.push(start);
      pos = end = b.end;
    }
  }

  private lastStartingAtOrBefore(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private firstStartingAtOrAfter(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid] < offset) lo = mid + 1;
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

function shift(d: Diagnostic, by: number): Diagnostic {
  const moved = { ...d, offset: d.offset + by };
  return d.fix ? { ...moved, fix: { ...d.fix, offset: d.fix.offset + by } } : moved;
}

/**
 * Every diagnostic of a .kql text, with document offsets: what `lint` and the editor report. Read block by block as
 * `lint` streams a file, keeping nothing of a block once its diagnostics are out (a DocumentScanner keeps every block
 * for the edits to come); the incremental tests hold the scanner's diagnostics to these.
 */
export function checkDocument(text: string, options: DocumentCheckOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (let pos = 0; ;) {
    const entry = readBlock(text, pos, options);
    if (entry === undefined) return out;
    appendBlockDiagnostics(text, entry, out);
    pos = entry.block.end;
  }
}

/** The commands of a .kql text. */
export function scanDocument(text: string, options: DocumentCheckOptions = {}): ScannedCommand[] {
  return new DocumentScanner(text, options).commands();
}
