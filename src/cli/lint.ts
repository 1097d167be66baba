// adx-identity lint: checks the management commands of .kql files exactly as the editor does.
import { join } from 'node:path';
import type { Diagnostic } from '../core/policy/types';
import { isBlank, skipBlankLines, type Block } from '../core/scanner/blocks';
import { appendBlockDiagnostics, readBlock, reportsNothing } from '../core/scanner/document';
import { parserDiagnostics } from '../core/scanner/parserFindings';
import { loadOfficialParser, type OfficialParser } from '../services/parser/officialParser';
import { lintAnnotations, lintJunit, lintSarif } from './formats/lint';
import { inGitHubActions } from './formats/github';
import type { CliIo } from './io';

const USAGE = 'Usage: adx-identity lint [--format text|json|sarif|junit] [--official-parser] FILE...\n';

/** Where the official parser's scripts sit next to the CLI bundle (`dist/kusto-parser/`). */
export const BUNDLED_PARSER_DIR = join(__dirname, 'kusto-parser');

/** One finding; lines and columns are 1-based, columns count UTF-16 code units, the end is exclusive. */
export interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: Diagnostic['severity'];
  readonly code: string;
  readonly message: string;
  /** The certain fix, when there is one (the editor's quick fix): replace the range with `newText`. */
  readonly fix?: {
    readonly title: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly newText: string;
  };
}

/** Exit code: 0 clean (warnings and infos allowed), 1 some error found, 2 bad arguments or a file not read or checked. */
export async function runLint(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if ('problem' in parsed) {
    io.stderr(`adx-identity lint: ${parsed.problem}\n${USAGE}`);
    return 2;
  }
  let parser: OfficialParser | undefined;
  if (parsed.officialParser) {
    try {
      parser = loadOfficialParser(io.parserDir ?? BUNDLED_PARSER_DIR);
    } catch (err) {
      io.stderr(`adx-identity lint: the official Kusto parser could not be loaded: ${reason(err)}\n`);
      return 2;
    }
  }
  const out = new FindingWriter(parsed.format, io, parsed.files);
  let failed = false;
  for (const file of parsed.files) {
    // Each file on its own: one that cannot be read or checked never hides the findings of the others.
    const problem = await lintFile(file, io, parser, (f) => out.write(f));
    out.flush();
    if (problem !== undefined) {
      io.stderr(`adx-identity lint: ${problem}\n`);
      failed = true;
    }
  }
  out.end();
  if (failed) return 2;
  return out.errors > 0 ? 1 : 0;
}

/** Streams one file block by block (memory stays near one chunk plus the longest command); a problem, or undefined. */
async function lintFile(
  file: string,
  io: CliIo,
  parser: OfficialParser | undefined,
  emit: (f: LintFinding) => void,
): Promise<string | undefined> {
  const chunks = io.readChunks?.(file) ?? oneChunk(io, file);
  const reader = new StreamedDocument(file, parser, emit);
  const iterator = chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = await iterator.next();
    } catch (err) {
      return `cannot read ${file}: ${reason(err)}`;
    }
    try {
      if (next.done) {
        reader.finish();
        return undefined;
      }
      if (next.value.includes('\u0000')) return `cannot check ${file}: it is not a text file (it holds NUL characters)`;
      reader.push(next.value);
    } catch (err) {
      return `cannot check ${file}: ${reason(err)}`;
    }
  }
}

async function* oneChunk(io: CliIo, file: string): AsyncIterable<string> {
  yield await io.readFile(file);
}

const UNKNOWN = -2;

/**
 * The text read so far minus the blocks already checked. A block counts once a blank line after it has been read
 * (or the file ended), so it is read exactly as a scan of the whole file reads it.
 */
class StreamedDocument {
  private pending = '';
  /** Document offset of pending[0], and the line holding it. */
  private base = 0;
  private line = 1;
  private lineStart = 0;
  private started = false;
  /** Index in `pending` of the first line end after the current line's start (-1: none read yet). */
  private nextLineEnd = UNKNOWN;
  /** The first block not yet checked has no blank line after it (rather than waiting for what follows one). */
  private waitsForBlankLine = false;

  constructor(
    private readonly file: string,
    private readonly parser: OfficialParser | undefined,
    private readonly emit: (f: LintFinding) => void,
  ) {}

