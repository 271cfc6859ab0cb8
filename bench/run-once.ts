/**
 * One run: a fresh fake account of `size` resources behind the loopback endpoint at `latencyMs`,
 * one first night of `runNight` with real SDK clients and the real Slack notifier, and what the
 * bench observed of it (bench/analyze.ts turns that into the results).
 */

import type { EventLoopUtilization } from 'node:perf_hooks';
import { InMemoryAnnouncementLedger } from '../lambda/audit/announcement-ledger';
import { parseConfig } from '../lambda/config';
import { enabledResourceTypes } from '../lambda/resources/registry';
import { runNight } from '../lambda/run/nightly-run';
import { FAKE_CREDENTIALS } from '../test/fakes/http/aws-http-endpoint';
import { BENCH_TYPE_IDS } from './pages';
import { type Mark, RunProbe, type TypeSpan, type TypeStage } from './probe';
import { DEFAULT_PER_SECOND, NOW, REGION, SLACK_CHANNEL } from './settings';
import { BenchSlack, type PostingCounts } from './slack';
import { startEndpointWorker } from './worker-client';
import type { WorkerReady, WorkerStats } from './worker-protocol';

export interface Observed {
  readonly size: number;
  readonly latencyMs: number;
  readonly ready: WorkerReady;
  readonly stats: WorkerStats;
  readonly marks: Partial<Record<Mark, number>>;
  readonly loads: Partial<Record<Mark, EventLoopUtilization>>;
  readonly spans: Record<TypeStage, Record<string, TypeSpan>>;
  readonly slack: { readonly warning: PostingCounts; readonly report: PostingCounts; readonly rateLimited: number };
  readonly outcome: {
    readonly discovered: number;
    readonly decisions: Record<string, number>;
    readonly marked: number;
    readonly markFailures: number;
    readonly listingErrors: readonly { type: string; error: string }[];
    readonly warningPosted: boolean;
    readonly reportPosted: boolean;
  };
  readonly machine: { readonly peakRssMB: number; readonly peakHeapMB: number; readonly janitorElu: number; readonly logLines: number };
}

/** Every type, enforcing, no caps in the way: a first night marks all 70% that are not compliant. */
const CONFIG = parseConfig({
  dryRun: false,
  slack: { channel: SLACK_CHANNEL, tokenSecretName: 'janitor/slack-bot-token' },
  resourceTypes: [...BENCH_TYPE_IDS],
  limits: { maxMarksPerRun: 'unlimited', maxDeletionsPerRun: 'unlimited' },
});

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Peak memory while `work` runs, sampled every 10 ms. */
async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; peakRss: number; peakHeap: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 10);
  try {
    const value = await work();
    sample();
    return { value, peakRss, peakHeap };
  } finally {
    clearInterval(timer);
  }
}

/** The run logs one JSON line per decision (as in Lambda): serialized as usual, counted, not printed. */
async function withStdoutCounted<T>(work: () => Promise<T>): Promise<{ value: T; lines: number }> {
  let lines = 0;
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines += 1;
    return chunk !== undefined;
  }) as typeof process.stdout.write;
  try {
    return { value: await work(), lines };
  } finally {
    process.stdout.write = write;
  }
}

export async function runOnce(size: number, latencyMs: number): Promise<Observed> {
  const worker = await startEndpointWorker({ size, region: REGION, latencyMs, defaultPerSecond: DEFAULT_PER_SECOND });
  const slack = await BenchSlack.start();
  const probe = new RunProbe();
  const { url, accountId } = worker.ready;
  const night = () =>
    runNight({
      config: CONFIG,
      target: { accountId, region: REGION, endpoint: url, credentials: async () => FAKE_CREDENTIALS },
      notifier: probe.notifier(slack.notifier()),
      now: NOW,
      resourceTypes: probe.types(enabledResourceTypes(BENCH_TYPE_IDS)),
      // One list call and one object per run in S3 for real; not part of what this bench measures.
      ledger: new InMemoryAnnouncementLedger(),
    });
  global.gc?.();
  const elu0 = performance.eventLoopUtilization();
  probe.mark('start');
  const run = await sampled(() => withStdoutCounted(night));
  probe.mark('end');
  const janitorElu = performance.eventLoopUtilization(elu0).utilization;
  const stats = await worker.stats();
  await worker.close();
  await slack.close();
  const result = run.value.value;
  const decisions: Record<string, number> = {};
  for (const d of result.decisions) decisions[d.decision.action ?? 'none'] = (decisions[d.decision.action ?? 'none'] ?? 0) + 1;
  return {
    size,
    latencyMs,
    ready: worker.ready,
    stats,
    marks: probe.marks,
    loads: probe.loads,
    spans: probe.spans,
    slack: { warning: slack.counts('warning'), report: slack.counts('report'), rateLimited: slack.server.rateLimited },
    outcome: {
      discovered: result.decisions.length,
      decisions,
      marked: result.report.markedCount,
      markFailures: result.report.failed.length,
      listingErrors: result.report.listingErrors,
      warningPosted: result.warningPosted,
      reportPosted: result.reportPosted,
    },
    machine: { peakRssMB: mb(run.peakRss), peakHeapMB: mb(run.peakHeap), janitorElu, logLines: run.value.lines },
  };
}
