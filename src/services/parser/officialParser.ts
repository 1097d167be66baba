// The official Kusto parser (Kusto.Language, shipped as @kusto/language-service-next's Bridge.NET build), loaded from a
// folder and asked for syntax diagnostics only. It is slow (about 150 ms per management command) and 5 MB of script:
// it runs in a worker thread, never on the extension host's own thread, and only when the user turns it on.
import { join } from 'node:path';

/** One syntax problem the parser reports, offsets relative to the text it was given. */
export interface ParserFinding {
  readonly start: number;
  readonly length: number;
  readonly message: string;
}

interface KustoLanguage {
  KustoCode: { Parse(text: string, globals: unknown): { GetSyntaxDiagnostics(): unknown } };
  GlobalState: { Default: unknown };
}
interface Bridge {
  toArray<T>(list: unknown): T[];
}
interface ParserDiagnostic {
  readonly Message: string;
  readonly Start: number;
  readonly Length: number;
}

export const PARSER_FILES = ['bridge.min.js', 'Kusto.Language.Bridge.min.js'] as const;

export interface OfficialParser {
  /** Syntax diagnostics of each text, parsed on its own. */
  diagnose(text: string): ParserFinding[];
}

/** Loads the parser's two scripts from `dir` (they define the globals `Bridge` and `Kusto`). */
export function loadOfficialParser(dir: string): OfficialParser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  for (const file of PARSER_FILES) require(join(dir, file));
  const g = globalThis as unknown as { Kusto?: { Language: KustoLanguage }; Bridge?: Bridge };
  if (!g.Kusto?.Language?.KustoCode || !g.Bridge)
    throw new Error(`the Kusto parser in ${dir} did not load (no Kusto.Language global)`);
  const language = g.Kusto.Language;
  const bridge = g.Bridge;
  return {
    diagnose(text: string): ParserFinding[] {
      const code = language.KustoCode.Parse(text, language.GlobalState.Default);
      return bridge
        .toArray<ParserDiagnostic>(code.GetSyntaxDiagnostics())
        .map((d) => ({ start: d.Start, length: d.Length, message: d.Message }));
    },
  };
}