  push(chunk: string): void {
    // A BOM is no character of the text: columns count from after it, as editors do.
    const text = this.started ? chunk : chunk.replace(/^\ufeff/, '');
    this.started = true;
    const before = this.pending.length;
    this.pending += text;
    this.nextLineEnd = UNKNOWN;
    // The block read last waits for a blank line after it: with none in what just arrived (from the line end before
    // it), nothing can be checked yet, and a long block is not read again for every piece of the file.
    if (this.waitsForBlankLine && !hasBlankLine(this.pending, lineEndBeforeBlanks(this.pending, before))) return;
    this.consume(false);
  }

  finish(): void {
    this.consume(true);
  }

  private consume(atEnd: boolean): void {
    const text = this.pending;
    let pos = 0;
    for (;;) {
      const entry = readBlock(text, pos);
      if (entry === undefined) {
        pos = text.length;
        break;
      }
      if (!atEnd && !isFinal(text, entry.block)) {
        this.waitsForBlankLine = afterBlankLine(text, entry.block.end) < 0;
        break;
      }
      // Nearly every block has nothing to report: nothing to collect, sort or print for it.
      const { block, analysis } = entry;
      if (this.parser === undefined && reportsNothing(analysis, block.unterminatedAt)) {
        pos = block.end;
        continue;
      }
      const found: Diagnostic[] = [];
      appendBlockDiagnostics(text, entry, found);
      if (this.parser && entry.analysis !== undefined) {
        const start = entry.block.start + entry.analysis.commandStart;
        const command = text.slice(start, entry.block.end);
        for (const d of parserDiagnostics(command, start, this.parser.diagnose(command))) found.push(d);
        found.sort((a, b) => a.offset - b.offset);
      }
      for (const d of found) this.emit(this.finding(text, d));
      pos = entry.block.end;
    }
    this.advanceTo(text, pos);
    this.pending = text.slice(pos);
    this.base += pos;
    this.nextLineEnd = UNKNOWN;
  }

  /** Moves the line counter to `offset` of `text` (offsets only grow); the next line end is kept, never searched twice. */
  private advanceTo(text: string, offset: number): void {
    if (this.nextLineEnd === UNKNOWN) this.nextLineEnd = text.indexOf('\n', Math.max(this.lineStart - this.base, 0));
    while (this.nextLineEnd >= 0 && this.nextLineEnd < offset) {
      this.line++;
      this.lineStart = this.base + this.nextLineEnd + 1;
      this.nextLineEnd = text.indexOf('\n', this.nextLineEnd + 1);
    }
  }

  private finding(text: string, d: Diagnostic): LintFinding {
    this.advanceTo(text, d.offset);
    let endLine = this.line;
    let endLineStart = this.lineStart;
    const end = d.offset + d.length;
    // Only the finding's own range is read: a search to the next line end could cross the whole file each time.
    const part = text.slice(d.offset, end);
    for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) {
      endLine++;
      endLineStart = this.base + d.offset + k + 1;
    }
    return {
      file: this.file,
      line: this.line,
      column: this.base + d.offset - this.lineStart + 1,
      endLine,
      endColumn: this.base + end - endLineStart + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.fix ? { fix: this.fixAt(text, d, endLineStart) } : {}),
    };
  }

  /** The fix's range in lines and columns, found from the finding's own position (a fix stays inside its block). */
  private fixAt(text: string, d: Diagnostic, _endLineStart: number): NonNullable<LintFinding['fix']> {
    const fix = d.fix!;
    const at = (offset: number) => {
      let line = this.line;
      let lineStart = this.lineStart;
      // Line ends between the finding and the fix's point, found by indexOf within that stretch only.
      const part = offset >= d.offset ? text.slice(d.offset, offset) : text.slice(offset, d.offset);
      let ends = 0;
      let last = -1;
      for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) {
        ends++;
        last = k;
      }
      if (offset >= d.offset) {
        line += ends;
        if (last >= 0) lineStart = this.base + d.offset + last + 1;
      } else {
        line -= ends;
        lineStart = this.base + text.lastIndexOf('\n', offset - 1) + 1;
      }
      return { line, column: this.base + offset - lineStart + 1 };
    };
    const start = at(fix.offset);
    const end = at(fix.offset + fix.length);
    return { title: fix.title, ...start, endLine: end.line, endColumn: end.column, newText: fix.newText };
  }
}

