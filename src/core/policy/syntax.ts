// JSON syntax errors, comments and trailing commas, located with jsonc-parser.
import { createScanner, printParseErrorCode, SyntaxKind, type ParseError } from 'jsonc-parser';
import { diagnostic, replace } from './make';
import type { Diagnostic } from './types';

const MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character: this is not JSON.',
  InvalidNumberFormat: 'This number is not valid JSON.',
  PropertyNameExpected: 'A field name in double quotes is expected here.',
  ValueExpected: 'A value is expected here.',
  ColonExpected: 'A colon (:) is expected after the field name.',
  CommaExpected: 'A comma is expected between items.',
  CloseBraceExpected: 'The object is not closed: a } is expected.',
  CloseBracketExpected: 'The array is not closed: a ] is expected.',
  EndOfFileExpected: 'Unexpected text after the end of the policy array.',
  InvalidCommentToken: 'This comment is not valid.',
  UnexpectedEndOfComment: 'The comment is not closed: */ is expected.',
  UnexpectedEndOfString: 'The string is not closed: a " is expected.',
  UnexpectedEndOfNumber: 'The number ends unexpectedly.',
  InvalidUnicode: 'Invalid \\u escape: four hexadecimal digits are expected.',
  InvalidEscapeCharacter: 'Invalid escape in a JSON string.',
  InvalidCharacter: 'Invalid character in a JSON string (control characters must be escaped).',
};

const MAX_SYNTAX_ERRORS = 10;

/** Deeper than any policy (an array of objects is 2 levels): the located reader recurses, so it is not asked. */
export const MAX_DEPTH = 64;

/** Where the nesting of `[`/`{` (outside strings) first goes past `limit`, or -1. */
export function tooDeepAt(text: string, limit = MAX_DEPTH): number {
  // Going past `limit` takes more than `limit` opening brackets: a policy has a handful, counted without a loop over
  // every character (which runs in V8's interpreter during a short `lint`).
  if (openingBrackets(text, limit + 1) <= limit) return -1;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // skip a string, escapes included
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) depth--;
  }
  return -1;
}

/** How many `[` and `{` the text holds (strings included), counting no further than `atMost`. */
function openingBrackets(text: string, atMost: number): number {
  let n = 0;
  for (const bracket of ['[', '{'])
    for (let i = text.indexOf(bracket); i >= 0 && n < atMost; i = text.indexOf(bracket, i + 1)) n++;
  return n;
}

/** JSON starts with one of these; anything else is not JSON at all, whatever the parser's recovery then reports. */
const JSON_START = /^(?:[[{"\-0-9]|(?:true|false|null)\b)/;

export function syntaxDiagnostics(text: string, errors: readonly ParseError[]): Diagnostic[] {
  const first = text.search(/\S/);
  // One root cause, one problem: a payload that is not JSON gets one diagnostic, not one per word the parser skips.
  if (errors.length && first >= 0 && !JSON_START.test(text.slice(first, first + 6))) {
    const end = text.trimEnd().length;
    return [
      diagnostic(
        'MIP001',
        first,
        end - first,
        'This is not JSON: a managed identity policy is a JSON array, e.g. [{"ObjectId": "system", "AllowedUsages": "AutomatedFlows"}].',
      ),
    ];
  }
  const out: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    if (seen.has(e.offset) || out.length >= MAX_SYNTAX_ERRORS) continue;
    seen.add(e.offset);
    const offset = Math.min(e.offset, text.length);
    // An error at a character gets at least that character, so an editor has something to underline.
    const length = Math.min(Math.max(e.length, offset < text.length ? 1 : 0), text.length - offset);
    const name = printParseErrorCode(e.error);
    out.push(diagnostic('MIP001', offset, length, MESSAGES[name] ?? `JSON syntax error (${name}).`));
  }
  return out;
}

/** Comments and trailing commas: accepted by the editor's JSON reader, maybe not by the service's. */
export function triviaDiagnostics(text: string): Diagnostic[] {
  // A comment needs a slash, a trailing comma a comma before a closing bracket with at most blanks (\s covers every
  // blank the JSON scanner skips) or a comment between: without either, there is nothing to scan for.
  if (!text.includes('/') && !TRAILING_COMMA.test(text)) return [];
  return scannedTrivia(text);
}

const TRAILING_COMMA = /,\s*[}\]]/;

/** The JSON scanner's reading of comments and trailing commas (exported for the test that holds both ways equal). */
export function scannedTrivia(text: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const scanner = createScanner(text, false);
  let lastComma = -1;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    switch (token) {
      case SyntaxKind.LineCommentTrivia:
      case SyntaxKind.BlockCommentTrivia:
        out.push(
          diagnostic(
            'MIP105',
            scanner.getTokenOffset(),
            scanner.getTokenLength(),
            'Comments are not part of JSON: the service may refuse this policy. Remove the comment.',
          ),
        );
        break;
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        break;
      case SyntaxKind.CommaToken:
        lastComma = scanner.getTokenOffset();
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        if (lastComma >= 0) {
          out.push(
            diagnostic(
              'MIP106',
              lastComma,
              1,
              'Trailing comma: the service may refuse this policy.',
              replace('Remove the trailing comma', lastComma, 1, ''),
            ),
          );
        }
        lastComma = -1;
        break;
      default:
        lastComma = -1;
    }
  }
  return out;
}
