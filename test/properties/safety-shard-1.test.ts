import { describe, it } from 'vitest';
import { expectFullCoverage, runShard, SHARDS, TOTAL_HISTORIES } from './shard';

describe('the janitor never deletes what it must not (shard 1)', () => {
  it(`holds over ${Math.ceil(TOTAL_HISTORIES / SHARDS)} random multi-night histories, which cover every listed situation and leave the heap flat`, async () => {
    expectFullCoverage(await runShard(0));
  }, 1_800_000);
});
