// Queries and plain `.show` commands: nothing in them is checked, so only where they end and what they are is read.
import { isBlank } from '../blocks';
import { result } from '../command';
import { blockEnd, endsBlock } from './end';
import type { FastRead } from './types';

/** A query: any block whose command does not start with a dot. The linter checks nothing in it. */
export function readQuery(text: string, start: number, at: number): FastRead | undefined {
  const c = text.charCodeAt(at);
  // What the general reader skips before the first token (blanks, line ends, a comment not ended by a line end) is not
  // a query's first character: leave such blocks to it.
  if (at >= text.length || isBlank(c) || c === 10 || c === 46 || (c === 47 && text.charCodeAt(at + 1) === 47))
    return undefined;
  const end = blockEnd(text, at);
  return end === undefined ? undefined : { end, analysis: result('query', at - start) };
}

// `.show` and words or ['names'] only, on one line: no string, placeholder, with-list or query for a rule to read.
const WORD = '[A-Za-z0-9_.$-]+|\\[[ \\t]*\'[^\'\\\\\\n]*\'[ \\t]*\\]|\\[[ \\t]*"[^"\\\\\\n]*"[ \\t]*\\]';
const SHOW = new RegExp(`\\.show(?:[ \\t]+(?:${WORD}))*`, 'iy');
const PARTS = new RegExp(`${WORD}`, 'g');
// A word the placeholder rule reads as a redacted id (`xxxx`).
const FOUR_X = /x{4}/i;

/** `.show …` of words and bracketed names only; a policy name after `cluster|database X policy` makes it show-policy. */
export function readShow(text: string, start: number, at: number): FastRead | undefined {
  SHOW.lastIndex = at;
  if (!SHOW.test(text)) return undefined;
  const stop = SHOW.lastIndex;
  if (!endsBlock(text, stop)) return undefined;
  const command = text.slice(at, stop);
  if (FOUR_X.test(command)) return undefined;
  const words = command.match(PARTS) ?? [];
  const commandStart = at - start;
  // words[0] is `.show`; then `cluster` or `database NAME`, then `policy NAME`.
  const second = words[1]?.toLowerCase();
  const target =
    second === 'cluster'
      ? { scope: 'cluster' as const, next: 2 }
      : second === 'database' && words.length > 2
        ? { scope: 'database' as const, database: nameOf(words[2]), next: 3 }
        : undefined;
  if (target !== undefined && words[target.next]?.toLowerCase() === 'policy') {
    const { scope, database } = target;
    const name = words[target.next + 1];
    // The policy's name is a plain word; without one (or with a ['name']) the command is read as other management.
    const kind = name !== undefined && name[0] !== '[' ? 'show-policy' : 'other-management';
    return {
      end: stop,
      analysis: result(kind, commandStart, { scope, database }, kind === 'show-policy' ? name : undefined),
    };
  }
  return { end: stop, analysis: result('other-management', commandStart) };
}

/** A word as it is, or the name inside ['…'] / ["…"]. */
function nameOf(word: string): string {
  if (word[0] !== '[') return word;
  const q = word.search(/['"]/);
  return word.slice(q + 1, word.lastIndexOf(word[q]));
}
