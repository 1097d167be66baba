// The official parser's syntax findings for one command, as diagnostics: what `lint --official-parser` and the
// editor's opt-in parser show. A documented command newer than the bundled parser gets one info, not syntax errors.
import { diagnostic } from '../policy/make';
import type { Diagnostic } from '../policy/types';

/** What the parser reports, offsets relative to the command text it was given. */
export interface ParserFindingLike {
  readonly start: number;
  readonly length: number;
  readonly message: string;
}

/** Documented commands the bundled Kusto.Language (12.x) does not parse yet. */
export const NEWER_THAN_BUNDLED_PARSER: readonly string[] = ['.ingest-from-storage-queued'];

/** `commandOffset`: where the command text starts in the document. */
export function parserDiagnostics(
  commandText: string,
  commandOffset: number,
  findings: readonly ParserFindingLike[],
): Diagnostic[] {
  if (findings.length === 0) return [];
  const verb = /^\s*(\.[A-Za-z][\w-]*)/.exec(commandText)?.[1];
  if (verb !== undefined && NEWER_THAN_BUNDLED_PARSER.includes(verb.toLowerCase())) {
    const at = commandText.indexOf(verb);
    return [
      diagnostic(
        'KUSTO001',
        commandOffset + at,
        verb.length,
        `${verb} is not known to the bundled parser (the command is newer than it): its syntax is not checked here.`,
      ),
    ];
  }
  return findings.map((f) => ({
    offset: commandOffset + f.start,
    length: Math.max(f.length, 1),
    severity: 'error',
    code: 'KUSTO',
    message: `${f.message} (official parser)`,
  }));
}
