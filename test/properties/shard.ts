import fc from 'fast-check';
import { expect } from 'vitest';
import { heapAfterGc } from '../fakes/heap';
import { type Census, emptyCensus, formatCensus, shortfalls } from './census';
import { type HistoryOptions, runHistory } from './history';
import { history } from './world';

/**
 * The safety property, split into shards that vitest runs in parallel (one file each). Each shard
 * has its own seed, printed with its result, so any failure is reproducible with
 * PROPERTY_SEED=<seed>, the same PROPERTY_HISTORIES and that shard's file.
 */

/** CI runs 10,000 histories (.ci/run sets PROPERTY_HISTORIES); a local `npm test` a quick 400. */
export const TOTAL_HISTORIES = Number(process.env.PROPERTY_HISTORIES ?? 400);
export const SHARDS = 2;

export interface ShardRun {
  readonly census: Census;
  readonly seed: number;
  readonly histories: number;
  /** Heap in use after full GCs, after the first HEAP_BASELINE_AT histories and at the end. */
  readonly heap?: { readonly baseline: number; readonly end: number };
}

/** Histories after which the heap is first measured; later growth is what each history leaves behind. */
export const HEAP_BASELINE_AT = 100;

/** A fresh seed per shard, or PROPERTY_SEED as given (to replay the shard that printed it). */
export function shardSeed(shard: number): number {
  if (process.env.PROPERTY_SEED) return Number(process.env.PROPERTY_SEED);
  return (Date.now() + shard * 7919) % 2 ** 31;
}

/** Runs this shard's share of the histories; fast-check shrinks and reports any counterexample. */
export async function runShard(shard: number, options: HistoryOptions = {}): Promise<ShardRun> {
  const histories = Math.ceil(TOTAL_HISTORIES / SHARDS);
  const seed = shardSeed(shard);
  const census = emptyCensus();
  let baseline: number | undefined;
  await fc.assert(
    fc.asyncProperty(history, async (h) => {
      await runHistory(h, census, options);
      if (census.histories === HEAP_BASELINE_AT) baseline = heapAfterGc();
    }),
    { numRuns: histories, seed },
  );
  const heap = baseline === undefined ? undefined : { baseline, end: heapAfterGc() };
  const heapLine = heap
    ? `\n  heap in use after GC: ${mb(heap.baseline)} after ${HEAP_BASELINE_AT} histories, ${mb(heap.end)} after ${census.histories}`
    : '';
  console.log(`${formatCensus(census, `property shard ${shard + 1}/${SHARDS} (seed ${seed})`)}${heapLine}`);
  return { census, seed, histories, heap };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * Each listed situation and decision path at least this often per shard: 1% of the histories at
 * CI's size; at a quick local size (the rarest path, a re-created ARN, comes about 8 times per 100
 * histories) at least once.
 */
export function minimumOccurrences(histories: number): number {
  return histories >= 1000 ? Math.floor(histories / 100) : 1;
}

/** Heap growth allowed between the baseline and the end, whatever the number of histories. */
export const MAX_HEAP_GROWTH_BYTES = 64e6;

export function expectFullCoverage(run: ShardRun): void {
  expect(run.census.histories).toBe(run.histories);
  if (run.heap)
    expect(run.heap.end - run.heap.baseline, 'heap grew: something each history used stays reachable').toBeLessThan(MAX_HEAP_GROWTH_BYTES);
  expect(shortfalls(run.census, minimumOccurrences(run.histories)), `the generator stopped producing these (seed ${run.seed})`).toEqual([]);
}
