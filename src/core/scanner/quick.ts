// The block most policy documents are made of — a plain `.alter[-merge] … policy managed_identity` with a clean
// ``` policy — recognised with one regex straight from the document. Anything else takes the general way,
// which gives the same block and analysis for what this recognises (a test holds them to that).
import { cleanPolicyPattern, hasRepeatedObjectId } from '../policy/cleanShape';
import type { Block } from './blocks';
import { result, type CommandAnalysis } from './command';

const BLANK = '[ \\t\\r\\v\\f\\u00a0\\ufeff]';
const NAME = `(?:(?<bare>[A-Za-z0-9_.\\-$]+)|\\[[ \\t]*'(?<single>[^'\\\\\\n]*)'[ \\t]*\\]|\\[[ \\t]*"(?<double>[^"\\\\\\n]*)"[ \\t]*\\])`;
const TAIL = '[ \\t]+policy[ \\t]+managed_identity[ \\t]*```';
// Head words on one line, comment lines right above: no blank line can hide in what this matches.
const QUICK = new RegExp(
  `(?<lead>(?://[^\\n]*\\n[ \\t]*)*)(?<verb>\\.alter(?:-merge)?)[ \\t]+`
  + `(?:cluster${TAIL}(?<clusterPolicy>${cleanPolicyPattern('cluster')})|database[ \\t]+${NAME}${TAIL}(?<databasePolicy>${cleanPolicyPattern('database')}))`
  + `\`\`\`(?=${BLANK}*(?:$|\\n${BLANK}*(?:\\n|$)))`, 'y');

/** The block starting at `start` (its first non-blank character) and its analysis, when it has the common form. */
export function quickBlock(text: string, start: number): { block: Block; analysis: CommandAnalysis } | undefined {
  QUICK.lastIndex = start;
  const m = QUICK.exec(text);
  if (m === null) return undefined;
  // Named groups: the policy patterns number groups of their own.
  const g = m.groups ?? {};
  const payload = g.clusterPolicy ?? g.databasePolicy;
  if (hasRepeatedObjectId(payload)) return undefined;
  const end = QUICK.lastIndex;
  const database = g.bare ?? g.single ?? g.double;
  const payloadStart = end - start - 6 - payload.length;
  const target = database === undefined ? { scope: 'cluster' as const } : { scope: 'database' as const, database };
  return {
    block: { start, end },
    analysis: result(g.verb === '.alter' ? 'alter-policy' : 'alter-merge-policy', g.lead.length, target, 'managed_identity',
      { start: payloadStart, end: end - start, value: payload }),
  };
}
