import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One-way layers in `lambda/`, read from the import statements themselves (a regex, not the
 * compiler: quick, and enough for this code base's one-import-per-statement style):
 * - no import cycle among lambda modules (type-only imports count: a cycle of types is still a
 *   circle a reader has to walk), nor between two folders (slack/ → keep/ and keep/ → slack/);
 * - the pure core (`lambda/core/`) and the small utilities (`lambda/util/`) import nothing of
 *   the project outside themselves, except the allow-list below;
 * - `lambda/` never imports `lib/`, `test/` (or anything else of the repository outside `lambda/`).
 */

const ROOT = resolve(__dirname, '../..');
const LAMBDA = join(ROOT, 'lambda');

/** Layers that must not reach outside themselves. */
const LEAF_LAYERS = ['lambda/core/', 'lambda/util/'];

/**
 * Imports from a leaf layer to elsewhere that are accepted, each with why. Only type-only
 * imports may be listed: they vanish at runtime and load nothing.
 */
const LEAF_ALLOW_LIST: readonly { from: string; to: string; why: string }[] = [
  // decide() takes the configuration's shape; the schema (zod, parsing) is not loaded at runtime.
  { from: 'lambda/core/decide.ts', to: 'lambda/config/schema.ts', why: 'JanitorConfig type' },
];

interface Edge {
  readonly from: string;
  /** Repository-relative path of the imported module, or the bare specifier of a package. */
  readonly to: string;
  readonly specifier: string;
  readonly typeOnly: boolean;
  readonly line: number;
}

const STATIC_IMPORT = /^[ \t]*(import|export)\s+(type\s+)?([\w\s{},*$]*?)\s*from\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const CALL_IMPORT = /\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function repoPath(absolute: string): string {
  return relative(ROOT, absolute).split(sep).join('/');
}

/** `./x` → `x.ts` or `x/index.ts`; undefined when neither exists. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function lineOf(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

/** Every import of one file, in order of appearance. */
function importsOf(source: string): { specifier: string; typeOnly: boolean; line: number }[] {
  const found: { specifier: string; typeOnly: boolean; line: number; index: number }[] = [];
  for (const m of source.matchAll(STATIC_IMPORT)) {
    const clause = m[3] ?? '';
    // `import type {…}`, or `import { type A, type B }` where every name is a type.
    const names = clause
      .replace(/[{}]/g, ' ')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    const typeOnly = Boolean(m[2]) || (names.length > 0 && names.every((n) => n.startsWith('type ')));
    found.push({ specifier: m[4]!, typeOnly, line: lineOf(source, m.index!), index: m.index! });
  }
  for (const m of [...source.matchAll(SIDE_EFFECT_IMPORT), ...source.matchAll(CALL_IMPORT)]) {
    found.push({ specifier: m[1]!, typeOnly: false, line: lineOf(source, m.index!), index: m.index! });
  }
  return found.sort((a, b) => a.index - b.index).map(({ specifier, typeOnly, line }) => ({ specifier, typeOnly, line }));
}

function importGraph(): { files: string[]; edges: Edge[]; unresolved: string[] } {
  const files = tsFiles(LAMBDA);
  const edges: Edge[] = [];
  const unresolved: string[] = [];
  for (const file of files) {
    const from = repoPath(file);
    for (const { specifier, typeOnly, line } of importsOf(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        edges.push({ from, to: specifier, specifier, typeOnly, line });
        continue;
      }
      const target = resolveRelative(file, specifier);
      if (!target) unresolved.push(`${from}:${line} '${specifier}'`);
      else edges.push({ from, to: repoPath(target), specifier, typeOnly, line });
    }
  }
  return { files: files.map(repoPath), edges, unresolved };
}

/**
 * The import cycles: one per strongly connected component (Tarjan), each shown as a path that
 * starts and ends at the same module. Modules with a self-import are a cycle of one.
 */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (graph.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);

  // One concrete circle through each component: breadth-first from its first module back to it.
  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const node = queue.shift()!;
      for (const next of graph.get(node) ?? []) {
        if (!members.has(next)) continue;
        if (next === start) {
          const path = [start];
          for (let at = node; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
          return [...path, start];
        }
        if (!previous.has(next)) {
          previous.set(next, node);
          queue.push(next);
        }
      }
    }
    return [start, start];
  });
}

