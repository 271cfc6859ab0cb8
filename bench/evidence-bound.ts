/**
 * The least time an evidence read can take, from the calls it actually made: the main bench's
 * terms (bench/bounds.ts: chain × L, calls ÷ concurrency × L, the token buckets), applied to each
 * stage of the read in the order the code makes its calls. A stage waits for the one before, so the
 * read's bound is the sum of its stages':
 *
 *   bound(stage) = max(L × max(⌈calls ÷ width⌉, longest chain inside the stage), (calls − burst) ÷ rate)
 *   bound(read)  = Σ bound(stage)
 *
 * Stacks (lambda/iac/cloudformation-evidence.ts): ListStacks' pages one after another; the cache's
 * GetObject; ListStackResources for the stacks to list, PER_RESOURCE_READ_CONCURRENCY (5) stacks at
 * a time (readEach), each stack's pages one after another; the cache's PutObject.
 * State files (lambda/iac/state-files.ts, read-evidence.ts): per source, one after another, the
 * ListObjectsV2 pages, then the objects STATE_OBJECTS_AT_ONCE (5) at a time.
 *
 * With one stage of width 1 this is the main bench's chain term; over a stage of width 5 its
 * concurrency term; the rate term is its token bucket. CPU (SDK parsing, JSON, the state parsers) is
 * not in the bound: it is what wall ÷ bound shows.
 */
import type { Throttle } from '../test/fakes/http/throttle';

export interface Stage {
  readonly name: string;
  /** `service:Operation` as the endpoint counts it. */
  readonly op: string;
  readonly calls: number;
  /** Calls in flight at once. */
  readonly width: number;
  /** Latencies one item of the stage needs on its own (a stack's pages); default 1. */
  readonly longestChain?: number;
}

export interface StageBound {
  readonly name: string;
  readonly op: string;
  readonly calls: number;
  readonly width: number;
  readonly latencySeconds: number;
  readonly rateSeconds: number;
  readonly seconds: number;
  readonly binding: 'latency' | 'rate';
}

export interface ReadBound {
  readonly seconds: number;
  readonly stages: StageBound[];
  /** The main bench's terms over the whole read, for comparison (bench/bounds.ts). */
  readonly mainBench: { readonly chain: number; readonly concurrency: number; readonly rate: number; readonly seconds: number };
  /** The stage that contributes most, and why. */
  readonly dominant: string;
}

export function readBound(stages: readonly Stage[], latencyMs: number, throttle: Throttle): ReadBound {
  const L = latencyMs / 1000;
  const rateOf = (op: string, calls: number) => {
    const [service = '', operation = ''] = op.split(':');
    const rate = throttle.rateOf(service, operation);
    return Math.max(0, calls - Math.max(1, rate.burst ?? rate.perSecond)) / rate.perSecond;
  };
  const bounds: StageBound[] = stages
    .filter((s) => s.calls > 0)
    .map((s) => {
      const latencySeconds = L * Math.max(Math.ceil(s.calls / s.width), s.longestChain ?? 1);
      const rateSeconds = rateOf(s.op, s.calls);
      return {
        name: s.name,
        op: s.op,
        calls: s.calls,
        width: s.width,
        latencySeconds,
        rateSeconds,
        seconds: Math.max(latencySeconds, rateSeconds),
        binding: rateSeconds > latencySeconds ? 'rate' : 'latency',
      };
    });
  const seconds = bounds.reduce((a, b) => a + b.seconds, 0);
  const calls = bounds.reduce((a, b) => a + b.calls, 0);
  const byOp = new Map<string, number>();
  for (const b of bounds) byOp.set(b.op, (byOp.get(b.op) ?? 0) + b.calls);
  const chain = bounds.reduce((a, b) => a + b.latencySeconds, 0);
  const widest = Math.max(1, ...bounds.map((b) => b.width));
  const rate = Math.max(0, ...[...byOp].map(([op, n]) => rateOf(op, n)));
  const top = bounds.reduce<StageBound | undefined>((a, b) => (!a || b.seconds > a.seconds ? b : a), undefined);
  return {
    seconds,
    stages: bounds,
    mainBench: { chain, concurrency: (L * calls) / widest, rate, seconds: Math.max(chain, (L * calls) / widest, rate) },
    dominant: top ? `${top.name} (${top.binding})` : '—',
  };
}
