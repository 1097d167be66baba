// The fast way through a block: its comment lines, its verb, then the reader of that kind of command. A reader answers
// only for forms it knows to have no finding, exactly as the general reader would read them; everything else (and every
// block when cluster facts are known) takes the general way.
import type { Block } from '../blocks';
import type { CommandAnalysis } from '../command';
import type { FastRead, FastReader } from './types';
import { readExport } from './export';
import { readPolicy } from './policy';
import { readPrincipals } from './principals';
import { readExternalTable } from './externalTable';
import { readQuery, readShow } from './simple';
import { readUpdatePolicy } from './updatePolicy';

// `//` comment lines right above the command, each followed by spaces or tabs only: no blank line can hide in it.
const COMMENT_LINES = /(?:\/\/[^\n]*\n[ \t]*)*/y;

/** Where the command of the block starting at `start` begins, after its comment lines. */
export function commandAt(text: string, start: number): number {
  if (text.charCodeAt(start) !== 47) return start; // no `/`: no comment line
  COMMENT_LINES.lastIndex = start;
  COMMENT_LINES.test(text);
  return COMMENT_LINES.lastIndex;
}

// The readers worth trying for a management command, by its verb's first letters. Each reader reads its verb and the
// words after it itself, so one that is not for this command refuses at its first words: `.alter` tries the policy
// readers first, as policies are the commonest `.alter` by far.
const ALTER: readonly FastReader[] = [readPolicy, readUpdatePolicy, readExport, readExternalTable];
const CREATE: readonly FastReader[] = [readExport, readExternalTable];
const PRINCIPALS: readonly FastReader[] = [readPrincipals];
const SHOW: readonly FastReader[] = [readShow];

/** By the letters after the dot, in either case (`| 32` lowers an ASCII capital and leaves no other code a letter). */
function readersFor(text: string, at: number): readonly FastReader[] | undefined {
  switch (text.charCodeAt(at + 1) | 32) {
    case 97: // .a: .add, or .alter / .alter-merge
      return (text.charCodeAt(at + 2) | 32) === 100 ? PRINCIPALS : ALTER;
    case 99: // .c: .create / .create-or-alter
      return CREATE;
    case 100: // .d: .drop
      return PRINCIPALS;
    case 115: // .s: .show
      return SHOW;
    default:
      return undefined;
  }
}

function readManagement(text: string, start: number, at: number): FastRead | undefined {
  const readers = readersFor(text, at);
  if (readers === undefined) return undefined;
  for (const read of readers) {
    const found = read(text, start, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The block starting at `start` (its first non-blank character) and its analysis, when a fast reader is sure of it. */
export function fastBlock(text: string, start: number): { block: Block; analysis: CommandAnalysis } | undefined {
  const at = commandAt(text, start);
  const c = text.charCodeAt(at);
  const read = c === 46 ? readManagement(text, start, at) : readQuery(text, start, at);
  return read === undefined ? undefined : { block: { start, end: read.end }, analysis: read.analysis };
}
