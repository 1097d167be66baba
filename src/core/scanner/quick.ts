// The block most policy documents are made of — a plain `.alter[-merge] … policy managed_identity` with a clean
// ``` policy — recognised with one regex straight from the document. Anything else takes the general way,
// which gives the same block and analysis for what this recognises (a test holds them to that).
import { cleanPolicyPattern, hasRepeatedObjectId } from '../policy/cleanShape';
import type { Block } from './blocks';
import { result, type CommandAnalysis } from './command';

const BLANK = '[ \\t\\r\\v\\f\\u00a0\\ufeff]';
const LEAD = '(?://[^\\n]*\\n[ \\t]*)*';
const VERB = '\\.alter(?:-merge)?';
const NAME = `(?:([A-Za-z0-9_.\\-$]+)|\\[[ \\t]*'([^'\\\\\\n]*)'[ \\t]*\\]|\\[[ \\t]*"([^"\\\\\\n]*)"[ \\t]*\\])`;
const TAIL = '[ \\t]+policy[ \\t]+managed_identity[ \\t]*```';
// Head words on one line, comment lines right above: no blank line can hide in what this matches. Only tested,
// never exec'd: a match would build strings for all its (many) groups.
const CLUSTER = cleanPolicyPattern('cluster', 1);
// The database policy's groups come after the cluster policy's, so its backreferences count from there.
const DATABASE = cleanPolicyPattern('database', 1 + CLUSTER.groups);
const QUICK = new RegExp(
  `${LEAD}${VERB}[ \\t]+(?:cluster${TAIL}${CLUSTER.source}`
  + `|database[ \\t]+${NAME.replace(/\((?!\?)/g, '(?:')}${TAIL}${DATABASE.source})`
  + `\`\`\`(?=${BLANK}*(?:$|\\n${BLANK}*(?:\\n|$)))`, 'y');
// The head again, with its few groups: 1 comments above, 2 verb, 3-5 the database name (bare, '…' or "…").
const HEAD = new RegExp(`(${LEAD})(${VERB})[ \\t]+(?:cluster|database[ \\t]+${NAME})`, 'y');

/** The block starting at `start` (its first non-blank character) and its analysis, when it has the common form. */
export function quickBlock(text: string, start: number): { block: Block; analysis: CommandAnalysis } | undefined {
  QUICK.lastIndex = start;
  if (!QUICK.test(text)) return undefined;
  const end = QUICK.lastIndex;
  // The policy holds no backtick: the last ``` before the closing one opens it.
  const open = text.lastIndexOf('```', end - 4);
  const payload = text.slice(open + 3, end - 3);
  if (hasRepeatedObjectId(payload)) return undefined;
  HEAD.lastIndex = start;
  const m = HEAD.exec(text);
  if (m === null) return undefined;
  const database = m[3] ?? m[4] ?? m[5];
  const target = database === undefined ? { scope: 'cluster' as const } : { scope: 'database' as const, database };
  return {
    block: { start, end },
    analysis: result(m[2] === '.alter' ? 'alter-policy' : 'alter-merge-policy', m[1].length, target, 'managed_identity',
      { start: open - start, end: end - start, value: payload }),
  };
}
