/**
 * What a night of the simulated organization would take and cost on AWS, modelled from the calls
 * the sweeps actually made (the in-memory fake answers at once, so its wall time says nothing of
 * AWS's). Assumptions, stated in the report: every AWS call takes LATENCY_MS; a sweep keeps
 * `listingConcurrency` calls in flight (discovery's bound, the longest phase); the Distributed
 * Map runs `mapConcurrency` sweeps at once; a sweep also spends the CPU the in-process run measured
 * (an upper bound: the fakes' CPU is in it); a warm sweep adds no start-up time.
 */

/** Assumed round trip of one AWS API call, as in the main bench's headline (bench/RESULTS.md). */
export const LATENCY_MS = 30;
/** The sweep Lambda's memory (lib/constructs/janitor-function.ts). */
export const SWEEP_MEMORY_GB = 1;
/** Lambda arm64, per GB-second, and per request (https://aws.amazon.com/lambda/pricing/, us-east-1). */
export const LAMBDA_USD_PER_GB_SECOND = 0.0000133334;
export const LAMBDA_USD_PER_REQUEST = 0.2 / 1e6;
/** Standard workflows, per state transition (https://aws.amazon.com/step-functions/pricing/). */
export const SFN_USD_PER_TRANSITION = 0.025 / 1000;
/** Lambda bills at least 1 ms per invocation; a sweep also reads its run objects (a few calls). */
const MIN_SWEEP_MS = 1;

export interface NightModelInput {
  /** AWS calls each sweep made, one entry per target. */
  readonly callsPerTarget: readonly number[];
  readonly failedTargets: number;
  readonly reportInvocations: number;
  readonly listingConcurrency: number;
  readonly mapConcurrency: number;
  /** CPU the sweeps used in-process (an upper bound of the janitor's: the fakes' work is in it). */
  readonly cpuSeconds: number;
}

export interface NightModel {
  readonly calls: { readonly min: number; readonly median: number; readonly max: number; readonly total: number };
  /** Σ over targets of ⌈calls ÷ listingConcurrency⌉ × latency, plus the sweeps' CPU. */
  readonly sweepSeconds: number;
  /** The Map's part of the night: sweepSeconds ÷ mapConcurrency (the slowest sweep if longer). */
  readonly mapSeconds: number;
  readonly transitions: number;
  readonly usd: { readonly lambda: number; readonly stepFunctions: number; readonly total: number };
}

export function modelNight(input: NightModelInput): NightModel {
  const sorted = [...input.callsPerTarget].sort((a, b) => a - b);
  const perTargetMs = sorted.map((calls) => Math.max(MIN_SWEEP_MS, Math.ceil(calls / input.listingConcurrency) * LATENCY_MS));
  const sweepSeconds = perTargetMs.reduce((sum, ms) => sum + ms, 0) / 1000 + input.cpuSeconds;
  const mapSeconds = Math.max(sweepSeconds / input.mapConcurrency, (perTargetMs.at(-1) ?? 0) / 1000);
  // One Task per child execution, a Pass for each caught failure; plan, Map, report (and its Choice) per loop.
  const transitions = sorted.length + input.failedTargets + 2 + 2 * input.reportInvocations;
  const lambda = sweepSeconds * SWEEP_MEMORY_GB * LAMBDA_USD_PER_GB_SECOND + sorted.length * LAMBDA_USD_PER_REQUEST;
  const stepFunctions = transitions * SFN_USD_PER_TRANSITION;
  return {
    calls: {
      min: sorted[0] ?? 0,
      median: sorted[Math.floor(sorted.length / 2)] ?? 0,
      max: sorted.at(-1) ?? 0,
      total: sorted.reduce((sum, c) => sum + c, 0),
    },
    sweepSeconds,
    mapSeconds,
    transitions,
    usd: { lambda, stepFunctions, total: lambda + stepFunctions },
  };
}
