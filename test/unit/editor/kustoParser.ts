// The official KQL parser (Kusto.Language via @kusto/language-service-next) as a test oracle: slow, tests only.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */

let loaded = false;

/** Syntax errors of `text`, plus one entry per skipped (junk) token run the parser tolerates silently. */
export function parseProblems(text: string): string[] {
  if (!loaded) {
    require('@kusto/language-service-next/bridge.min.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    loaded = true;
  }
  const g = globalThis as any;
  const code = g.Kusto.Language.KustoCode.Parse(text, g.Kusto.Language.GlobalState.Default);
  const problems: string[] = g.Bridge.toArray(code.GetSyntaxDiagnostics()).map((d: any) => `${d.Message} at ${d.Start}`);
  const skipped = g.Kusto.Language.Syntax.SyntaxKind.SkippedTokens;
  code.Syntax.WalkElements((e: any) => {
    if (e.Kind === skipped) problems.push(`skipped tokens at ${e.TextStart}: ${JSON.stringify(e.ToString())}`);
  });
  return problems;
}
