// `.create | .create-or-alter | .alter external table T (…) kind=… … ( connection strings ) [with (…)]`: the storage,
// delta and sql forms of the docs, read by one sticky regex. The rules that read these commands look at three things:
// the clauses' shape (partition types, data format, with-list quoting and commas), which the regex only admits in
// their clean forms; the words (a redacted `xxxx`), refused outright; and the string literals, which go through the
// very rules the general reader runs on them (placeholders, connection strings), so no rule is written twice.
import { result } from '../command';
import type { Token } from '../lexer';
import type { Literal } from '../literals';
import { DATA_FORMATS } from '../properties';
import { connectionStringDiagnostics, placeholderDiagnostics } from '../values';
import { endsBlock } from './end';
import type { FastRead } from './types';

// Blanks with at most one line end among them: never a blank line (which would end the block) and no `//` comment.
// Kept plain on purpose: every copy is part of one regex, which V8 compiles on the first block it reads.
const WS = '[ \\t\\r]*(?:\\n[ \\t\\r]*)?';
const WS1 = '(?:[ \\t\\r]+(?:\\n[ \\t\\r]*)?|\\n[ \\t\\r]*)';
// What ends a word as the tokenizer reads it (letters, digits, `_ . - $`).
const B = '(?![\\w.$-])';
// A plain word that is not one the rules look for (`with` opens the with-list they read, `partition by (` and
// `dataformat =` are checked wherever they stand).
const BARE = `(?!(?:with|partition|dataformat)${B})[A-Za-z_][\\w.$-]*${B}`;
// ['name'] / ["name"]: no escapes, no line end, and none of `( ) , : = <`: the rules that count parentheses or look for
// `:` and `,` compare token texts, and a name's text is what stands inside its quotes.
const BRACKET = `\\[[ \\t]*(?:'[^'\\\\\\n\\r(),:=<]*'|"[^"\\\\\\n\\r(),:=<]*")[ \\t]*\\]`;
const NAME = `(?:${BARE}|${BRACKET})`;
// A word starting with a digit: a number, a timespan. Never read as a bare property value.
const NUMBER = `\\d[\\w.$-]*${B}`;
// A string on one line: verbatim (`@'…'`, `h@'…'`, no doubled quote) or quoted (`'…'`, `h"…"`, no escape), never
// followed by a quote (which would make it another literal, or one with a doubled quote).
const STRING = `(?:[hH]?@(?:'[^'\\n\\r]*'|"[^"\\n\\r]*")|[hH]?(?:'[^'\\\\\\n\\r]*'|"[^"\\\\\\n\\r]*"))(?!['"])`;
const list = (item: string) => `\\(${WS}${item}(?:${WS},${WS}${item})*${WS}\\)`;

const COLUMN = `${NAME}${WS}:${WS}${BARE}`;
const PARTITION_EXPRESSION = `${BARE}(?:${WS}${list(`(?:${NAME}|${NUMBER})`)})?`;
// A partition column's type is one the partition rule accepts.
const PARTITION = `${NAME}${WS}:${WS}(?:datetime|string|long)${B}(?:${WS}=${WS}${PARTITION_EXPRESSION})?`;
const PATH_PART = `(?:${STRING}|datetime_pattern${WS}\\(${WS}${STRING}${WS},${WS}${NAME}${WS}\\)|${NAME})`;
// A with-list value is quoted, a bool or a number (a bare word is one the parser rejects), never the string `,` (which
// the trailing-comma rule, comparing texts, takes for a comma). Strings elsewhere are never where the rules look for
// punctuation, and the with-list has no other strings.
const PROPERTY = `${BARE}${WS}=${WS}(?:(?![hH]?@?(?:','|","))${STRING}|(?:true|false)${B}|${NUMBER})`;

const COMMAND = new RegExp(
  `\\.(?:create-or-alter|create|alter)${WS1}external${WS1}table${WS1}${NAME}${WS}` +
    `(?:${list(COLUMN)}${WS})?` +
    `kind${WS}=${WS}[A-Za-z]+${B}${WS}` +
    `(?:table${WS}=${WS}${NAME}${WS})?` +
    `(?:partition${WS1}by${WS}${list(PARTITION)}${WS})?` +
    `(?:pathformat${WS}=${WS}\\(${WS}${PATH_PART}(?:${WS}${PATH_PART})*${WS}\\)${WS})?` +
    // The data format as written: the rule wants it in lower case, exactly.
    `(?:dataformat${WS}=${WS}([A-Za-z0-9]+)${B}${WS})?` +
    list(STRING) +
    `(?:${WS}with${WS}${list(PROPERTY)})?`,
  'iy',
);

// What a string needs for a placeholder or connection-string rule to report it (a `<…>` or `{…}`, `xxxx`, `****`, `...`,
// `EXAMPLE`, a credential named after itself, the scheme twice, `managed_identity=`, a SQL managed identity). A string
// holds its text as written (no escapes), so a command without any of it has no string to report; with some, the strings
// that hold it go through the rules themselves.
const MAY_BE_REPORTED =
  /[<{]|x{4}|\*{4}|\.\.\.|example|https?:\/\/https?:\/\/|managed_identity|Active Directory Managed Identity|(?:User ?Id|UID|Password|Pwd|AccountKey)\s*=/i;
// A word the placeholder rule reads as a redacted id: refused wherever it stands.
const FOUR_X = /x{4}/i;
// Every literal of a matched command, in order: quotes stand nowhere else (but in ['names'], read as strings too, which
// can only make the reader refuse more).
const LITERAL = /'[^'\n]*'|"[^"\n]*"/g;

export function readExternalTable(text: string, start: number, at: number): FastRead | undefined {
  COMMAND.lastIndex = at;
  const m = COMMAND.exec(text);
  if (m === null) return undefined;
  const stop = COMMAND.lastIndex;
  if (!endsBlock(text, stop)) return undefined;
  if (m[1] !== undefined && !DATA_FORMATS.includes(m[1])) return undefined;
  const command = text.slice(at, stop);
  const analysis = result('other-management', at - start);
  if (!MAY_BE_REPORTED.test(command)) return { end: stop, analysis };
  if (FOUR_X.test(command)) return undefined;
  const strings: Token[] = [];
  LITERAL.lastIndex = 0;
  for (let s = LITERAL.exec(command); s !== null; s = LITERAL.exec(command)) {
    const value = s[0].slice(1, -1);
    if (!MAY_BE_REPORTED.test(value)) continue;
    const quoteAt = at + s.index;
    const literal: Literal = {
      form: text.charCodeAt(quoteAt - 1) === 64 ? 'verbatim' : 'quoted',
      quote: s[0][0],
      start: quoteAt,
      end: quoteAt + s[0].length,
      value,
      contentStart: quoteAt + 1,
      map: undefined,
    };
    strings.push({ kind: 'string', start: quoteAt, end: literal.end, text: value, literal });
  }
  if (placeholderDiagnostics(text, strings).length > 0 || connectionStringDiagnostics(strings).length > 0)
    return undefined;
  return { end: stop, analysis };
}
