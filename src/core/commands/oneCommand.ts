// Generated text must stay ONE command for every tool that splits a script on blank lines (Kusto Explorer, lint, the
// editor): user text is normalised outside string literals and refused where a blank line would sit inside one.
import { KqlInputError } from '../kql/errors';
import { allBlocks } from '../scanner/blocks';

// The same blank-line characters the block splitter skips (scanner/blocks.ts isBlank).
const BLANK_LINE = /\n[ \t\r\v\f\u00a0\ufeff]*\n/;

/**
 * The user's query with blank lines outside string literals removed (a blank line there would end the command and
 * start another); a blank line inside a multi-line string literal cannot be removed without changing the value, so it
 * is refused.
 */
export function singleCommandQuery(query: string, field = 'query'): string {
  const blocks = allBlocks(query);
  for (const b of blocks) {
    // Inside a block the splitter only lets a blank line through within a string literal or ``` block.
    const m = BLANK_LINE.exec(query.slice(b.start, b.end));
    if (m) {
      const line = query.slice(0, b.start + m.index).split('\n').length + 1;
      throw new KqlInputError(
        `has a blank line inside a multi-line string (line ${line}); a blank line ends a command in Kusto Explorer, ` +
          'lint and the editor, so remove it or write the line break as \\n in a quoted string',
        field,
      );
    }
  }
  return blocks.map((b) => query.slice(b.start, b.end)).join('\n');
}

/** Throws unless the block splitter reads `text` as exactly one command. */
export function checkSingleCommand(text: string): string {
  const count = allBlocks(text).length;
  if (count !== 1) {
    throw new KqlInputError(
      `the generated text would be read as ${count} commands by tools that split on blank lines; refusing it`,
    );
  }
  return text;
}