/** The line end right before the blanks that end `text[0, end)`, or `end` when those blanks follow no line end. */
function lineEndBeforeBlanks(text: string, end: number): number {
  let k = end - 1;
  while (k >= 0 && isBlank(text.charCodeAt(k))) k--;
  return k >= 0 && text.charCodeAt(k) === 10 ? k : end;
}

/** A blank line (two line ends with only blanks between) in `text` from `from` on. */
function hasBlankLine(text: string, from: number): boolean {
  for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', nl + 1))
    if (afterBlankLine(text, nl) >= 0) return true;
  return false;
}

/** Where the text goes on after a blank line right after `end` (only blanks before it), or -1 when none follows yet. */
function afterBlankLine(text: string, end: number): number {
  let k = end;
  for (let lineEnds = 0; lineEnds < 2; lineEnds++, k++) {
    while (k < text.length && isBlank(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) !== 10) return -1;
  }
  return k;
}

/**
 * True when more text cannot change the block: a blank line follows it, and, if it holds a literal never closed,
 * something follows that blank line (it was cut before the next command, not at the end of what was read so far).
 */
function isFinal(text: string, block: Block): boolean {
  const k = afterBlankLine(text, block.end);
  if (k < 0) return false;
  if (block.unterminatedAt === undefined) return true;
  return skipBlankLines(text, k) < text.length;
}

/**
 * Prints findings as they come (text lines, or one JSON array) and counts the errors; SARIF, JUnit and the GitHub
 * annotations need the whole run, so those findings are kept and written at the end.
 */
class FindingWriter {
  errors = 0;
  private count = 0;
  private readonly kept: LintFinding[] = [];
  private held = '';
  private readonly annotate: boolean;

  constructor(
    private readonly format: LintFormat,
    private readonly io: CliIo,
    private readonly files: readonly string[],
  ) {
    // In a GitHub Actions job the text form also carries annotations; the other forms stay machine-readable.
    this.annotate = format === 'text' && inGitHubActions(io.env);
  }

  write(f: LintFinding): void {
    if (f.severity === 'error') this.errors++;
    if (this.format === 'text') this.print(textLine(f));
    if (this.format === 'json') {
      const { fix: _fix, ...shown } = f;
      this.print(`${this.count === 0 ? '[\n' : ',\n'}${JSON.stringify(shown, null, 2).replace(/^/gm, '  ')}`);
    }
    if (this.format === 'sarif' || this.format === 'junit' || this.annotate) this.kept.push(f);
    this.count++;
  }

  /** Writes what is held: after each file (before any message about it) and at the end. */
  flush(): void {
    if (this.held.length > 0) this.io.stdout(this.held);
    this.held = '';
  }

  /** Findings go out in pieces of about 64 KB, not one write each (a write to a pipe costs a system call). */
  private print(text: string): void {
    this.held += text;
    if (this.held.length >= 1 << 16) this.flush();
  }

  end(): void {
    this.flush();
    if (this.format === 'json') this.io.stdout(this.count === 0 ? '[]\n' : '\n]\n');
    if (this.format === 'sarif') this.io.stdout(lintSarif(this.kept));
    if (this.format === 'junit') this.io.stdout(lintJunit(this.kept, this.files));
    if (this.annotate) this.io.stdout(lintAnnotations(this.kept));
  }
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const LINT_FORMATS = ['text', 'json', 'sarif', 'junit'] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

function parseArgs(
  args: readonly string[],
): { format: LintFormat; officialParser: boolean; files: string[] } | { problem: string } {
  let format: LintFormat = 'text';
  let officialParser = false;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (a === '--format' || a.startsWith('--format=')) {
      const value = a === '--format' ? args[++i] : a.slice('--format='.length);
      if (!LINT_FORMATS.includes(value as LintFormat))
        return {
          problem: `--format must be ${LINT_FORMATS.join(', ')}, not ${value === undefined ? 'nothing' : `'${value}'`}`,
        };
      format = value as LintFormat;
    } else if (a === '--official-parser') officialParser = true;
    else if (a.startsWith('-') && a !== '-') return { problem: `unknown option '${a}'` };
    else files.push(a);
  }
  return files.length === 0 ? { problem: 'no file given' } : { format, officialParser, files };
}

function textLine(f: LintFinding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]\n`;
}
