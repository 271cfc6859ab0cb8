/** Starts the endpoint worker (bench/endpoint-worker.ts) and talks to it. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerReady, WorkerStats } from './worker-protocol';

export interface EndpointWorker {
  readonly ready: WorkerReady;
  stats(): Promise<WorkerStats>;
  close(): Promise<void>;
}

/** The fake account and endpoint in a worker thread; resolves once it is seeded and listening. */
export async function startEndpointWorker(input: WorkerInput): Promise<EndpointWorker> {
  // The worker runs TypeScript through tsx's CommonJS hook, like this script.
  const bootstrap = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'endpoint-worker.ts'))});`;
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
  const ready = await next<WorkerReady>('ready');
  return {
    ready,
    stats: () => ask<WorkerStats>('stats', 'stats'),
    close: async () => {
      await ask('close', 'closed');
    },
  };
}
