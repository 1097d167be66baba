// The block most policy documents are made of — a plain `.alter[-merge] cluster|database X policy managed_identity`
// with a clean ``` policy: a sticky regex for the head (with its few groups), then the policy validator's own
// clean-shape check on the text up to the closing ``` (the same regex objects, so V8 compiles them once per process),
// then a blank line after it. Anything else takes the general way, which gives the same analysis for what this reads.
import { hasCleanShape } from '../../policy/cleanShape';
import { result } from '../command';
import { endsBlock } from './end';
import type { FastRead } from './types';

const NAME = `(?:([A-Za-z0-9_.\\-$]+)|\\[[ \\t]*'([^'\\\\\\n]*)'[ \\t]*\\]|\\[[ \\t]*"([^"\\\\\\n]*)"[ \\t]*\\])`;
// Head words on one line. Groups: 1 verb, 2-4 the database name (bare, '…' or "…"). It ends after the opening ```.
const HEAD = new RegExp(
  `(\\.alter(?:-merge)?)[ \\t]+(?:cluster|database[ \\t]+${NAME})[ \\t]+policy[ \\t]+managed_identity[ \\t]*\`\`\``,
  'y',
);

/** `.alter[-merge] cluster|database X policy managed_identity ```…```` with a clean policy and nothing after it. */
export function readPolicy(text: string, start: number, at: number): FastRead | undefined {
  HEAD.lastIndex = at;
  const m = HEAD.exec(text);
  if (m === null) return undefined;
  const open = HEAD.lastIndex;
  // A clean policy holds no backtick: the first ``` closes it.
  const close = text.indexOf('```', open);
  if (close < 0 || !endsBlock(text, close + 3)) return undefined;
  const database = m[2] ?? m[3] ?? m[4];
  const payload = text.slice(open, close);
  if (!hasCleanShape(payload, database === undefined ? 'cluster' : 'database')) return undefined;
  const end = close + 3;
  const target = database === undefined ? { scope: 'cluster' as const } : { scope: 'database' as const, database };
  return {
    end,
    analysis: result(
      m[1] === '.alter' ? 'alter-policy' : 'alter-merge-policy',
      at - start,
      target,
      'managed_identity',
      { start: open - 3 - start, end: end - start, value: payload },
    ),
  };
}
