// `.alter table T policy update <literal>`: the head read by one sticky regex, the policy text taken straight from its
// literal, and the policy judged by JSON.parse and a few checks of the parsed value (the update policy's own clean
// test). The general reader also runs the placeholder and connection-string rules over the policy's string; they are
// run here only when the string holds something they look for, and any finding sends the block the general way.
import { cleanByNativeParse } from '../../policy/updatePolicy';
import { result } from '../command';
import { nextToken } from '../lexer';
import { connectionStringDiagnostics, placeholderDiagnostics } from '../values';
import { endsBlock } from './end';
import type { FastRead } from './types';
import { GAP, GAP1 } from './words';

// The table: a word (`T`, `Db.T`), a ['name'] or ["name"], or a run of them (`['Sales EU'].T`), as the lexer reads them.
const WORD = '[A-Za-z0-9_.$-]+';
const NAME = `\\[[ \\t]*(?:'[^'\\\\\\n]*'|"[^"\\\\\\n]*")[ \\t]*\\]`;
const TABLE = `(?=[\\[A-Za-z0-9_.$-])(?:${WORD})?(?:${NAME}(?:${WORD})?)*`;
const HEAD = new RegExp(`\\.alter${GAP1}table${GAP1}${TABLE}${GAP1}policy${GAP1}update${GAP}`, 'iy');
// The policy as a quoted literal: '…' or "…" whose only escapes are \' and \", or @'…' / @"…" with no doubled quote.
const QUOTED = /'((?:[^'\\]|\\['"])*)'|"((?:[^"\\]|\\['"])*)"|@'([^']*)'(?!')|@"([^"]*)"(?!")/y;
const ESCAPED_QUOTE = /\\(['"])/g;
// A word the placeholder rule reads as a redacted id (`xxxx`) somewhere in the head.
const FOUR_X = /x{4}/i;
// What the placeholder and connection-string rules need in a string before they can find anything: `<name>`,
// `{name}`, `xxxx`, `****`, `?...`, and for connection strings a `;` or `://`.
const MAY_HOLD_FINDING = /<[A-Za-z]|\{[A-Za-z]|xxxx|\*\*\*\*|\?\.\.\.|;|:\/\//i;

/** `.alter table T policy update` with a clean policy in ```…```, '…', "…", @'…' or @"…" ending the block. */
export function readUpdatePolicy(text: string, start: number, at: number): FastRead | undefined {
  HEAD.lastIndex = at;
  if (!HEAD.test(text)) return undefined;
  const literalAt = HEAD.lastIndex;
  if (FOUR_X.test(text.slice(at, literalAt))) return undefined;
  let value: string;
  let end: number;
  if (text.startsWith('```', literalAt)) {
    const close = text.indexOf('```', literalAt + 3);
    if (close < 0) return undefined;
    // A blank line inside, then a `.word` line, makes nextBlock take the fence for a stray one; in a policy that
    // JSON.parse accepts (below), a blank line can only stand between JSON tokens, and none of them starts with a dot.
    value = text.slice(literalAt + 3, close);
    end = close + 3;
  } else {
    QUOTED.lastIndex = literalAt;
    const m = QUOTED.exec(text);
    if (m === null) return undefined;
    const quoted = m[1] ?? m[2];
    value = quoted === undefined ? (m[3] ?? m[4]) : quoted.replace(ESCAPED_QUOTE, '$1');
    end = QUOTED.lastIndex;
  }
  if (!endsBlock(text, end)) return undefined;
  if (MAY_HOLD_FINDING.test(value)) {
    // Rare: the rules themselves decide, over the literal as the lexer reads it.
    const token = nextToken(text, literalAt, end);
    if (token.literal === undefined || token.end !== end) return undefined;
    if (placeholderDiagnostics(text, [token]).length > 0 || connectionStringDiagnostics([token]).length > 0)
      return undefined;
  }
  if (!cleanByNativeParse(value)) return undefined;
  return { end, analysis: result('other-management', at - start) };
}
