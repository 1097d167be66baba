// The official KQL parser (@kusto/language-service-next) as a test oracle: diagnostics, skipped tokens, and the names
// and string values it reads back, so generated text can be checked to round-trip.
import { createRequire } from 'node:module';

interface SyntaxElement {
  readonly Kind: number;
  readonly IsToken: boolean;
  readonly ChildCount: number;
  readonly Text?: string | null;
  readonly SimpleName?: string | null;
  readonly LiteralValue?: unknown;
  readonly CommandKind?: string | null;
  GetChild(index: number): SyntaxElement | null;
}
interface Diagnostic {
  readonly Message: string;
  readonly Start: number;
  readonly Length: number;
}
interface KustoCode {
  readonly Syntax: SyntaxElement;
  GetSyntaxDiagnostics(): unknown;
}
interface KustoGlobal {
  Language: {
    KustoCode: { Parse(text: string, globals: unknown): KustoCode };
    GlobalState: { Default: unknown };
    Syntax: {
      SyntaxKind: Record<string, number>;
      SyntaxFacts: { GetText(kind: number): string | null; Keywords: unknown };
    };
  };
}
interface BridgeGlobal {
  toArray<T>(list: unknown): T[];
}

export interface JudgeResult {
  /** Syntax diagnostics, as `message @start`. */
  readonly diagnostics: readonly string[];
  /** Tokens the parser skipped (trailing junk it does not report as a diagnostic). */
  readonly skipped: readonly string[];
  /** Every name (bare or bracketed) in document order, as the parser reads it. */
  readonly names: readonly string[];
  /** Every string literal's value in document order, excluding those that spell a bracketed name. */
  readonly strings: readonly string[];
  /** The parser's command kind for each recognised management command (e.g. `AlterDatabasePolicyManagedIdentity`). */
  readonly commands: readonly string[];
  /** True when some text starting with a dot is not a command the parser knows (UnknownCommand / PartialCommand). */
  readonly unknownCommand: boolean;
}

let loaded: { kusto: KustoGlobal; bridge: BridgeGlobal; kinds: Record<string, number> } | undefined;

function load(): NonNullable<typeof loaded> {
  if (!loaded) {
    const req = createRequire(__filename);
    req('@kusto/language-service-next/bridge.min.js');
    req('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    const g = globalThis as unknown as { Kusto: KustoGlobal; Bridge: BridgeGlobal };
    loaded = { kusto: g.Kusto, bridge: g.Bridge, kinds: g.Kusto.Language.Syntax.SyntaxKind };
  }
  return loaded;
}

/** Parses `text` with the official parser and reports what it found. */
export function judge(text: string): JudgeResult {
  const { kusto, bridge, kinds } = load();
  const code = kusto.Language.KustoCode.Parse(text, kusto.Language.GlobalState.Default);
  const diagnostics = bridge.toArray<Diagnostic>(code.GetSyntaxDiagnostics()).map((d) => `${d.Message} @${d.Start}`);
  const skipped: string[] = [];
  const names: string[] = [];
  const strings: string[] = [];
  const commands: string[] = [];
  let unknownCommand = false;
  const walk = (e: SyntaxElement | null, inSkipped: boolean, inBracketedName: boolean): void => {
    if (!e) return;
    const skippedHere = inSkipped || e.Kind === kinds.SkippedTokens;
    if (e.IsToken) {
      if (skippedHere) skipped.push(e.Text ?? '');
      return;
    }
    if (e.Kind === kinds.CustomCommand) commands.push(e.CommandKind ?? '');
    if (e.Kind === kinds.UnknownCommand || e.Kind === kinds.PartialCommand || e.Kind === kinds.BadCommand)
      unknownCommand = true;
    if (e.Kind === kinds.TokenName || e.Kind === kinds.BracketedName) names.push(e.SimpleName ?? '');
    if (e.Kind === kinds.StringLiteralExpression && !inBracketedName) strings.push(String(e.LiteralValue));
    for (let i = 0; i < e.ChildCount; i++)
      walk(e.GetChild(i), skippedHere, inBracketedName || e.Kind === kinds.BracketedName);
  };
  walk(code.Syntax, false, false);
  return { diagnostics, skipped, names, strings, commands, unknownCommand };
}

/** True when the parser accepts the text whole: a known command, no diagnostics and nothing skipped. */
export function isAccepted(result: JudgeResult): boolean {
  return result.diagnostics.length === 0 && result.skipped.length === 0 && !result.unknownCommand;
}

/** A one-line reason for a failed check. */
export function describeJudgement(text: string, result: JudgeResult): string {
  return (
    `${JSON.stringify(text)}\n  diagnostics: ${JSON.stringify(result.diagnostics)}\n  skipped: ${JSON.stringify(result.skipped)}` +
    `${result.unknownCommand ? '\n  not a known command' : ''}`
  );
}

/** The names the parser reads in `text`. */
export function readNames(text: string): readonly string[] {
  return judge(text).names;
}

/** The string literal values the parser reads in `text`. */
export function readStrings(text: string): readonly string[] {
  return judge(text).strings;
}

/** Identifier-shaped keywords the parser knows (lower-cased), to check our own keyword list against. */
export function parserKeywords(): string[] {
  const { kusto, bridge, kinds } = load();
  const facts = kusto.Language.Syntax.SyntaxFacts;
  const words = new Set<string>();
  for (const [name, kind] of Object.entries(kinds)) {
    if (typeof kind !== 'number' || !name.endsWith('Keyword')) continue;
    const text = facts.GetText(kind);
    if (text && /^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) words.add(text.toLowerCase());
  }
  for (const word of bridge.toArray<string>(facts.Keywords)) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) words.add(word.toLowerCase());
  }
  return [...words].sort();
}
