/**
 * The least time a phase can take, from the calls it actually made (a bound that is one: no run
 * of the same calls can be faster, however the engine were tuned, short of making fewer calls).
 *
 *   bound = max(chain, workers, concurrency, rate, slack)
 *   chain       = L × the longest chain: the engine's own chain, or one type's (bench/shapes.ts)
 *   workers     = L × Σ over types of their chains ÷ 8 (8 types are listed, or completed, at once)
 *   concurrency = L × calls ÷ C, C = the most calls that can be in flight at once
 *   rate        = max over operations of (calls − burst) ÷ rate, the fake's token buckets
 *   slack       = (messages − 1) × Slack's per-channel interval
 *
 * L is the fixed latency per call. A run's bound is the sum of its phases' (they run one after another).
 */
import type { Throttle } from '../test/fakes/http/throttle';
import type { Phase } from './phases';
import { CHAIN, chainLength, engineShape, type Shape, TYPE_WORKERS } from './shapes';

export interface PhaseBoundInput {
  readonly phase: Phase;
  readonly latencyMs: number;
  /** The endpoint's served calls in the phase, by `service:Operation`. */
  readonly served: Readonly<Record<string, number>>;
  /** Each type's calls in the phase (by command) and their shape. */
  readonly types: Readonly<Record<string, { readonly calls: Readonly<Record<string, number>>; readonly shape: Shape }>>;
  /** Slack messages posted to the channel in the phase, with the interval Slack enforces between them. */
  readonly slack?: { readonly messages: number; readonly intervalMs: number };
}

export type Term = 'chain' | 'workers' | 'concurrency' | 'rate' | 'slack';

export interface PhaseBound {
  readonly seconds: number;
  /** The term the bound is (the largest). */
  readonly binding: Term;
  readonly terms: Record<Term, number>;
  /** Whose chain is the longest, and how many latencies it is. */
  readonly longestChain: { readonly lane: string; readonly latencies: number };
  /** The operation whose bucket gives the rate term. */
  readonly rateOperation?: string;
  readonly calls: number;
  /** Calls no plug-in made: the engine's own (sweep, marking, IaC evidence). */
  readonly engineCalls: number;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/** Seconds the fake's token bucket for `op` needs for `calls` beyond its burst. */
function rateSeconds(throttle: Throttle, op: string, calls: number): number {
  const [service = '', operation = ''] = op.split(':');
  const rate = throttle.rateOf(service, operation);
  return Math.max(0, calls - Math.max(1, rate.burst ?? rate.perSecond)) / rate.perSecond;
}

function slowestBucket(throttle: Throttle, served: Readonly<Record<string, number>>) {
  let worst: { op?: string; seconds: number } = { seconds: 0 };
  for (const [op, calls] of Object.entries(served)) {
    const seconds = rateSeconds(throttle, op, calls);
    if (seconds > worst.seconds) worst = { op, seconds };
  }
  return worst;
}

export function phaseBound(input: PhaseBoundInput, throttle: Throttle): PhaseBound {
  const L = input.latencyMs / 1000;
  const calls = sum(Object.values(input.served));
  const typeCalls = sum(Object.values(input.types).map((t) => sum(Object.values(t.calls))));
  const engineCalls = Math.max(0, calls - typeCalls);
  // Before anything is listed the engine's calls are all its own, so they are known by operation.
  const shape = engineShape(input.phase);
  const engineChain = engineCalls === 0 ? 0 : chainLength(shape, input.phase === 'setup' ? input.served : { engine: engineCalls });
  const typeChains = Object.entries(input.types).map(([id, t]) => ({
    lane: id,
    latencies: chainLength(t.shape, t.calls),
    width: t.shape.width,
  }));
  const longestChain = [{ lane: 'engine', latencies: engineChain }, ...typeChains].reduce((a, b) => (b.latencies > a.latencies ? b : a));
  const widths = typeChains.map((t) => t.width).sort((a, b) => b - a);
  const inFlight = (engineCalls > 0 ? shape.width : 0) + sum(widths.slice(0, TYPE_WORKERS));
  const rate = slowestBucket(throttle, input.served);
  const messages = input.slack?.messages ?? 0;
  const terms: Record<Term, number> = {
    chain: L * longestChain.latencies,
    workers: (L * sum(typeChains.map((t) => t.latencies))) / TYPE_WORKERS,
    concurrency: inFlight > 0 ? (L * calls) / inFlight : 0,
    rate: rate.seconds,
    slack: messages > 0 ? ((messages - 1) * (input.slack?.intervalMs ?? 0)) / 1000 : 0,
  };
  const binding = (Object.keys(terms) as Term[]).reduce((a, b) => (terms[b] > terms[a] ? b : a));
  return {
    seconds: terms[binding],
    binding,
    terms,
    longestChain: { lane: longestChain.lane, latencies: longestChain.latencies },
    rateOperation: rate.op,
    calls,
    engineCalls,
  };
}

/** The least time one type's listing or completion takes: its own chain of latencies. */
export function typeChainSeconds(calls: Readonly<Record<string, number>>, shape: Shape = CHAIN, latencyMs: number): number {
  return (chainLength(shape, calls) * latencyMs) / 1000;
}
