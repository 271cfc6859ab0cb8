import fc from 'fast-check';
import { expect } from 'vitest';
import { emptyCensus, formatCensus, shortfalls, type Census } from './census';
import { runHistory, type HistoryOptions } from './history';
import { history } from './world';

/**
 * The safety property, split into shards that vitest runs in parallel (one file each). Each shard
 * has its own seed, printed with its result, so any failure is reproducible with
 * PROPERTY_SEED=<seed> and that shard's file.
 */

/** CI runs 10,000 histories (.ci/run sets PROPERTY_HISTORIES); a local `npm test` a quick 400. */
export const TOTAL_HISTORIES = Number(process.env.PROPERTY_HISTORIES ?? 400);
export const SHARDS = 2;

export interface ShardRun {
  readonly census: Census;
  readonly seed: number;
  readonly histories: number;
}

export function shardSeed(shard: number): number {
  const base = process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : Date.now() % 2 ** 31;
  return (base + shard * 7919) % 2 ** 31;
}

/** Runs this shard's share of the histories; fast-check shrinks and reports any counterexample. */
export async function runShard(shard: number, options: HistoryOptions = {}): Promise<ShardRun> {
  const histories = Math.ceil(TOTAL_HISTORIES / SHARDS);
  const seed = shardSeed(shard);
  const census = emptyCensus();
  await fc.assert(
    fc.asyncProperty(history, (h) => runHistory(h, census, options)),
    { numRuns: histories, seed },
  );
  console.log(`${formatCensus(census, `property shard ${shard + 1}/${SHARDS} (seed ${seed})`)}`);
  return { census, seed, histories };
}

/** Each listed situation and decision path at least this often per shard; scales with the histories. */
export function minimumOccurrences(histories: number): number {
  return Math.max(2, Math.floor(histories / 100));
}

export function expectFullCoverage(run: ShardRun): void {
  expect(run.census.histories).toBe(run.histories);
  expect(shortfalls(run.census, minimumOccurrences(run.histories)), `the generator stopped producing these (seed ${run.seed})`).toEqual([]);
}
