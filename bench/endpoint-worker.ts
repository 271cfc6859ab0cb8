/**
 * The fake AWS account and its loopback endpoint, in a worker thread: the fake's own CPU time (its
 * in-memory scans, JSON) does not run on the janitor's event loop, as a remote AWS would not.
 * Messages in: `{ kind: 'stats' }`, `{ kind: 'close' }`. Out: `ready`, `stats`, `closed`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FakeAccount } from '../test/fakes/fake-account';
import { startAwsHttpEndpoint } from '../test/fakes/http/aws-http-endpoint';
import { fakeServicesOf } from '../test/fakes/install';
import { type BenchWorkerInput, seedBenchAccount } from './seed';

async function main() {
  const input = workerData as BenchWorkerInput;
  const account = new FakeAccount();
  const seeded = seedBenchAccount(account, input.n, input.region);
  let firstMarkAt: number | undefined;
  const endpoint = await startAwsHttpEndpoint({
    services: fakeServicesOf(account),
    latencyMs: input.latencyMs,
    throttling: { defaultRate: { perSecond: input.defaultPerSecond } },
    pageSizes: input.pageSizes,
    observer: (key) => {
      if ((key === 'tagging:TagResources' || key === 'tagging:UntagResources') && firstMarkAt === undefined) firstMarkAt = Date.now();
    },
  });
  const elu0 = performance.eventLoopUtilization();
  parentPort!.postMessage({ kind: 'ready', url: endpoint.url, accountId: account.accountId, ...seeded });
  parentPort!.on('message', async (message: { kind: string }) => {
    if (message.kind === 'stats') {
      const tagBatches = account.callsOf('TagResources').map((c) => (c.input.ResourceARNList ?? []).length);
      parentPort!.postMessage({
        kind: 'stats',
        calls: Object.fromEntries(endpoint.stats.calls),
        throttled: Object.fromEntries(endpoint.stats.throttled),
        errors: Object.fromEntries(endpoint.stats.errors),
        unserved: Object.fromEntries(endpoint.stats.unserved),
        tagBatches,
        firstMarkAt,
        elu: performance.eventLoopUtilization(elu0).utilization,
      });
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
