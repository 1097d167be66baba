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

// The verb and the word after it, lower case as far as dispatch goes.
const VERB = /\.([A-Za-z][A-Za-z-]*)[ \t\r\n]+([A-Za-z][A-Za-z-]*)/y;

/**
 * The reader of each management command, by its verb and the word after it (lower case); `*` stands for any word.
 * A verb with no reader here takes the general way.
 */
const READERS: Readonly<Record<string, FastReader>> = {
  'alter cluster': readPolicy,
  'alter database': readPolicy,
  'alter-merge cluster': readPolicy,
  'alter-merge database': readPolicy,
  'show *': readShow,
  'add *': readPrincipals,
  'drop *': readPrincipals,
  'create continuous-export': readExport,
  'create-or-alter continuous-export': readExport,
  'alter continuous-export': readExport,
  'create external': readExternalTable,
  'create-or-alter external': readExternalTable,
  'alter external': readExternalTable,
  'alter table': readUpdatePolicy,
};

// The same table by verb, then by the word after it: no string is built to look a reader up.
const BY_VERB = new Map<string, Map<string, FastReader>>();
for (const [key, reader] of Object.entries(READERS)) {
  const [verb, second] = key.split(' ');
  const seconds = BY_VERB.get(verb) ?? new Map<string, FastReader>();
  seconds.set(second, reader);
  BY_VERB.set(verb, seconds);
}

function readerFor(verb: string, second: string): FastReader | undefined {
  const seconds = BY_VERB.get(verb);
  return seconds === undefined ? undefined : (seconds.get(second) ?? seconds.get('*'));
}

/** The block starting at `start` (its first non-blank character) and its analysis, when a fast reader is sure of it. */
export function fastBlock(text: string, start: number): { block: Block; analysis: CommandAnalysis } | undefined {
  const at = commandAt(text, start);
  const c = text.charCodeAt(at);
  let read: FastRead | undefined;
  if (c === 46) {
    VERB.lastIndex = at;
    const m = VERB.exec(text);
    const reader = m === null ? undefined : readerFor(m[1].toLowerCase(), m[2].toLowerCase());
    read = reader?.(text, start, at);
  } else read = readQuery(text, start, at);
  return read === undefined ? undefined : { block: { start, end: read.end }, analysis: read.analysis };
}
