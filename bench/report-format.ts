/** Formatting shared by the RESULTS.md sections. */

/** results.json as read back: plain JSON. */
export type Results = any;

/** Thousands separated, at most three decimals. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return x.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/** `min / median / max`, or the one number when they are equal. */
export function spreadText(s: { min: number; median: number; max: number } | null | undefined): string {
  if (!s) return '—';
  if (s.min === s.max) return fmt(s.median);
  return `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)}`;
}

export function table(head: readonly (string | number)[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** The cell's run whose wall time is the median (the lower middle one of an even count). */
export function medianRun(r: Results, size: number, latencyMs: number): any {
  const runs = r.runs
    .filter((x: any) => x.size === size && x.latencyMs === latencyMs)
    .sort((a: any, b: any) => a.wallSeconds - b.wallSeconds);
  return runs[Math.floor((runs.length - 1) / 2)];
}

/** The latency the details are shown at: 30 ms (the fake's default) when it ran, else the first. */
export function detailLatency(r: Results): number {
  const latencies: number[] = r.cells.map((c: any) => c.latencyMs);
  return latencies.includes(30) ? 30 : latencies[0]!;
}
