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
import { anyCase, GAP, GAP1, list } from './words';

// What ends a word as the tokenizer reads it (letters, digits, `_ . - $`).
const B = '(?![\\w.$-])';
// A plain word that is not one the rules look for (`with` opens the with-list they read, `partition by (` and
// `dataformat =` are checked wherever they stand).
const BARE = `(?!(?:${anyCase('with')}|${anyCase('partition')}|${anyCase('dataformat')})${B})[A-Za-z_][\\w.$-]*${B}`;
// ['name'] / ["name"]: no escapes, no line end, and none of `( ) , : = <`: the rules that count parentheses or look for
// `:` and `,` compare token texts, and a name's text is what stands inside its quotes.
const BRACKET = `\\[[ \\t]*(?:'[^'\\\\\\n\\r(),:=<]*'|"[^"\\\\\\n\\r(),:=<]*")[ \\t]*\\]`;
const NAME = `(?:${BARE}|${BRACKET})`;
// A word starting with a digit: a number, a timespan. Never read as a bare property value.
const NUMBER = `\\d[\\w.$-]*${B}`;
// A string on one line: verbatim (`@'…'`, `h@'…'`, no doubled quote) or quoted (`'…'`, `h"…"`, no escape), never
// followed by a quote (which would make it another literal, or one with a doubled quote).
const STRING = `(?:[hH]?@(?:'[^'\\n\\r]*'|"[^"\\n\\r]*")|[hH]?(?:'[^'\\\\\\n\\r]*'|"[^"\\\\\\n\\r]*"))(?!['"])`;

const COLUMN = `${NAME}${GAP}:${GAP}${BARE}`;
const PARTITION_EXPRESSION = `${BARE}(?:${GAP}${list(`(?:${NAME}|${NUMBER})`)})?`;
// A partition column's type is one the partition rule accepts.
const PARTITION = `${NAME}${GAP}:${GAP}(?:${anyCase('datetime')}|${anyCase('string')}|${anyCase('long')})${B}(?:${GAP}=${GAP}${PARTITION_EXPRESSION})?`;
const PATH_PART = `(?:${STRING}|${anyCase('datetime_pattern')}${GAP}\\(${GAP}${STRING}${GAP},${GAP}${NAME}${GAP}\\)|${NAME})`;
// A with-list value is quoted, a bool or a number (a bare word is one the parser rejects), never the string `,` (which
// the trailing-comma rule, comparing texts, takes for a comma). Strings elsewhere are never where the rules look for
// punctuation, and the with-list has no other strings.
const PROPERTY = `${BARE}${GAP}=${GAP}(?:(?![hH]?@?(?:','|","))${STRING}|(?:${anyCase('true')}|${anyCase('false')})${B}|${NUMBER})`;

// The command in three regexes, run one after the other: the head up to `kind=` (and `table=`), the rare `partition by`
// and `pathformat` clauses (compiled only when a command has them), then the data format, connection strings and
// with-list. Each part ends at the next clause's keyword, which no earlier part can take (BARE refuses them).
const HEAD = new RegExp(
  `\\.(?:${anyCase('create-or-alter')}|${anyCase('create')}|${anyCase('alter')})${GAP1}${anyCase('external')}${GAP1}${anyCase('table')}${GAP1}${NAME}${GAP}` +
    `(?:${list(COLUMN)}${GAP})?` +
    `${anyCase('kind')}${GAP}=${GAP}[A-Za-z]+${B}${GAP}` +
    `(?:${anyCase('table')}${GAP}=${GAP}${NAME}${GAP})?`,
  'y',
);
const PARTITIONS = new RegExp(`${anyCase('partition')}${GAP1}${anyCase('by')}${GAP}${list(PARTITION)}${GAP}`, 'y');
const PATH_FORMAT = new RegExp(`${anyCase('pathformat')}${GAP}=${GAP}\\((?:${GAP}${PATH_PART})+${GAP}\\)${GAP}`, 'y');
const TAIL = new RegExp(
  // The data format as written: the rule wants it in lower case, exactly.
  `(?:${anyCase('dataformat')}${GAP}=${GAP}([A-Za-z0-9]+)${B}${GAP})?` +
    list(STRING) +
    `(?:${GAP}${anyCase('with')}${GAP}${list(PROPERTY)})?`,
  'y',
);

/** Where the command ends and its data format as written, when its clauses have their clean forms; else undefined. */
function clauses(text: string, at: number): { stop: number; format: string | undefined } | undefined {
  HEAD.lastIndex = at;
  if (!HEAD.test(text)) return undefined;
  let p = HEAD.lastIndex;
  for (const clause of [PARTITIONS, PATH_FORMAT]) {
    const c = text.charCodeAt(p);
    if (c !== 112 && c !== 80) break; // `p` / `P`: neither clause is there
    clause.lastIndex = p;
    if (clause.test(text)) p = clause.lastIndex;
  }
  TAIL.lastIndex = p;
  const m = TAIL.exec(text);
  return m === null ? undefined : { stop: TAIL.lastIndex, format: m[1] };
}

// What a string needs for a placeholder or connection-string rule to report it (a `<…>` or `{…}`, `xxxx`, `****`, `...`,
// `EXAMPLE`, a credential named after itself, the scheme twice, `managed_identity=`, a SQL managed identity). A string
// holds its text as written (no escapes), so a command without any of it has no string to report; with some, the strings
// that hold it go through the rules themselves.
const MAY_BE_REPORTED =
  /[<{]|x{4}|\*{4}|\.\.\.|example|https?:\/\/https?:\/\/|managed_identity|Active Directory Managed Identity|(?:User ?Id|UID|Password|Pwd|AccountKey)\s*=/i;
// The storage form the docs show most: one https URI (no `..`, no character a placeholder rule looks for) ending in
// `;managed_identity=system` or `=<object id>`. None of the string rules reports it, so they are not run on it.
const CLEAN_IDENTITY_URI =
  /^(?!.*(?:example|xxxx))https:\/\/(?:[A-Za-z0-9\-/_]|\.(?!\.))+;managed_identity=(?:system|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
// A word the placeholder rule reads as a redacted id: refused wherever it stands.
const FOUR_X = /x{4}/i;
// Every literal of a matched command, in order: quotes stand nowhere else (but in ['names'], read as strings too, which
// can only make the reader refuse more).
const LITERAL = /'[^'\n]*'|"[^"\n]*"/g;

export function readExternalTable(text: string, start: number, at: number): FastRead | undefined {
  const read = clauses(text, at);
  if (read === undefined) return undefined;
  const stop = read.stop;
  if (!endsBlock(text, stop)) return undefined;
  if (read.format !== undefined && !DATA_FORMATS.includes(read.format)) return undefined;
  const command = text.slice(at, stop);
  const analysis = result('other-management', at - start);
  if (!MAY_BE_REPORTED.test(command)) return { end: stop, analysis };
  if (FOUR_X.test(command)) return undefined;
  const strings: Token[] = [];
  LITERAL.lastIndex = 0;
  for (let s = LITERAL.exec(command); s !== null; s = LITERAL.exec(command)) {
    const value = s[0].slice(1, -1);
    if (!MAY_BE_REPORTED.test(value) || CLEAN_IDENTITY_URI.test(value)) continue;
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
