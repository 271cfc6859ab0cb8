/**
 * The fake AWS account and its loopback endpoint, in a worker thread: the fake's own CPU time (its
 * in-memory scans, serialization) does not run on the janitor's event loop, as a remote AWS would not.
 * Every answered request is logged with its operation, outcome and time, so the bench can split
 * the calls into the run's phases afterwards without pausing the run.
 * Messages in: `{ kind: 'stats' }`, `{ kind: 'close' }`. Out: `ready`, `stats`, `closed`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RESOURCE_TYPES } from '../lambda/resources/registry';
import { FakeAccount } from '../test/fakes/fake-account';
import { startAwsHttpEndpoint } from '../test/fakes/http/aws-http-endpoint';
import { fakeServicesOf } from '../test/fakes/install';
import { BENCH_TYPE_IDS, MAX_PAGE, unavoidableDiscoveryCalls } from './pages';
import { seedBenchAccount } from './seed';
import { clockMs } from './settings';
import { type CallLog, LOAD_SAMPLE_MS, type LoadSamples, type WorkerInput, type WorkerReady, type WorkerStats } from './worker-protocol';

/** The event loop's use, sampled, so the bench can tell how busy the fake was in each phase. */
function sampleLoad(): LoadSamples {
  const loads: LoadSamples = { at: [], active: [], idle: [] };
  const sample = () => {
    const { active, idle } = performance.eventLoopUtilization();
    loads.at.push(clockMs());
    loads.active.push(active);
    loads.idle.push(idle);
  };
  sample();
  setInterval(sample, LOAD_SAMPLE_MS).unref();
  return loads;
}

async function main() {
  const input = workerData as WorkerInput;
  const account = new FakeAccount();
  const perType = seedBenchAccount(account, input.size, input.region);
  const swept = RESOURCE_TYPES.filter((t) => !t.tagsFromList).map((t) => t.id);
  const unavoidable = unavoidableDiscoveryCalls(account, input.region, BENCH_TYPE_IDS, swept);
  const log: CallLog = { ops: [], outcomes: [], at: [] };
  const opIndex = new Map<string, number>();
  const endpoint = await startAwsHttpEndpoint({
    services: fakeServicesOf(account),
    latencyMs: input.latencyMs,
    throttling: { defaultRate: { perSecond: input.defaultPerSecond } },
    pageSizes: MAX_PAGE,
    // An error answer is seen twice, served and then error: the call is counted once, as served.
    observer: (key, outcome) => {
      if (outcome === 'error') return;
      let index = opIndex.get(key);
      if (index === undefined) {
        index = log.ops.length;
        log.ops.push(key);
        opIndex.set(key, index);
      }
      log.outcomes.push(outcome === 'throttled' ? -index - 1 : index);
      log.at.push(clockMs());
    },
  });
  const elu0 = performance.eventLoopUtilization();
  const loads = sampleLoad();
  const ready: WorkerReady = { kind: 'ready', url: endpoint.url, accountId: account.accountId, perType, unavoidable };
  parentPort!.postMessage(ready);
  parentPort!.on('message', async (message: { kind: string }) => {
    if (message.kind === 'stats') {
      const stats: WorkerStats = {
        kind: 'stats',
        calls: Object.fromEntries(endpoint.stats.calls),
        throttled: Object.fromEntries(endpoint.stats.throttled),
        errors: Object.fromEntries(endpoint.stats.errors),
        unserved: Object.fromEntries(endpoint.stats.unserved),
        log,
        tagBatches: account.callsOf('TagResources').map((c) => (c.input.ResourceARNList ?? []).length),
        elu: performance.eventLoopUtilization(elu0).utilization,
        loads,
      };
      parentPort!.postMessage(stats);
    } else if (message.kind === 'close') {
      await endpoint.close();
      parentPort!.postMessage({ kind: 'closed' });
      parentPort!.close();
    }
  });
}

main().catch((error) => {
  parentPort!.postMessage({ kind: 'error', error: String(error?.stack ?? error) });
});
