/**
 * `npm run bench`: the nightly run (`runNight`, real SDK clients over real HTTP) against the
 * loopback fake of AWS, every registry type, at the sizes and latencies of the matrix (see
 * bench/settings.ts for the environment overrides), Slack through the real notifier against the
 * fake Slack; then the sweep Lambda's cold start. Writes bench/results.json, then renders
 * bench/RESULTS.md from it (BENCH_REPORT_ONLY=1 re-renders without running).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { PER_RESOURCE_READ_CONCURRENCY } from '../lambda/resources/per-resource-reads';
import { RESOURCE_TYPE_IDS } from '../lambda/resources/registry';
import { LISTING_CONCURRENCY } from '../lambda/run/discover';
import { DOCUMENTED_RATES } from '../test/fakes/http/throttle';
import { linearity, summarizeCell } from './aggregate';
import { analyze, type RunResult } from './analyze';
import { BENCH_TYPE_IDS, MAX_PAGE } from './pages';
import { markdown } from './report';
import { runOnce } from './run-once';
import { type Cell, clockMs, DEFAULT_PER_SECOND, matrixFromEnv, SLACK_PER_CHANNEL_INTERVAL_MS } from './settings';

const RESULTS_JSON = join(__dirname, 'results.json');
const RESULTS_MD = join(__dirname, 'RESULTS.md');

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** Run first and thrown away, so the first cell does not pay the process's one-time costs (module loading, JIT); BENCH_WARMUP=0 skips it. */
const WARM_UP = process.env.BENCH_WARMUP === '0' ? null : { size: 1_000, latencyMs: 30 };

async function runCells(cells: readonly Cell[]): Promise<(RunResult & { run: number })[]> {
  if (WARM_UP) {
    log(`warm-up: N=${WARM_UP.size} at ${WARM_UP.latencyMs} ms, not kept ...`);
    await runOnce(WARM_UP.size, WARM_UP.latencyMs);
  }
  const runs: (RunResult & { run: number })[] = [];
  const total = cells.reduce((n, c) => n + c.runs, 0);
  for (const cell of cells) {
    for (let run = 1; run <= cell.runs; run += 1) {
      log(`[${runs.length + 1}/${total}] N=${cell.size} at ${cell.latencyMs} ms, run ${run} of ${cell.runs} ...`);
      const result = analyze(await runOnce(cell.size, cell.latencyMs));
      log(`  wall ${result.wallSeconds} s, bound ${result.boundSeconds} s, wall/bound ${result.ratio}, marked ${result.resources.marked}`);
      runs.push({ ...result, run });
    }
  }
  return runs;
}

function machine() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    platform: `${platform()} ${arch()}`,
  };
}

function settings(cells: readonly Cell[], source: string) {
  return {
    matrix: { source, cells, warmUp: WARM_UP },
    types: BENCH_TYPE_IDS,
    notBenchmarked: RESOURCE_TYPE_IDS.filter((id) => !BENCH_TYPE_IDS.includes(id)),
    rates: Object.fromEntries(Object.entries(DOCUMENTED_RATES).map(([k, v]) => [k, v.perSecond])),
    defaultRatePerSecond: DEFAULT_PER_SECOND,
    listingConcurrency: LISTING_CONCURRENCY,
    perResourceReadConcurrency: PER_RESOURCE_READ_CONCURRENCY,
    slackPerChannelIntervalMs: SLACK_PER_CHANNEL_INTERVAL_MS,
    maxPageSizes: MAX_PAGE,
  };
}

async function main() {
  if (process.env.BENCH_REPORT_ONLY) {
    writeFileSync(RESULTS_MD, markdown(JSON.parse(readFileSync(RESULTS_JSON, 'utf8'))));
    return;
  }
  const began = clockMs();
  const { cells, source } = matrixFromEnv();
  const runs = await runCells(cells);
  log('cold start ...');
  // Loaded only now: it brings in the CDK (for the stack's bundling settings), which the runs' memory figures should not carry.
  const coldStart = process.env.BENCH_SKIP_BUNDLE ? undefined : await (await import('./bundle')).measureColdStart();
  const summaries = cells.map((c) => summarizeCell(runs.filter((r) => r.size === c.size && r.latencyMs === c.latencyMs)));
  const results = {
    machine: machine(),
    benchSeconds: Math.round((clockMs() - began) / 100) / 10,
    settings: settings(cells, source),
    cells: summaries,
    linearity: linearity(summaries),
    coldStart,
    runs,
  };
  writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(RESULTS_MD, markdown(results));
  log(`done in ${results.benchSeconds} s: ${RESULTS_MD}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
