// The block most policy documents are made of — a plain `.alter[-merge] … policy managed_identity` with a clean
// ``` policy — recognised with one regex straight from the document. Anything else takes the general way,
// which gives the same block and analysis for what this recognises (a test holds them to that).
import { cleanPolicyPattern, hasRepeatedObjectId } from '../policy/cleanShape';
import type { Block } from './blocks';
import { result, type CommandAnalysis } from './command';

const BLANK = '[ \\t\\r\\v\\f\\u00a0\\ufeff]';
const TAIL = '[ \\t]+policy[ \\t]+managed_identity[ \\t]*```';
// Numbered groups: 1 comments above, 2 verb, 3 cluster policy (its own groups follow), then the database name
// (bare, '…' or "…") and 4 + the database policy.
const CLUSTER = cleanPolicyPattern('cluster', 4);
const AT = 4 + CLUSTER.groups;
const NAME = `(?:([A-Za-z0-9_.\\-$]+)|\\[[ \\t]*'([^'\\\\\\n]*)'[ \\t]*\\]|\\[[ \\t]*"([^"\\\\\\n]*)"[ \\t]*\\])`;
const DATABASE = cleanPolicyPattern('database', AT + 4);
// Head words on one line, comment lines right above: no blank line can hide in what this matches.
const QUICK = new RegExp(
  `((?://[^\\n]*\\n[ \\t]*)*)(\\.alter(?:-merge)?)[ \\t]+`
  + `(?:cluster${TAIL}(${CLUSTER.source})|database[ \\t]+${NAME}${TAIL}(${DATABASE.source}))`
  + `\`\`\`(?=${BLANK}*(?:$|\\n${BLANK}*(?:\\n|$)))`, 'y');

/** The block starting at `start` (its first non-blank character) and its analysis, when it has the common form. */
export function quickBlock(text: string, start: number): { block: Block; analysis: CommandAnalysis } | undefined {
  QUICK.lastIndex = start;
  const m = QUICK.exec(text);
  if (m === null) return undefined;
  const payload = m[3] ?? m[AT + 3];
  if (hasRepeatedObjectId(payload)) return undefined;
  const end = QUICK.lastIndex;
  const database = m[AT] ?? m[AT + 1] ?? m[AT + 2];
  const payloadStart = end - start - 6 - payload.length;
  const target = database === undefined ? { scope: 'cluster' as const } : { scope: 'database' as const, database };
  return {
    block: { start, end },
    analysis: result(m[2] === '.alter' ? 'alter-policy' : 'alter-merge-policy', m[1].length, target, 'managed_identity',
      { start: payloadStart, end: end - start, value: payload }),
  };
}
