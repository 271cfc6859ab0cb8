/**
 * What `npm run bench` runs, from the environment, and the constants every part of it shares.
 *
 * BENCH_SIZES (resources, e.g. "1000,10000"), BENCH_LATENCIES (ms per call, e.g. "5,30,50"),
 * BENCH_RUNS (runs per cell, default 3) and BENCH_MATRIX (cells written `size@latency×runs`, e.g.
 * "10000@30x3,50000@30x1") choose the runs; BENCH_DEFAULT_RATE overrides the fake's rate for
 * operations without a documented one; BENCH_SKIP_BUNDLE=1 skips the cold-start measurement;
 * BENCH_WARMUP=0 skips the warm-up run; BENCH_REPORT_ONLY=1 re-renders RESULTS.md from results.json.
 */
import { DEFAULT_RATE } from '../test/fakes/http/throttle';

export const REGION = 'eu-west-1';
/** The night the runs pretend it is; every seeded resource is older than the minimum age. */
export const NOW = new Date('2026-11-20T02:00:00Z');
export const SLACK_CHANNEL = '#platform-janitor';

/**
 * Slack's per-channel message rate, enforced by the fake Slack server: "no more than one message
 * per second" per channel (https://api.slack.com/docs/rate-limits,
 * https://api.slack.com/methods/chat.postMessage#rate_limiting).
 */
export const SLACK_PER_CHANNEL_INTERVAL_MS = 1_000;

/** Calls per second for operations without a documented rate in the fake's throttle (an assumption). */
export const DEFAULT_PER_SECOND = Number(process.env.BENCH_DEFAULT_RATE ?? DEFAULT_RATE.perSecond);

/** One cell of the matrix: a size at a latency, run `runs` times. */
export interface Cell {
  readonly size: number;
  readonly latencyMs: number;
  readonly runs: number;
}

/**
 * The default matrix, chosen so that `npm run bench` ends in about 20 minutes on this 2-core
 * machine: marking is held to TagResources' 5 calls/s, so a run takes about (0.7 × N / 20) / 5
 * seconds whatever the latency (one 10,000 run at 30 ms took 76 s, one 50,000 run 388 s).
 * 50,000 therefore runs once, at the fake's default latency of 30 ms.
 */
export const DEFAULT_MATRIX: readonly Cell[] = [
  ...[5, 30, 50].map((latencyMs) => ({ size: 1_000, latencyMs, runs: 3 })),
  ...[5, 30, 50].map((latencyMs) => ({ size: 10_000, latencyMs, runs: 3 })),
  { size: 50_000, latencyMs: 30, runs: 1 },
];

const numbers = (value: string) => value.split(',').map((v) => Number(v.trim()));

function parseMatrix(spec: string): Cell[] {
  return spec.split(',').map((cell) => {
    const match = /^(\d+)@(\d+)(?:x(\d+))?$/.exec(cell.trim());
    if (!match) throw new Error(`BENCH_MATRIX: "${cell}" is not size@latency or size@latencyxruns`);
    return { size: Number(match[1]), latencyMs: Number(match[2]), runs: Number(match[3] ?? 1) };
  });
}

/** The cells to run: BENCH_MATRIX, else the product of BENCH_SIZES × BENCH_LATENCIES × BENCH_RUNS when any is set, else the default. */
export function matrixFromEnv(env: NodeJS.ProcessEnv = process.env): { cells: Cell[]; source: string } {
  if (env.BENCH_MATRIX) return { cells: parseMatrix(env.BENCH_MATRIX), source: `BENCH_MATRIX=${env.BENCH_MATRIX}` };
  if (!env.BENCH_SIZES && !env.BENCH_LATENCIES && !env.BENCH_RUNS) return { cells: [...DEFAULT_MATRIX], source: 'the default matrix' };
  const sizes = numbers(env.BENCH_SIZES ?? '1000,10000');
  const latencies = numbers(env.BENCH_LATENCIES ?? '30');
  const runs = Number(env.BENCH_RUNS ?? 3);
  const set = ['BENCH_SIZES', 'BENCH_LATENCIES', 'BENCH_RUNS'].filter((k) => env[k]).map((k) => `${k}=${env[k]}`);
  return { cells: sizes.flatMap((size) => latencies.map((latencyMs) => ({ size, latencyMs, runs }))), source: set.join(' ') };
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between this thread and the endpoint's worker. */
export const clockMs = () => performance.timeOrigin + performance.now();
