/**
 * `npm run bench`: the nightly run against a fake AWS endpoint on loopback (real SDK clients, real
 * HTTP, fixed latency per call, documented throttling), at N = 1,000 and 10,000 resources, plus the
 * Lambda bundle's size and cold-start init time. Writes bench/results.json and bench/RESULTS.md.
 *
 * Environment: BENCH_SIZES (default "1000,10000"), BENCH_LATENCY_MS (default 5),
 * BENCH_DEFAULT_RATE (calls/s for operations without a documented rate, default 100),
 * BENCH_SKIP_BUNDLE=1 to skip the bundle measurement, BENCH_REPORT_ONLY=1 to re-render RESULTS.md from results.json.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { InMemoryAnnouncementLedger } from '../lambda/audit/announcement-ledger';
import { parseConfig } from '../lambda/config';
import type { Notifier, RunFailure, RunReport, Warning } from '../lambda/core/report';
import { enabledResourceTypes, RESOURCE_TYPE_IDS } from '../lambda/resources/registry';
import type { ResourceType } from '../lambda/resources/resource-type';
import { runNight } from '../lambda/run/nightly-run';
import { FAKE_CREDENTIALS } from '../test/fakes/http/aws-http-endpoint';
import { SERVED_TYPE_IDS } from '../test/fakes/http/served-types';
import { DEFAULT_RATE, DOCUMENTED_RATES } from '../test/fakes/http/throttle';
import { type BenchWorkerInput, MAX_PAGE } from './seed';

const ROOT = join(__dirname, '..');
const REGION = 'eu-west-1';
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 5);
const DEFAULT_PER_SECOND = Number(process.env.BENCH_DEFAULT_RATE ?? DEFAULT_RATE.perSecond);
const NOW = new Date('2026-11-20T02:00:00Z');
const NOT_SERVED = RESOURCE_TYPE_IDS.filter((id) => !SERVED_TYPE_IDS.includes(id));

/** Seconds `calls` sequential calls take at least: the latency each, and the bucket's refill beyond its burst. */
function minSeconds(calls: number, perSecond: number, burst = perSecond): number {
  return Math.max((calls * LATENCY_MS) / 1000, Math.max(0, calls - burst) / perSecond);
}

class RecordingNotifier implements Notifier {
  warnings: Warning[] = [];
  reports: RunReport[] = [];
  failures: RunFailure[] = [];
  async postWarning(warning: Warning) {
    this.warnings.push(warning);
    return undefined;
  }
  async postReport(report: RunReport) {
    this.reports.push(report);
  }
  async postFailure(failure: RunFailure) {
    this.failures.push(failure);
  }
}

const MARKING_OPS = new Set(['tagging:TagResources', 'tagging:UntagResources']);

type Phase = 'discovery' | 'completion' | 'marking';
const PHASES: readonly Phase[] = ['discovery', 'completion', 'marking'];

/** The endpoint's call counts and the time, at a phase boundary. */
interface Snapshot {
  readonly at: number;
  readonly calls: Record<string, number>;
}

/**
 * The served types, each `complete` wrapped to mark the completion phase: the run completes its
 * candidates after discovery has finished and before it marks anything (see decideInventory), so
 * the endpoint's counts just before the first completion call and just after the last one split
 * the calls into discovery, completion and marking. Everything else is the plug-ins' own code.
 */
function typesWithCompletionPhase(types: readonly ResourceType[], snapshot: () => Promise<Snapshot>) {
  let start: Promise<Snapshot> | undefined;
  let end: Snapshot | undefined;
  let inFlight = 0;
  const candidates: Record<string, number> = {};
  const wrapped = types.map((type): ResourceType => {
    if (!type.complete) return type;
    const complete = type.complete.bind(type);
    return {
      ...type,
      async complete(clients, resources) {
        inFlight += 1;
        candidates[type.id] = (candidates[type.id] ?? 0) + resources.length;
        start ??= snapshot();
        await start;
        try {
          return await complete(clients, resources);
        } finally {
          inFlight -= 1;
          if (inFlight === 0) end = await snapshot();
        }
      },
    };
  });
  return { types: wrapped, candidates, phases: async () => ({ start: start && (await start), end }) };
}

const diffCalls = (later: Record<string, number>, earlier: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(later)
      .map(([k, v]) => [k, v - (earlier[k] ?? 0)])
      .filter(([, v]) => (v as number) > 0),
  ) as Record<string, number>;

