/**
 * The commands a markdown page shows, in page order: each line of a ```bash block (comments
 * dropped, `\` continuations joined) and each inline code span that starts with `npx ` or `npm `.
 * Each command once, where it first appears.
 */
export function readmeCommands(markdown: string): string[] {
  const found: string[] = [];
  let fence: string | undefined;
  let pending = '';
  for (const line of markdown.split('\n')) {
    const opening = /^\s*```(\w*)/.exec(line);
    if (opening) {
      fence = fence === undefined ? opening[1] : undefined;
      continue;
    }
    if (fence === 'bash') {
      const code = line.replace(/(^|\s)#.*$/, '').trim();
      if (code.endsWith('\\')) pending += `${code.slice(0, -1).trim()} `;
      else if (pending || code) {
        found.push(`${pending}${code}`.trim());
        pending = '';
      }
    } else if (fence === undefined) {
      for (const span of line.matchAll(/`((?:npx|npm) [^`]+)`/g)) found.push(span[1]!.trim());
    }
  }
  return [...new Set(found)];
}

/** The ```json block of a page that sets `key` (`"key": { … }`), parsed as the object `{ key: … }`. */
export function readmeJsonFragment(markdown: string, key: string): Record<string, unknown> {
  const blocks = [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const block = blocks.find((b) => b.trimStart().startsWith(`"${key}"`));
  if (block === undefined) throw new Error(`no json block setting "${key}"`);
  return JSON.parse(`{${block}}`);
}
