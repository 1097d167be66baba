// adx-identity lint: checks the management commands of .kql files exactly as the editor does.
import { join } from 'node:path';
import type { Diagnostic } from '../core/policy/types';
import { DocumentScanner } from '../core/scanner/document';
import { loadOfficialParser, type OfficialParser } from '../services/parser/officialParser';
import { lintAnnotations, lintJunit, lintSarif } from './formats/lint';
import { inGitHubActions } from './formats/github';
import type { CliIo } from './main';

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

/** Exit code: 0 clean (warnings and infos allowed), 1 some error found, 2 bad arguments or an unreadable file. */
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
      io.stderr(
        `adx-identity lint: the official Kusto parser could not be loaded: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      return 2;
    }
  }
  const findings: LintFinding[] = [];
  let unreadable = false;
  for (const file of parsed.files) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (err) {
      io.stderr(`adx-identity lint: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
      unreadable = true;
      continue;
    }
    // One scan gives both the rules' diagnostics and the commands the official parser reads.
    const scanner = new DocumentScanner(text);
    findings.push(
      ...locate(
        file,
        text,
        parser ? [...scanner.diagnostics(), ...parserDiagnostics(parser, scanner)] : scanner.diagnostics(),
      ),
    );
  }
  io.stdout(
    parsed.format === 'json'
      ? `${JSON.stringify(
          findings.map(({ fix: _fix, ...rest }) => rest),
          null,
          2,
        )}\n`
      : parsed.format === 'sarif'
        ? lintSarif(findings)
        : parsed.format === 'junit'
          ? lintJunit(findings, parsed.files)
          : findings.map(textLine).join(''),
  );
  // In a GitHub Actions job the text form also carries annotations; the other forms stay machine-readable.
  if (parsed.format === 'text' && inGitHubActions(io.env)) io.stdout(lintAnnotations(findings));
  if (unreadable) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** The official parser's syntax errors, each command of the text parsed on its own (code `KUSTO`). */
function parserDiagnostics(parser: OfficialParser, scanner: DocumentScanner): Diagnostic[] {
  const text = scanner.text;
  return scanner.commands().flatMap((c) =>
    parser.diagnose(text.slice(c.commandStart, c.end)).map((f): Diagnostic => ({
      offset: c.commandStart + f.start,
      length: Math.max(f.length, 1),
      severity: 'error',
      code: 'KUSTO',
      message: `${f.message} (official parser)`,
    })),
  );
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

/** Diagnostics in file order, with line and column numbers. */
export function locate(file: string, text: string, diagnostics: readonly Diagnostic[]): LintFinding[] {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  return [...diagnostics]
    .sort((a, b) => a.offset - b.offset)
    .map((d) => {
      const start = position(d.offset);
      const end = position(d.offset + d.length);
      return {
        file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        severity: d.severity,
        code: d.code,
        message: d.message,
        ...(d.fix ? { fix: fixAt(d.fix, position) } : {}),
      };
    });
}

function fixAt(
  fix: NonNullable<Diagnostic['fix']>,
  position: (offset: number) => { line: number; column: number },
): NonNullable<LintFinding['fix']> {
  const start = position(fix.offset);
  const end = position(fix.offset + fix.length);
  return { title: fix.title, ...start, endLine: end.line, endColumn: end.column, newText: fix.newText };
}

function textLine(f: LintFinding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.severity}: ${f.message} [${f.code}]\n`;
}