/** Starts the fake account and endpoint in a worker thread; `request` asks it for a message kind and waits for the answer. */
async function startWorker(input: BenchWorkerInput) {
  // The worker runs TypeScript through tsx's CommonJS hook, like this script.
  const bootstrap = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'endpoint-worker.ts'))});`;
  const worker = new Worker(bootstrap, { eval: true, workerData: input });
  const waiting = new Map<string, (message: any) => void>();
  const failed = new Promise<never>((_, reject) => {
    worker.on('error', reject);
    worker.on('message', (m) => m.kind === 'error' && reject(new Error(m.error)));
  });
  worker.on('message', (m) => {
    waiting.get(m.kind)?.(m);
    waiting.delete(m.kind);
  });
  const next = (kind: string) => Promise.race([new Promise<any>((resolve) => waiting.set(kind, resolve)), failed]);
  const ready = await next('ready');
  return {
    ready,
    async request(kind: 'stats' | 'close', answer: string) {
      const pending = next(answer);
      worker.postMessage({ kind });
      return pending;
    },
  };
}

async function runSize(n: number) {
  const worker = await startWorker({ n, region: REGION, latencyMs: LATENCY_MS, defaultPerSecond: DEFAULT_PER_SECOND, pageSizes: MAX_PAGE });
  const { perType, expected, url, accountId } = worker.ready as {
    perType: Record<string, number>;
    expected: Record<string, number>;
    url: string;
    accountId: string;
  };
  const config = parseConfig({
    dryRun: false,
    slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack-bot-token' },
    resourceTypes: [...SERVED_TYPE_IDS],
    limits: { maxMarksPerRun: 10_000, maxDeletionsPerRun: 10_000 },
  });
  const notifier = new RecordingNotifier();
  // One worker request at a time: its answers are matched by kind.
  let requests: Promise<unknown> = Promise.resolve();
  const snapshot = (): Promise<Snapshot> => {
    const next = requests.then(async () => ({
      at: Date.now(),
      calls: (await worker.request('stats', 'stats')).calls as Record<string, number>,
    }));
    requests = next.catch(() => undefined);
    return next;
  };
  const completion = typesWithCompletionPhase(enabledResourceTypes(SERVED_TYPE_IDS), snapshot);

  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 10);

  // The run logs one JSON line per decision (as in Lambda); serialized as usual, but not printed here.
  let logLines = 0;
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    logLines += 1;
    return chunk !== undefined;
  }) as typeof process.stdout.write;
  const elu0 = performance.eventLoopUtilization();
  const started = Date.now();
  let result: Awaited<ReturnType<typeof runNight>>;
  try {
    result = await runNight({
      config,
      target: { accountId, region: REGION, endpoint: url, credentials: async () => FAKE_CREDENTIALS },
      notifier,
      now: NOW,
      resourceTypes: completion.types,
      // One list call and one object per run in S3 for real; not part of what this bench measures.
      ledger: new InMemoryAnnouncementLedger(),
    });
  } finally {
    process.stdout.write = write;
  }
  const ended = Date.now();
  const janitorElu = performance.eventLoopUtilization(elu0).utilization;
  clearInterval(sampler);
  const end = process.memoryUsage();
  peakRss = Math.max(peakRss, end.rss);
  peakHeap = Math.max(peakHeap, end.heapUsed);
  const { start: completionStart, end: completionEnd } = await completion.phases();
  const stats = await worker.request('stats', 'stats');
  await worker.request('close', 'closed');
  const firstMarkAt: number | undefined = stats.firstMarkAt;

  const allCalls = stats.calls as Record<string, number>;
  const wallS = (ended - started) / 1000;
  // Without candidates to complete, discovery ends where marking starts, as before.
  const discoveryEnd = completionStart?.at ?? firstMarkAt ?? ended;
  const completionEndAt = completionEnd?.at ?? discoveryEnd;
  const discoveryS = (discoveryEnd - started) / 1000;
  const completionS = (completionEndAt - discoveryEnd) / 1000;
  const calls: Record<Phase, Record<string, number>> = { discovery: {}, completion: {}, marking: {} };
  if (completionStart && completionEnd) {
    calls.discovery = diffCalls(completionStart.calls, {});
    calls.completion = diffCalls(completionEnd.calls, completionStart.calls);
    calls.marking = diffCalls(allCalls, completionEnd.calls);
  } else {
    for (const [key, count] of Object.entries(allCalls)) (MARKING_OPS.has(key) ? calls.marking : calls.discovery)[key] = count;
  }
  for (const phase of PHASES) calls[phase] = Object.fromEntries(Object.entries(calls[phase]).sort());
  const discoveryCalls = calls.discovery;
  const per1000 = (c: Record<string, number>) =>
    Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Math.round((v * 100_000) / n) / 100]));
  const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

  // Marking: batches of 20 at TagResources' documented 5/s.
  const batchSizes: number[] = stats.tagBatches;
  const marked = batchSizes.reduce((sum, b) => sum + b, 0);
  const tagRate = DOCUMENTED_RATES['tagging:TagResources']!.perSecond;
  const expectedBatches = Math.ceil(marked / 20);

  const getResRate = DOCUMENTED_RATES['tagging:GetResources']!.perSecond;
  const lowerBoundDiscoveryS = Object.entries(expected).reduce(
    (sum, [key, calls]) => sum + (key === 'tagging:GetResources' ? minSeconds(calls, getResRate) : (calls * LATENCY_MS) / 1000),
    0,
  );
  const lowerBoundMarkingS = minSeconds(expectedBatches, tagRate);
  const lowerBoundS = lowerBoundDiscoveryS + lowerBoundMarkingS;

  // Operations whose call count exceeds the unavoidable pages/batches.
  const flags: { operation: string; calls: number; expected: number; why: string }[] = [];
  for (const [key, count] of Object.entries(discoveryCalls)) {
    const exp = expected[key] ?? 0;
    if (count <= exp) continue;
    const why =
      exp === 0
        ? `per-resource call: not a page fetch (${count} calls for ${n} resources)`
        : `more calls than pages at the API's maximum page size (${(MAX_PAGE as Record<string, number>)[key] ?? '?'})`;
    flags.push({ operation: key, calls: count, expected: exp, why });
  }
  // Completion: at most one call per candidate of the types with complete(), and none for the rest.
  const completionCandidates = sum(completion.candidates);
  const completionCalls = sum(calls.completion);
  const completableResources = Object.entries(perType as Record<string, number>)
    .filter(([id]) => completion.types.find((t) => t.id === id)?.complete)
    .reduce((total, [, count]) => total + count, 0);
  // By the fakes' service name (`dynamodb:DescribeTable` → the `dynamodb:` types' candidates).
  const candidatesOfService = (service: string) =>
    Object.entries(completion.candidates)
      .filter(([id]) => id.startsWith(`${service}:`))
      .reduce((total, [, count]) => total + count, 0);
  const tagReads = [...Object.keys(discoveryCalls), ...Object.keys(calls.completion)].filter((k) =>
    /ListTags|ListResourceTags|ListQueueTags|ListTagsOfResource|ListTagsForStream/.test(k),
  );

  const decisions: Record<string, number> = {};
  for (const d of result.decisions) decisions[d.decision.action ?? 'none'] = (decisions[d.decision.action ?? 'none'] ?? 0) + 1;

  return {
    resources: n,
    resourcesPerType: perType,
    discovered: result.decisions.length,
    logLines,
    // Share of the wall time each event loop was busy: the janitor's (SDK clients, decisions, logging) and the fake endpoint's.
    eventLoopUtilization: { janitor: round(janitorElu), fakeEndpoint: round(stats.elu) },
    listingErrors: result.report.listingErrors,
    marked,
    markFailures: result.report.failed.length,
    decisions,
    wallSeconds: round(wallS),
    discoverySeconds: round(discoveryS),
    completionSeconds: round(completionS),
    markingSeconds: round(wallS - discoveryS - completionS),
    lowerBoundSeconds: round(lowerBoundS),
    lowerBoundDiscoverySeconds: round(lowerBoundDiscoveryS),
    lowerBoundMarkingSeconds: round(lowerBoundMarkingS),
    ratio: round(wallS / lowerBoundS),
    discoveryRatio: round(discoveryS / lowerBoundDiscoveryS),
    calls,
    callsPer1000: { discovery: per1000(calls.discovery), completion: per1000(calls.completion), marking: per1000(calls.marking) },
    totalCalls: { discovery: sum(calls.discovery), completion: completionCalls, marking: sum(calls.marking) },
    totalCallsPer1000: {
      discovery: round((sum(calls.discovery) * 1000) / n),
      completion: round((completionCalls * 1000) / n),
      marking: round((sum(calls.marking) * 1000) / n),
    },
    completion: {
      // Resources handed to complete() (candidates: would be marked or deleted), per type, out of the completable types' resources.
      candidates: completion.candidates,
      candidatesTotal: completionCandidates,
      completableResources,
      calls: completionCalls,
      atMostOnePerCandidate: Object.entries(calls.completion).every(([op, count]) => count <= candidatesOfService(op.split(':')[0]!)),
    },
    expectedDiscoveryCalls: expected,
    throttled: stats.throttled,
    throttledTotal: Object.values(stats.throttled as Record<string, number>).reduce((a, b) => a + b, 0),
    errors: stats.errors,
    unserved: stats.unserved,
    memory: {
      baselineRssMB: mb(baseline.rss),
      peakRssMB: mb(peakRss),
      baselineHeapMB: mb(baseline.heapUsed),
      peakHeapMB: mb(peakHeap),
      peakHeapAboveBaselineMB: mb(peakHeap - baseline.heapUsed),
    },
    checks: {
      perResourceTagReads: tagReads,
      tagResourcesBatches: {
        calls: batchSizes.length,
        expected: expectedBatches,
        maxBatch: Math.max(0, ...batchSizes),
        allBatchesOf20ExceptLast: batchSizes.slice(0, -1).every((s) => s === 20),
      },
      flaggedOperations: flags,
      ratioWithin1_5: wallS / lowerBoundS <= 1.5,
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function measureBundle() {
  const dir = mkdtempSync(join(tmpdir(), 'janitor-bundle-'));
  try {
    const outfile = join(dir, 'index.js');
    // As lib/constructs/janitor-function.ts has NodejsFunction bundle it: minified CJS for Node,
    // AWS SDK bundled (no externals), source map without sources.
    await build({
      entryPoints: [join(ROOT, 'lambda/handlers/sweep.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node24',
      format: 'cjs',
      sourcemap: true,
      sourcesContent: false,
      outfile,
      logLevel: 'error',
    });
    const bytes = statSync(outfile).size;
    const mapBytes = statSync(`${outfile}.map`).size;
    const config = JSON.stringify(parseConfig({ slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack-bot-token' } }));
    const script = `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
    const time = (nodeOptions: string) => {
      const runs: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const out = execFileSync(process.execPath, ['-e', script], {
          env: {
            PATH: process.env.PATH,
            JANITOR_CONFIG: config,
            AWS_REGION: REGION,
            JANITOR_STACK_NAME: 'UntaggedResourceJanitor',
            NODE_OPTIONS: nodeOptions,
          },
          encoding: 'utf8',
        });
        runs.push(Number(out.trim().split('\n').pop()));
      }
      runs.sort((a, b) => a - b);
      return { medianMs: round(runs[2]!), runsMs: runs.map(round) };
    };
    return {
      bytes,
      megabytes: mb(bytes),
      sourceMapBytes: mapBytes,
      requireInit: time(''),
      requireInitWithSourceMaps: time('--enable-source-maps'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function markdown(results: any): string {
  const lines: string[] = [];
  const { machine, settings, runs, bundle } = results;
  lines.push('# Benchmark results (`npm run bench`)', '');
  lines.push(
    `Run ${machine.date} on ${machine.cpuModel} (${machine.cores} cores, ${machine.memoryGB} GB), ${machine.platform}, Node ${machine.node}.`,
    '',
  );
  lines.push('## Setup', '');
  lines.push(
    `- Fake AWS endpoint on loopback (\`test/fakes/http/aws-http-endpoint.ts\`): real SDK clients over real HTTP, **${settings.latencyMs} ms** fixed latency per call,`,
    `  token-bucket throttling per (region, service, operation): tagging API GetResources ${settings.rates['tagging:GetResources']}/s, TagResources/UntagResources ${settings.rates['tagging:TagResources']}/s (documented),`,
    `  every other operation ${settings.defaultRatePerSecond}/s (an assumption; BENCH_DEFAULT_RATE). Burst = one second's worth. Page sizes = each API's maximum (see results.json \`settings.maxPageSizes\`).`,
    `- \`runNight\` (lambda/run/nightly-run.ts), enforcing (dryRun false), caps at 10,000, a recording notifier instead of Slack. One region.`,
    `- Resources spread evenly over the **${settings.servedTypes.length} served types**: ${settings.servedTypes.map((t: string) => `\`${t}\``).join(', ')}.`,
    `  40% never tagged, 30% tagged compliant, 30% tagged non-compliant; all older than minimumAgeHours. ECS services sit 10 per cluster.`,
    `- **Not covered** (their services speak the query/XML protocols, which the fake endpoint does not serve): ${settings.notServedTypes.map((t: string) => `\`${t}\``).join(', ')}.`,
    `- Phases: **discovery** (the tagging-API sweep and every type's list calls), **completion** (types whose list call lacks the creation time or state — \`dynamodb:table\`, \`kms:key\`, \`sqs:queue\` — read it with one call per resource, for the night's candidates only: those the first decision would mark or delete; see lambda/run/complete-candidates.ts), **marking** (warning, then TagResources). Split by the endpoint's counts just before the first and just after the last completion call.`,
    `  This is a first night: every non-compliant resource of those types is a candidate (70% here). On later nights marked ones are waiting, and need no completion call until they are due.`,
    `- Lower bound = Σ unavoidable sequential page (and batched-describe) fetches at each API's maximum page size × latency, with GetResources limited to 15/s,`,
    `  + TagResources batches of 20 at 5/s (beyond the burst). Per-resource calls (completion included) are not in the lower bound, though the wall time includes them. The fake account and endpoint run in a worker thread (their CPU time is not the janitor's); peak heap is the janitor's thread only, RSS is the whole process (worker included).`,
    '',
  );
  lines.push('## Summary', '');
  lines.push(
    '| N | discovered | marked | wall s | discovery s | completion s | marking s | lower bound s | wall / lower bound | discovery / its bound | calls: discovery | calls: completion | calls: marking | throttled | peak RSS MB | peak heap MB |',
  );
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of runs) {
    lines.push(
      `| ${r.resources} | ${r.discovered} | ${r.marked} | ${r.wallSeconds} | ${r.discoverySeconds} | ${r.completionSeconds} | ${r.markingSeconds} | ${r.lowerBoundSeconds} | **${r.ratio}** | ${r.discoveryRatio} | ${r.totalCalls.discovery} | ${r.totalCalls.completion} | ${r.totalCalls.marking} | ${r.throttledTotal} | ${r.memory.peakRssMB} | ${r.memory.peakHeapMB} |`,
    );
  }
  lines.push('');
  lines.push('Calls per 1,000 resources, by phase:', '');
  lines.push('| N | discovery | completion | marking |');
  lines.push('| --- | --- | --- | --- |');
  for (const r of runs)
    lines.push(
      `| ${r.resources} | ${r.totalCallsPer1000.discovery} | ${r.totalCallsPer1000.completion} | ${r.totalCallsPer1000.marking} |`,
    );
  lines.push('');
  lines.push('## Targets', '');
  for (const r of runs) {
    const c = r.checks;
    lines.push(`### N = ${r.resources}`, '');
    lines.push(`- wall / lower bound = ${r.ratio} (target ≤ 1.5 at 10,000): ${c.ratioWithin1_5 ? 'met' : '**not met**'}`);
    lines.push(`- per-resource tag reads (ListTags…): ${c.perResourceTagReads.length === 0 ? 'none' : c.perResourceTagReads.join(', ')}`);
    lines.push(
      `- TagResources: ${c.tagResourcesBatches.calls} calls for ${r.marked} marks (expected ${c.tagResourcesBatches.expected}), largest batch ${c.tagResourcesBatches.maxBatch}, all full batches of 20: ${c.tagResourcesBatches.allBatchesOf20ExceptLast ? 'yes' : 'no'}`,
    );
    const perResource = c.flaggedOperations.filter((f: any) => f.expected === 0);
    lines.push(
      `- per-resource calls in discovery: ${perResource.length === 0 ? 'none' : perResource.map((f: any) => `\`${f.operation}\``).join(', ')}`,
    );
    const k = r.completion;
    lines.push(
      `- completion: ${k.calls} calls for ${k.candidatesTotal} candidates (${
        Object.entries(k.candidates)
          .map(([t, v]) => `${t} ${v}`)
          .join(', ') || 'none'
      }) out of ${k.completableResources} resources of the completed types; at most one call per candidate: ${k.atMostOnePerCandidate ? 'yes' : '**no**'}; ${r.totalCallsPer1000.completion} per 1,000 resources`,
    );
    if (c.flaggedOperations.length === 0) lines.push('- no discovery operation grows beyond its page count');
    else {
      lines.push('- discovery operations beyond their page count (flagged):');
      for (const f of c.flaggedOperations) lines.push(`  - \`${f.operation}\`: ${f.calls} calls, ${f.expected} unavoidable — ${f.why}`);
    }
    if (r.listingErrors.length > 0) lines.push(`- listing errors: ${JSON.stringify(r.listingErrors)}`);
    if (Object.keys(r.throttled).length > 0) lines.push(`- throttled responses: ${JSON.stringify(r.throttled)}`);
    lines.push('');
  }
  lines.push('## API calls per 1,000 resources', '');
  const last = runs.at(-1);
  lines.push(
    `| operation | phase | ${runs.map((r: any) => `N=${r.resources} (calls / per 1k)`).join(' | ')} | unavoidable at N=${last.resources} |`,
  );
  lines.push(`| --- | --- | ${runs.map(() => '---').join(' | ')} | --- |`);
  for (const phase of PHASES) {
    const ops = [...new Set(runs.flatMap((r: any) => Object.keys(r.callsPer1000[phase] ?? {})))].sort() as string[];
    for (const op of ops) {
      const cells = runs.map((r: any) => `${r.calls[phase][op] ?? 0} / ${r.callsPer1000[phase][op] ?? 0}`);
      const unavoidable =
        phase === 'marking'
          ? MARKING_OPS.has(op)
            ? last.checks.tagResourcesBatches.expected
            : 0
          : phase === 'completion'
            ? `≤ ${last.completion.candidates[Object.keys(last.completion.candidates).find((t) => t.startsWith(`${op.split(':')[0]}:`)) ?? ''] ?? 0} (one per candidate)`
            : (last.expectedDiscoveryCalls[op] ?? 0);
      lines.push(`| \`${op}\` | ${phase} | ${cells.join(' | ')} | ${unavoidable} |`);
    }
  }
  lines.push('');
  if (bundle) {
    lines.push('## Lambda bundle', '');
    lines.push(
      `- \`lambda/handler.ts\` bundled with the local esbuild as NodejsFunction does (minify, cjs, platform node, target node24, AWS SDK bundled): **${bundle.bytes.toLocaleString('en-US')} bytes** (${bundle.megabytes} MB), source map ${bundle.sourceMapBytes.toLocaleString('en-US')} bytes.`,
      `- Init (time to \`require()\` the bundle in a fresh \`node\` with a valid JANITOR_CONFIG), median of 5: **${bundle.requireInit.medianMs} ms** (runs ${bundle.requireInit.runsMs.join(', ')}); with \`--enable-source-maps\` as the function sets it: ${bundle.requireInitWithSourceMaps.medianMs} ms.`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  if (process.env.BENCH_REPORT_ONLY) {
    // Re-render RESULTS.md from the last results.json, without running anything.
    writeFileSync(join(ROOT, 'bench/RESULTS.md'), markdown(JSON.parse(readFileSync(join(ROOT, 'bench/results.json'), 'utf8'))));
    return;
  }
  const runs = [];
  for (const n of SIZES) {
    process.stderr.write(`bench: N=${n} ...\n`);
    const r = await runSize(n);
    process.stderr.write(
      `bench: N=${n} wall ${r.wallSeconds}s, lower bound ${r.lowerBoundSeconds}s, ratio ${r.ratio}, throttled ${r.throttledTotal}\n`,
    );
    runs.push(r);
  }
  const bundle = process.env.BENCH_SKIP_BUNDLE ? undefined : await measureBundle();
  const results = {
    machine: {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGB: Math.round(totalmem() / 1024 ** 3),
      platform: `${platform()} ${arch()}`,
    },
    settings: {
      latencyMs: LATENCY_MS,
      rates: Object.fromEntries(Object.entries(DOCUMENTED_RATES).map(([k, v]) => [k, v.perSecond])),
      defaultRatePerSecond: DEFAULT_PER_SECOND,
      maxPageSizes: MAX_PAGE,
      servedTypes: SERVED_TYPE_IDS,
      notServedTypes: NOT_SERVED,
    },
    runs,
    bundle,
  };
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), markdown(results));
  process.stderr.write(readFileSync(join(ROOT, 'bench/RESULTS.md'), 'utf8'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