const { files, edges, unresolved } = importGraph();
const internal = edges.filter((e) => e.to.startsWith('lambda/'));

describe('architecture: one-way imports in lambda/', () => {
  it('reads the imports it checks (the scanner has not gone blind)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(unresolved).toEqual([]);
    const has = (from: string, to: string) => internal.some((e) => e.from === from && e.to === to);
    expect(has('lambda/slack/slack-notifier.ts', 'lambda/slack/messages.ts')).toBe(true); // single line
    expect(has('lambda/slack/slack-notifier.ts', 'lambda/slack/slack-client.ts')).toBe(true);
    expect(has('lambda/keep/ledger.ts', 'lambda/core/report.ts')).toBe(true); // `import type`
    expect(has('lambda/fanout/targets.ts', 'lambda/core/run-results.ts')).toBe(true);
    expect(edges.some((e) => e.from === 'lambda/fanout/targets.ts' && e.to === '@aws-sdk/client-organizations')).toBe(true); // multi-line
    expect(internal.some((e) => e.to === 'lambda/config/index.ts')).toBe(true); // a directory import
  });

  it('the cycle finder finds cycles (and only cycles)', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(findCycles(graph)).toEqual(
      expect.arrayContaining([
        ['a', 'b', 'c', 'a'],
        ['e', 'e'],
      ]),
    );
    expect(findCycles(graph)).toHaveLength(2);
    expect(
      findCycles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no import cycle among lambda modules', () => {
    const graph = new Map<string, string[]>(files.map((f) => [f, []]));
    for (const e of internal) graph.get(e.from)!.push(e.to);
    const cycles = findCycles(graph).map((cycle) => cycle.join(' → '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });

  it('no two folders of lambda/ import each other (each pair of layers has one direction)', () => {
    const folderOf = (path: string) => path.split('/').slice(0, -1).join('/');
    const crossing = internal.filter((e) => folderOf(e.from) !== folderOf(e.to));
    const directions = new Set(crossing.map((e) => `${folderOf(e.from)} → ${folderOf(e.to)}`));
    const twoWay = crossing
      .filter((e) => directions.has(`${folderOf(e.to)} → ${folderOf(e.from)}`))
      .map((e) => `${e.from}:${e.line} imports ${e.to}${e.typeOnly ? ' (type-only)' : ''}`);
    expect(twoWay, twoWay.join('\n')).toEqual([]);
  });

  it('core/ and util/ import nothing of the project outside themselves (besides the allow-list)', () => {
    const leafOf = (path: string) => LEAF_LAYERS.find((layer) => path.startsWith(layer));
    const allowed = (e: Edge) => e.typeOnly && LEAF_ALLOW_LIST.some((a) => a.from === e.from && a.to === e.to);
    const outward = edges
      .filter((e) => leafOf(e.from) && e.specifier.startsWith('.') && !e.to.startsWith(leafOf(e.from)!) && !allowed(e))
      .map((e) => `${e.from}:${e.line} imports ${e.to}${e.typeOnly ? ' (type-only)' : ''}`);
    expect(outward, outward.join('\n')).toEqual([]);
  });

  it('the allow-list holds only imports that exist (a stale entry is removed, not kept)', () => {
    for (const a of LEAF_ALLOW_LIST)
      expect(
        internal.some((e) => e.from === a.from && e.to === a.to),
        `${a.from} → ${a.to}`,
      ).toBe(true);
  });

  it('lambda/ imports nothing of the repository outside lambda/ (lib/, test/, bench/, bin/)', () => {
    const outside = edges
      .filter((e) => e.specifier.startsWith('.') && !e.to.startsWith('lambda/'))
      .map((e) => `${e.from}:${e.line} imports ${e.to}`);
    expect(outside, outside.join('\n')).toEqual([]);
  });
});
