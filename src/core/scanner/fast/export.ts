// Continuous exports: `.create|.create-or-alter|.alter continuous-export Name [over (T1, …)] to table Ext
// [with (name=value, …)] <| query`. The rules read only the tokens before `<|` (placeholders, connection strings,
// trailing commas, export properties); this reader matches those tokens with one sticky regex that admits only names,
// the known properties with values the property rule accepts, and nothing a rule could report. The query after `<|` is
// not read by any rule: only where it ends matters (blockEnd).
import { result } from '../command';
import { blockEnd } from './end';
import type { FastRead } from './types';
import { anyCase, GAP, list } from './words';

// After a word: no further word character (the tokenizer's words are letters, digits and `_ . - $`).
const END_OF_WORD = '(?![A-Za-z0-9_.$-])';
// A name: a word with no redacted `xxxx` in it (the placeholder rule reads those), or ['…'] / ["…"] on one line.
const NAME =
  `(?:(?![A-Za-z0-9_.$-]*[xX]{4})[A-Za-z0-9_.$-]+${END_OF_WORD}` +
  `|\\[[ \\t]*(?:'[^'\\\\\\n]*'|"[^"\\\\\\n]*")[ \\t]*\\])`;
const KEYWORD = (w: string) => `${anyCase(w)}${END_OF_WORD}`;
/**
 * A value quoted with ' or ", its text one of `inside` (no escapes, so the decoded value is the text). `inside` is
 * written once, the closing quote matched to the opening one by the group `name` (unique in the regex).
 */
const QUOTED = (inside: string, name: string) => `(?<${name}>['"])(?:${inside})\\k<${name}>`;

// What the property rule accepts for each type, as written here (quotes with no escapes; words whole).
// The units: d, day(s), h, hour(s), hr(s), m, microsecond(s), minute(s), min, ms, s, second(s), sec, tick(s), written
// with their shared beginnings once.
const UNIT = 'd(?:ays?)?|h(?:ours?|rs?)?|m(?:icroseconds?|inutes?|in|s)?|s(?:econds?|ec)?|ticks?';
const TIMESPAN_TEXT = `\\d+(?:\\.\\d+)?(?:${anyCase(UNIT)})`;
const TIMESPAN =
  `(?:${TIMESPAN_TEXT}${END_OF_WORD}|${QUOTED(TIMESPAN_TEXT, 'q1')}` +
  `|(?:${anyCase('timespan')}|${anyCase('time')})${GAP}\\([ \\t]*\\d[0-9:.]*(?:${anyCase(UNIT)})?[ \\t]*\\))`;
const LONG = `\\d+${END_OF_WORD}`;
const BOOL = `(?:${anyCase('true')}|${anyCase('false')})${END_OF_WORD}`;
const HEX = (n: number) => `[0-9a-fA-F]{${n}}`;
const IDENTITY = QUOTED(`system|${HEX(8)}-${HEX(4)}-${HEX(4)}-${HEX(4)}-${HEX(12)}`, 'q2');
// Property names compare without regard to case; `distributionKind` before `distribution`, which is its beginning.
const PROPERTY =
  '(?:' +
  [
    `(?:${anyCase('intervalBetweenRuns')}|${anyCase('forcedLatency')})${GAP}=${GAP}${TIMESPAN}`,
    `(?:${anyCase('sizeLimit')}|${anyCase('parquetRowGroupSize')})${GAP}=${GAP}${LONG}`,
    `(?:${anyCase('distributed')}|${anyCase('isDisabled')})${GAP}=${GAP}${BOOL}`,
    `${anyCase('distributionKind')}${GAP}=${GAP}${QUOTED('uniform|default', 'q3')}`,
    `${anyCase('distribution')}${GAP}=${GAP}${QUOTED('single|per_node|per_shard', 'q4')}`,
    `${anyCase('managedIdentity')}${GAP}=${GAP}${IDENTITY}`,
  ].join('|') +
  ')';
const HEAD = new RegExp(
  `\\.(?:${anyCase('create-or-alter')}|${anyCase('create')}|${anyCase('alter')})${END_OF_WORD}${GAP}` +
    `${KEYWORD('continuous-export')}${GAP}${NAME}${GAP}` +
    `(?:${KEYWORD('over')}${GAP}${list(NAME)}${GAP})?` +
    `${KEYWORD('to')}${GAP}${KEYWORD('table')}${GAP}${NAME}${GAP}` +
    `(?:${KEYWORD('with')}${GAP}${list(PROPERTY)}${GAP})?` +
    '<\\|',
  'y',
);

/** A continuous export whose head has no finding; the block ends where its query does. */
export function readExport(text: string, start: number, at: number): FastRead | undefined {
  HEAD.lastIndex = at;
  if (!HEAD.test(text)) return undefined;
  const end = blockEnd(text, HEAD.lastIndex);
  return end === undefined ? undefined : { end, analysis: result('create-continuous-export', at - start) };
}
