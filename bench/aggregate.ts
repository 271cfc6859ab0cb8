/** The runs of each cell (a size at a latency) summed up: min, median and max; and how time grows with size. */
import type { RunResult } from './analyze';
import { PHASES } from './phases';

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Of an odd count the middle one; of an even count the mean of the middle two. */
export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: round(s[0]!), median: round(median), max: round(s.at(-1)!) };
}

const defined = (values: readonly (number | null)[]) => values.filter((v): v is number => v !== null);

/** The binding term of most runs of the cell. */
function usualBinding(runs: readonly RunResult[], phase: (typeof PHASES)[number]): string {
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.phases[phase].binding, (counts.get(r.phases[phase].binding) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

export function summarizeCell(runs: readonly RunResult[]) {
  const first = runs[0]!;
  const phases = Object.fromEntries(
    PHASES.map((p) => [
      p,
      {
        wallSeconds: spread(runs.map((r) => r.phases[p].wallSeconds)),
        boundSeconds: spread(runs.map((r) => r.phases[p].boundSeconds)),
        ratio: spread(defined(runs.map((r) => r.phases[p].ratio))),
        binding: usualBinding(runs, p),
      },
    ]),
  );
  return {
    size: first.size,
    latencyMs: first.latencyMs,
    runs: runs.length,
    resources: spread(runs.map((r) => r.resources.discovered)),
    marked: spread(runs.map((r) => r.resources.marked)),
    wallSeconds: spread(runs.map((r) => r.wallSeconds)),
    boundSeconds: spread(runs.map((r) => r.boundSeconds)),
    ratio: spread(runs.map((r) => r.ratio)),
    phases,
    slackPosting: {
      wallSeconds: spread(runs.map((r) => r.slackPosting.wallSeconds)),
      ratio: spread(defined(runs.map((r) => r.slackPosting.ratio))),
    },
    warningMessages: spread(runs.map((r) => r.slack.warning.messages)),
    warningUploads: spread(runs.map((r) => r.slack.warning.uploads)),
    reportMessages: spread(runs.map((r) => r.slack.report.messages)),
    slackRefused: spread(runs.map((r) => r.slack.warning.refused + r.slack.report.refused)),
    secondsPer1000: spread(runs.map((r) => (r.wallSeconds * 1000) / r.size)),
    peakHeapMB: spread(runs.map((r) => r.machine.peakHeapMB)),
    peakRssMB: spread(runs.map((r) => r.machine.peakRssMB)),
  };
}

export type CellSummary = ReturnType<typeof summarizeCell>;

/**
 * Seconds per 1,000 resources at each size, by latency, and each size's against the one before it
 * (1 = linear; the target is 50,000 within 1.2 of 10,000), for the whole run and per phase.
 */
export function linearity(cells: readonly CellSummary[]) {
  const latencies = [...new Set(cells.map((c) => c.latencyMs))].sort((a, b) => a - b);
  return latencies.flatMap((latencyMs) => {
    const bySize = cells.filter((c) => c.latencyMs === latencyMs).sort((a, b) => a.size - b.size);
    if (bySize.length < 2) return [];
    const perPhase = (c: CellSummary, p: (typeof PHASES)[number]) => ((c.phases[p]?.wallSeconds?.median ?? 0) * 1000) / c.size;
    return [
      {
        latencyMs,
        sizes: bySize.map((c, i) => {
          const previous = bySize[i - 1];
          const per1000 = c.secondsPer1000!.median;
          return {
            size: c.size,
            secondsPer1000: per1000,
            phasesPer1000: Object.fromEntries(PHASES.map((p) => [p, round(perPhase(c, p))])),
            againstPrevious: previous ? { size: previous.size, ratio: round(per1000 / previous.secondsPer1000!.median) } : null,
          };
        }),
      },
    ];
  });
}
