// `.add|.drop [async] <object> NAME role ('kind=id;tenant', …) ['notes']`: the principal commands, for the principals
// the principal rules (PRN…) accept as they are and with nothing the placeholder or connection-string rules read.
import { isGuid } from '../../guid';
import { result } from '../command';
import { ROLES } from '../principals';
import { endsBlock } from './end';
import type { FastRead } from './types';

// Between two tokens: spaces or tabs with at most one line end among them (so no blank line, which ends the block).
const SEP = '(?:[ \\t]+(?:\\r?\\n[ \\t]*)?|\\r?\\n[ \\t]*)';
const GAP = '[ \\t]*(?:\\r?\\n[ \\t]*)?';
// The object's name: a word, or ['…'] / ["…"] with no escape, line end or `<` `{` (which the rules read as a
// placeholder's start). Groups: the word, the name in '…', the name in "…".
const NAME = `(?:([A-Za-z0-9_.$-]+)|\\[[ \\t]*'([^'\\\\\\n<{]*)'[ \\t]*\\]|\\[[ \\t]*"([^"\\\\\\n<{]*)"[ \\t]*\\])`;
// Groups: 1 verb, 2 `async`, 3 `follower`, 4 `external`, 5 the other objects, 6-8 the name, 9 the role. Ends after
// the `(`.
const HEAD = new RegExp(
  `\\.(add|drop)${SEP}(?:(async)${SEP})?(?:(follower)${SEP}database|(external)${SEP}table|` +
    `(database|table|materialized-view|function))${SEP}${NAME}${SEP}([A-Za-z]+)${GAP}\\(`,
  'iy',
);
const HEX_GUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const DOMAIN = '[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+';
// One principal and the `,` or `)` after it. Groups: 1 quote, 2 kind, 3 id (a GUID, a name, or name@domain),
// 4 tenant (a GUID or a domain, as the rule accepts it; nothing to trim).
const PRINCIPAL = new RegExp(
  `${GAP}(['"])(aadapp|aaduser|aadgroup|msauser)=([A-Za-z0-9._%+-]+(?:@${DOMAIN})?)(?:;(${HEX_GUID}|${DOMAIN}))?\\1` +
    `${GAP}[,)]`,
  'iy',
);
// The notes: a plain string with nothing a placeholder or connection-string rule looks for.
const NOTES = new RegExp(`${GAP}(?:'[^'\\\\\\n;=<>{}*?]*'|"[^"\\\\\\n;=<>{}*?]*")`, 'y');
// What the placeholder rules read anywhere (a redacted `xxxx`, an elided `...`, an `EXAMPLE` key) and a URI's scheme.
const REFUSED = /x{4}|\.\.\.|example|:\/\//i;
// An id that starts like a GUID but is not one: the rule reports it as truncated.
const HEXISH = /^[0-9a-f]{4,}-/i;
const FIRST_LETTER = /^[A-Za-z]/;

/** A principal command of a database, follower database, table, external table, materialized view or function. */
export function readPrincipals(text: string, start: number, at: number): FastRead | undefined {
  HEAD.lastIndex = at;
  const m = HEAD.exec(text);
  if (m === null) return undefined;
  const object = (m[3] ?? m[4] ?? m[5]).toLowerCase();
  if (!ROLES[object].includes(m[9].toLowerCase())) return undefined;
  let p = HEAD.lastIndex;
  for (;;) {
    PRINCIPAL.lastIndex = p;
    const q = PRINCIPAL.exec(text);
    if (q === null || !accepted(q[2].toLowerCase(), q[3], q[4])) return undefined;
    p = PRINCIPAL.lastIndex;
    if (text.charCodeAt(p - 1) === 41) break; // `)`
  }
  NOTES.lastIndex = p;
  if (NOTES.test(text)) p = NOTES.lastIndex;
  if (!endsBlock(text, p) || REFUSED.test(text.slice(at, p))) return undefined;
  const commandStart = at - start;
  // Only `.add|.drop database NAME` (no `async`) has a target the head reads; the others are other management.
  if (m[2] !== undefined || object !== 'database')
    return { end: p, analysis: result('other-management', commandStart) };
  const kind = m[1].toLowerCase() === 'add' ? 'add-principal' : 'drop-principal';
  return { end: p, analysis: result(kind, commandStart, { scope: 'database', database: m[6] ?? m[7] ?? m[8] }) };
}

/** True for a principal the principal rule gives no finding for (a subset of those: what is not certain is refused). */
function accepted(kind: string, id: string, tenant: string | undefined): boolean {
  if (isGuid(id)) return true;
  if (HEXISH.test(id)) return false;
  // A user principal name or a group's address; an application is named by its id.
  if (id.includes('@')) return kind !== 'aadapp';
  // A display name, with its tenant: groups and applications only, and not the old `aadapp=system`.
  return (
    tenant !== undefined &&
    (kind === 'aadgroup' || (kind === 'aadapp' && id.toLowerCase() !== 'system')) &&
    FIRST_LETTER.test(id)
  );
}
