// The block most policy documents are made of — a plain `.alter[-merge] … policy managed_identity` with a clean
// ``` policy — recognised straight from the document: a sticky regex for the head (with its few groups), then the
// policy validator's own clean-shape check on the text up to the closing ``` (the same regex objects, so V8 compiles
// them once per process), then a blank line after it. Anything else takes the general way, which gives the same block
// and analysis for what this recognises (a test holds them to that).
import { hasCleanShape } from '../policy/cleanShape';
import type { Block } from './blocks';
import { endsBlock } from './fast/end';
import { result, type CommandAnalysis } from './command';

const LEAD = '(?://[^\\n]*\\n[ \\t]*)*';
const VERB = '\\.alter(?:-merge)?';
const NAME = `(?:([A-Za-z0-9_.\\-$]+)|\\[[ \\t]*'([^'\\\\\\n]*)'[ \\t]*\\]|\\[[ \\t]*"([^"\\\\\\n]*)"[ \\t]*\\])`;
// Head words on one line, comment lines right above: no blank line can hide in what this matches.
// Groups: 1 comments above, 2 verb, 3-5 the database name (bare, '…' or "…"). It ends after the opening ```.
const HEAD = new RegExp(
  `(${LEAD})(${VERB})[ \\t]+(?:cluster|database[ \\t]+${NAME})[ \\t]+policy[ \\t]+managed_identity[ \\t]*\`\`\``,
  'y',
);

/** The block starting at `start` (its first non-blank character) and its analysis, when it has the common form. */
export function quickBlock(text: string, start: number): { block: Block; analysis: CommandAnalysis } | undefined {
  // Cheap refusals first: a block that is not an `.alter` (after its comment lines) never runs the regex.
  const c = text.charCodeAt(start);
  if (c !== 46 && c !== 47) return undefined;
  HEAD.lastIndex = start;
  const m = HEAD.exec(text);
  if (m === null) return undefined;
  const open = HEAD.lastIndex;
  // A clean policy holds no backtick: the first ``` closes it.
  const close = text.indexOf('```', open);
  if (close < 0 || !endsBlock(text, close + 3)) return undefined;
  const database = m[3] ?? m[4] ?? m[5];
  const payload = text.slice(open, close);
  if (!hasCleanShape(payload, database === undefined ? 'cluster' : 'database')) return undefined;
  const end = close + 3;
  const target = database === undefined ? { scope: 'cluster' as const } : { scope: 'database' as const, database };
  return {
    block: { start, end },
    analysis: result(
      m[2] === '.alter' ? 'alter-policy' : 'alter-merge-policy',
      m[1].length,
      target,
      'managed_identity',
      { start: open - 3 - start, end: end - start, value: payload },
    ),
  };
}
