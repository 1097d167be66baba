// The contract of a fast reader: one kind of command read straight from the document with native regexes (and
// JSON.parse where a payload is JSON), for the forms that have no finding. Whatever it is not sure of it leaves to the
// general reader (nextBlock + analyzeCommand), which it must equal wherever it answers (test/support/fastPath.ts).
import type { CommandAnalysis } from '../command';

export interface FastRead {
  /** The block's end, as nextBlock gives it (after its last non-blank character); the block has no unclosed literal. */
  readonly end: number;
  /** What analyzeCommand gives for the block's text (built with `result()`), with no diagnostics. */
  readonly analysis: CommandAnalysis;
}

/**
 * `start`: the block's first non-blank character; `at`: where its command starts, after its `//` comment lines (the
 * dispatcher's `commandAt`). Undefined when the block is not this reader's kind, has any finding, or is not a form it
 * knows for certain.
 */
export type FastReader = (text: string, start: number, at: number) => FastRead | undefined;
