/** Terminal tables for the janitor's commands: columns that fit a 120-character terminal. */

export const TABLE_WIDTH = 120;
const INDENT = '  ';
const GAP = '  ';
/** Below this the last column goes under the others instead of beside them. */
const MIN_LAST_COLUMN = 30;
const UNDER_INDENT = '      ';

/** Words into lines of at most `width`; a longer word (an ARN) keeps its own line whole, to be copied. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/**
 * Left-aligned columns, two spaces apart, indented by two; the last column (the explanation) wraps
 * within `width`, beside the others, or under them when they leave it less than 30 characters or
 * less than its longest word.
 */
export function table(rows: string[][], width = TABLE_WIDTH): string {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const lastStart = INDENT.length + widths.slice(0, -1).reduce((sum, w) => sum + w + GAP.length, 0);
  const longestWord = Math.max(0, ...rows.flatMap((r) => (r.at(-1) ?? '').split(' ').map((w) => w.length)));
  const beside = width - lastStart >= Math.max(MIN_LAST_COLUMN, longestWord);
  return rows
    .map((r) => {
      const head = r.slice(0, -1).map((cell, i) => cell.padEnd(widths[i] ?? 0));
      const last = r.at(-1) ?? '';
      if (beside) {
        const [first = '', ...more] = wrapWords(last, width - lastStart);
        return [`${INDENT}${[...head, first].join(GAP)}`, ...more.map((l) => `${' '.repeat(lastStart)}${l}`)].join('\n');
      }
      const under = wrapWords(last, width - UNDER_INDENT.length).map((l) => `${UNDER_INDENT}${l}`);
      return [`${INDENT}${head.join(GAP).trimEnd()}`, ...under].join('\n');
    })
    .join('\n');
}
