/**
 * `npm run bench:evidence`: how long the IaC evidence takes to load at 2,000 stacks and 200 state
 * files of 1,000 resources each (issue #13), cached and uncached, against its lower bound.
 *
 * Each run seeds a fresh fake account behind the loopback endpoint (bench/evidence-worker.ts, in a
 * worker thread) and reads, with real SDK clients over real HTTP, as the janitor's nights do:
 *   1. stacks, first night: the stack cache (S3, the audit bucket) is empty;
 *   2. stacks, second night, nothing changed: ListStacks and the cache only;
 *   3. stacks, third night, 5 % of the stacks updated since;
 *   4. the state files (readStateEvidence, the plan step's read).
 * Writes bench/evidence-results.json and bench/EVIDENCE.md; fails if what was found is not exactly
 * what was seeded.
 *
 * BENCH_EVIDENCE_LATENCIES (ms, default "30,5"), BENCH_EVIDENCE_RUNS (default 3);
 * BENCH_EVIDENCE_REPORT_ONLY=1 re-renders EVIDENCE.md from the results file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { S3Client } from '@aws-sdk/client-s3';
import { AwsClients, type AwsTarget } from '../lambda/aws/clients';
import { parseConfig } from '../lambda/config';
import { readStackEvidence } from '../lambda/iac/cloudformation-evidence';
import { parsePulumiState } from '../lambda/iac/pulumi-state';
import { readStateEvidence } from '../lambda/iac/read-evidence';
import { S3StackCache } from '../lambda/iac/stack-cache';
import { readStateSource, type StateSource, s3In } from '../lambda/iac/state-files';
import { parseTerraformState } from '../lambda/iac/terraform-state';
import { PER_RESOURCE_READ_CONCURRENCY } from '../lambda/resources/per-resource-reads';
import { FAKE_CREDENTIALS } from '../test/fakes/http/aws-http-endpoint';
import { DEFAULT_RATE, Throttle, type ThrottlingOptions } from '../test/fakes/http/throttle';
import { readBound, type Stage } from './evidence-bound';
import type { EvidenceResults, Measurement, MeasurementId, RunResult } from './evidence-model';
import { renderEvidenceReport } from './evidence-report';
import {
  AUDIT_BUCKET,
  type Digest,
  DigestBuilder,
  PULUMI_BUCKET,
  PULUMI_PREFIX,
  STATE_FILES,
  TF_BUCKET,
  terraformState,
} from './evidence-seed';
import type { CallCounts, EvidenceWorkerInput, EvidenceWorkerReady } from './evidence-worker';
import { REGION } from './settings';

export const RESULTS_FILE = join(__dirname, 'evidence-results.json');
export const REPORT_FILE = join(__dirname, 'EVIDENCE.md');

/** lambda/iac/state-files.ts reads a source's objects this many at a time (STATE_OBJECTS_AT_ONCE, not exported). */
export const STATE_OBJECTS_AT_ONCE = 5;

/**
 * Page sizes served. ListStacks and ListStackResources take no page-size parameter and document only
 * "if the output exceeds 1 MB" (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html);
 * 100 per page is the bench's assumption. ListObjectsV2: at most 1,000 keys
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
 */
export const PAGE_SIZES: Readonly<Record<string, number>> = {
  'cloudformation:ListStacks': 100,
  'cloudformation:ListStackResources': 100,
  's3:ListObjectsV2': 1000,
};

/**
 * The fake's token buckets. CloudFormation documents no request rate for ListStacks or
 * ListStackResources (its quotas page, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html,
 * lists template and stack quotas only): they get the fake's default, 100/s with a burst of 100, the
 * main bench's assumption for every undocumented operation. S3: "at least 3,500 PUT/COPY/POST/DELETE
 * or 5,500 GET/HEAD requests per second per partitioned prefix"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html); LIST counted as GET.
 */
