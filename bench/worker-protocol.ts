/** The messages between the bench and its endpoint worker (bench/endpoint-worker.ts). */

export interface WorkerInput {
  readonly size: number;
  readonly region: string;
  readonly latencyMs: number;
  readonly defaultPerSecond: number;
}

/**
 * Every answered request in arrival order: `outcomes[i]` is the index into `ops` of a served
 * call, or `-(index + 1)` of a throttled one; `at[i]` its time (`clockMs`), just before the answer
 * is sent (after the fixed latency).
 */
export interface CallLog {
  readonly ops: string[];
  readonly outcomes: number[];
  readonly at: number[];
}

export interface WorkerReady {
  readonly kind: 'ready';
  readonly url: string;
  readonly accountId: string;
  /** Resources per type, as the janitor lists them. */
  readonly perType: Record<string, number>;
  /** The calls discovery cannot avoid, by operation (bench/pages.ts). */
  readonly unavoidable: Record<string, number>;
}

export interface WorkerStats {
  readonly kind: 'stats';
  readonly calls: Record<string, number>;
  readonly throttled: Record<string, number>;
  readonly errors: Record<string, number>;
  readonly unserved: Record<string, number>;
  readonly log: CallLog;
  /** ARNs per TagResources call, in order. */
  readonly tagBatches: number[];
  /** Share of the time the endpoint's event loop was busy. */
  readonly elu: number;
  readonly loads: LoadSamples;
}

/** A thread's event-loop use so far (cumulative ms active and idle), sampled every `LOAD_SAMPLE_MS` with the time (`clockMs`). */
export interface LoadSamples {
  readonly at: number[];
  readonly active: number[];
  readonly idle: number[];
}

export const LOAD_SAMPLE_MS = 100;