export const THROTTLING: ThrottlingOptions = {
  defaultRate: DEFAULT_RATE,
  rates: {
    's3:GetObject': { perSecond: 5_500 },
    's3:ListObjectsV2': { perSecond: 5_500 },
    's3:PutObject': { perSecond: 3_500 },
  },
};

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A real `gc()` without --expose-gc on the command line, so each measurement starts from a collected heap. */
function gcFunction(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

interface WorkerHandle {
  readonly ready: EvidenceWorkerReady;
  counts(): Promise<CallCounts>;
  update(): Promise<{ stacks: Digest; changed: number; resources: number; longestChangedPages: number }>;
  close(): Promise<void>;
}

async function startWorker(input: EvidenceWorkerInput): Promise<WorkerHandle> {
  const bootstrap = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'evidence-worker.ts'))});`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  const waiting = new Map<string, (message: any) => void>();
  const failed = new Promise<never>((_, reject) => {
    worker.on('error', reject);
    worker.on('message', (m) => m.kind === 'error' && reject(new Error(m.error)));
  });
  failed.catch(() => undefined);
  worker.on('message', (m) => {
    waiting.get(m.kind)?.(m);
    waiting.delete(m.kind);
  });
  const next = <T>(kind: string) => Promise.race([new Promise<T>((resolve) => waiting.set(kind, resolve)), failed]);
  const ask = <T>(kind: string, answer: string) => {
    const pending = next<T>(answer);
    worker.postMessage({ kind });
    return pending;
  };
  const ready = await next<EvidenceWorkerReady>('ready');
  return {
    ready,
    counts: async () => (await ask<{ counts: CallCounts }>('stats', 'stats')).counts,
    update: () => ask('update', 'updated'),
    close: async () => {
      await ask('close', 'closed');
    },
  };
}

function diff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Peak heap (this thread) and RSS (the process) while `work` runs, sampled every 10 ms. */
async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; peakRss: number; peakHeap: number }> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 10);
  try {
    const value = await work();
    sample();
    return { value, peakRss, peakHeap };
  } finally {
    clearInterval(timer);
  }
}

function stagesOf(id: MeasurementId, calls: Record<string, number>, longestChain: number): Stage[] {
  if (id === 'states' || id === 'states-plan') {
    // Two sources, one after another; their objects are known from the seed.
    const lists = calls['s3:ListObjectsV2'] ?? 0;
    return [
      { name: 'Terraform ListObjectsV2', op: 's3:ListObjectsV2', calls: Math.ceil(lists / 2), width: 1 },
      { name: 'Terraform GetObject', op: 's3:GetObject', calls: STATE_FILES, width: STATE_OBJECTS_AT_ONCE },
      { name: 'Pulumi ListObjectsV2', op: 's3:ListObjectsV2', calls: Math.floor(lists / 2), width: 1 },
      { name: 'Pulumi GetObject', op: 's3:GetObject', calls: (calls['s3:GetObject'] ?? 0) - STATE_FILES, width: STATE_OBJECTS_AT_ONCE },
    ];
  }
  return [
    { name: 'ListStacks', op: 'cloudformation:ListStacks', calls: calls['cloudformation:ListStacks'] ?? 0, width: 1 },
    { name: 'cache GetObject', op: 's3:GetObject', calls: calls['s3:GetObject'] ?? 0, width: 1 },
    {
      name: 'ListStackResources',
      op: 'cloudformation:ListStackResources',
      calls: calls['cloudformation:ListStackResources'] ?? 0,
      width: PER_RESOURCE_READ_CONCURRENCY,
      longestChain,
    },
    { name: 'cache PutObject', op: 's3:PutObject', calls: calls['s3:PutObject'] ?? 0, width: 1 },
  ];
}

/** What lambda/iac/read-evidence.ts reads for the bench's configuration. */
const STATE_SOURCES: readonly StateSource[] = [
  { kind: 'terraform', bucket: TF_BUCKET, prefix: '', include: ['**/*.tfstate'], parse: parseTerraformState },
  {
    kind: 'pulumi',
    bucket: PULUMI_BUCKET,
    prefix: PULUMI_PREFIX,
    include: ['stacks/**/*.json', 'stacks/**/*.json.gz'],
    parse: parsePulumiState,
  },
];

/** Reads that reported a problem instead of evidence: written into the results, then the bench fails. */
const failures: string[] = [];

const sameDigest = (a: Digest, b: Digest) => a.count === b.count && a.hash === b.hash;

async function oneRun(latencyMs: number, run: number, gc: () => void, throttle: Throttle): Promise<RunResult> {
  const worker = await startWorker({
    region: REGION,
    latencyMs,
    throttling: THROTTLING,
    pageSizes: PAGE_SIZES,
    updateAt: new Date(Date.UTC(2026, 10, 19, 12, run)).toISOString(),
  });
  const { url, accountId, seeded } = worker.ready;
  const target: AwsTarget = { accountId, region: REGION, endpoint: url, credentials: async () => FAKE_CREDENTIALS };
  // As in production (lambda/fanout/sweep-target.ts): the cache in the audit bucket, its own S3 client.
  const cache = () =>
    new S3StackCache(AUDIT_BUCKET, REGION, new S3Client({ region: REGION, endpoint: url, credentials: FAKE_CREDENTIALS, maxAttempts: 5 }));
  const iac = parseConfig({
    slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack-bot-token' },
    iac: {
      terraform: { s3: [{ bucket: TF_BUCKET, prefix: '', include: ['**/*.tfstate'] }] },
      pulumi: { s3: [{ bucket: PULUMI_BUCKET, prefix: PULUMI_PREFIX }] },
    },
  }).iac;
  const measurements: Measurement[] = [];
  let expectedStacks = worker.ready.stacks;
  let longestChain = seeded.longestStackPages;
  let updatedStacks = 0;

  const measure = async (
    id: MeasurementId,
    expected: Digest,
    work: () => Promise<{ identities: { value: string; by: string }[]; live?: number; failed?: string }>,
  ) => {
    // Every night is a new Lambda: fresh clients (and fresh adaptive-retry state); every bucket refilled.
    await sleep(1_100);
    gc();
    const before = await worker.counts();
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const result = await sampled(work);
    const wallSeconds = (performance.now() - t0) / 1000;
    const busy = performance.eventLoopUtilization(elu0).utilization;
    const after = await worker.counts();
    const calls = diff(after.calls, before.calls);
    const found = new DigestBuilder().addAll(result.value.identities).digest();
    const failed = result.value.failed;
    if (failed) failures.push(`${id} at ${latencyMs} ms, run ${run + 1}: ${failed}`);
    else if (!sameDigest(found, expected)) {
      throw new Error(
        `${id} at ${latencyMs} ms, run ${run}: found ${found.count} identities (${found.hash}), seeded ${expected.count} (${expected.hash})`,
      );
    }
    if (result.value.live !== undefined && result.value.live !== seeded.liveStacks) {
      throw new Error(`${id}: ${result.value.live} live stacks found, ${seeded.liveStacks} seeded`);
    }
    const unserved = diff(after.unserved, before.unserved);
    if (Object.keys(unserved).length > 0) throw new Error(`${id}: calls the fake does not serve: ${JSON.stringify(unserved)}`);
    const m: Measurement = {
      id,
      wallSeconds,
      bound: readBound(stagesOf(id, calls, longestChain), latencyMs, throttle),
      identities: found.count,
      expected,
      found,
      ...(result.value.live !== undefined ? { liveStacks: result.value.live } : {}),
      calls,
      throttled: diff(after.throttled, before.throttled),
      errors: diff(after.errors, before.errors),
      peakHeapMB: mb(result.peakHeap),
      peakRssMB: mb(result.peakRss),
      busy,
      ...(failed ? { failed } : {}),
    };
    measurements.push(m);
    const ratio = m.wallSeconds / m.bound.seconds;
    console.error(
      `  ${latencyMs} ms run ${run + 1} ${id}: ${wallSeconds.toFixed(2)} s, bound ${m.bound.seconds.toFixed(2)} s (${ratio.toFixed(2)}×), ${found.count} identities, calls ${JSON.stringify(calls)}, throttled ${JSON.stringify(m.throttled)}`,
    );
  };

  const stacks = async () => {
    const evidence = await readStackEvidence(new AwsClients(target), cache());
    return { identities: evidence.identities, live: evidence.liveStackIds.size };
  };
  try {
    await measure('stacks-uncached', expectedStacks, stacks);
    await measure('stacks-cached', expectedStacks, stacks);
    const update = await worker.update();
    expectedStacks = update.stacks;
    longestChain = update.longestChangedPages;
    updatedStacks = update.changed;
    await measure('stacks-updated', expectedStacks, stacks);
    // The sources as read-evidence.ts configures them (its stateSources is not exported), read one after another.
    await measure('states', worker.ready.states, async () => {
      const clients = new AwsClients(target);
      const identities: { value: string; by: string }[] = [];
      for (const source of STATE_SOURCES) {
        const read = await readStateSource(s3In(clients, undefined), source);
        for (const identity of read.identities) identities.push(identity);
      }
      return { identities };
    });
    await measure('states-plan', worker.ready.states, async () => {
      const evidence = await readStateEvidence(new AwsClients(target), iac);
      const failed = evidence.problems.map((p) => `${p.source}: ${p.error}`).join('; ');
      return { identities: [...evidence.identities], ...(failed ? { failed } : {}) };
    });
  } finally {
    await worker.close();
  }
  return { latencyMs, run, seeded, updatedStacks, measurements };
}

/** The state parser alone on the same bytes, in this thread: the CPU floor of the state read that the bound leaves out. */
function parseAlone(files: number): EvidenceResults['parseAlone'] {
  const bodies = Array.from({ length: files }, (_, i) => terraformState(i, '123456789012', REGION).body);
  for (const body of bodies.slice(0, 2)) parseTerraformState(body);
  const t0 = performance.now();
  for (const body of bodies) parseTerraformState(body);
  const ms = (performance.now() - t0) / files;
  return { files, msPerFile: Math.round(ms * 100) / 100, bytesPerFile: Math.round(bodies.reduce((a, b) => a + b.byteLength, 0) / files) };
}

async function main() {
  if (process.env.BENCH_EVIDENCE_REPORT_ONLY === '1') {
    writeFileSync(REPORT_FILE, renderEvidenceReport(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as EvidenceResults));
    console.error(`wrote ${REPORT_FILE}`);
    return;
  }
  const latencies = (process.env.BENCH_EVIDENCE_LATENCIES ?? '30,5').split(',').map((v) => Number(v.trim()));
  const runs = Number(process.env.BENCH_EVIDENCE_RUNS ?? 3);
  const gc = gcFunction();
  const throttle = new Throttle(THROTTLING);
  const startedAt = new Date();
  const loadBefore = loadavg();
  const t0 = performance.now();
  const results: RunResult[] = [];
  for (const latencyMs of latencies) {
    for (let run = 0; run < runs; run += 1) {
      console.error(`${latencyMs} ms, run ${run + 1} of ${runs}: seeding`);
      results.push(await oneRun(latencyMs, run, gc, throttle));
    }
  }
  const cpu = cpus();
  const output: EvidenceResults = {
    generatedBy: 'bench/evidence.ts',
    startedAt: startedAt.toISOString(),
    tookSeconds: Math.round((performance.now() - t0) / 100) / 10,
    latencies,
    runs,
    pageSizes: PAGE_SIZES,
    throttling: THROTTLING,
    concurrency: { stacks: PER_RESOURCE_READ_CONCURRENCY, stateObjects: STATE_OBJECTS_AT_ONCE },
    parseAlone: parseAlone(10),
    machine: {
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      memoryGB: Math.round(totalmem() / 1024 ** 3),
      platform: `${process.platform} ${process.arch}`,
      node: process.version,
      loadBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
      loadAfter: loadavg().map((l) => Math.round(l * 100) / 100),
    },
    results,
    failures,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(output, null, 2)}\n`);
  writeFileSync(REPORT_FILE, renderEvidenceReport(output));
  console.error(`wrote ${RESULTS_FILE} and ${REPORT_FILE} in ${output.tookSeconds} s`);
  if (failures.length > 0) {
    console.error(
      `FAILED: ${failures.length} reads reported problems instead of evidence:\n${[...new Set(failures.map((f) => f.replace(/^[^:]*: /, '')))].join('\n')}`,
    );
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
