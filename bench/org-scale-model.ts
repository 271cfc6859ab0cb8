/**
 * What a night of the simulated organization would take and cost on AWS, modelled from the calls
 * the sweeps actually made (the in-memory fake answers at once, so its wall time says nothing of
 * AWS's). Assumptions, stated in the report: a call to the janitor's home region takes
 * HOME_RTT_MS, a call to any other region REMOTE_RTT_MS (the sweep Lambda runs in the home region
 * and calls each target region's endpoints); each SDK client a sweep creates opens its own
 * connection, HANDSHAKE_RTTS round trips before its first call; a sweep keeps
 * `listingConcurrency` calls in flight (discovery's bound, its longest phase); the Distributed Map
 * runs `mapConcurrency` sweeps at once; a sweep also spends the CPU the in-process run measured (an
 * upper bound: the fakes' CPU is in it); a warm sweep adds no start-up time.
 */

/** A call inside the home region, as in the main bench's headline (bench/RESULTS.md). */
export const HOME_RTT_MS = 30;
/**
 * A call from the home region (eu-west-1) to another region: about the farthest pair's round trip,
 * Ireland to Sydney (~300 ms in public inter-region measurements); most pairs are far nearer.
 */
export const REMOTE_RTT_MS = 300;
/** A new HTTPS connection: TCP's handshake and TLS 1.3's, one round trip each. */
export const HANDSHAKE_RTTS = 2;
/** The sweep Lambda's memory (lib/constructs/janitor-function.ts). */
export const SWEEP_MEMORY_GB = 1;
/** Lambda arm64, per GB-second, and per request (https://aws.amazon.com/lambda/pricing/, us-east-1). */
export const LAMBDA_USD_PER_GB_SECOND = 0.0000133334;
export const LAMBDA_USD_PER_REQUEST = 0.2 / 1e6;
/** Standard workflows, per state transition (https://aws.amazon.com/step-functions/pricing/). */
export const SFN_USD_PER_TRANSITION = 0.025 / 1000;
/** The configuration's default targets.maxConcurrency (lambda/config/schema.ts). */
export const DEFAULT_MAP_CONCURRENCY = 10;
/** Lambda bills at least 1 ms per invocation. */
const MIN_SWEEP_MS = 1;

/** What one sweep did against AWS. */
export interface TargetCalls {
  readonly calls: number;
  /** Distinct SDK clients (services) it called: one connection each. */
  readonly services: number;
  /** Its region is the janitor's home region. */
  readonly home: boolean;
  /** Of `calls`, the Resource Explorer pre-check's: two round trips of their own, before discovery. */
  readonly precheckCalls?: number;
}

export interface NightModelInput {
  readonly targets: readonly TargetCalls[];
  readonly failedTargets: number;
  readonly reportInvocations: number;
  readonly listingConcurrency: number;
  readonly mapConcurrency: number;
  /** CPU the sweeps used in-process (an upper bound of the janitor's: the fakes' work is in it). */
  readonly cpuSeconds: number;
}

export interface NightModel {
  readonly calls: { readonly min: number; readonly median: number; readonly max: number; readonly total: number };
  /** Round trips a sweep waits on AWS (handshakes included): fewest, median, most. */
  readonly roundTrips?: { readonly min: number; readonly median: number; readonly max: number };
  /** Σ over targets of ⌈(calls + handshakes) ÷ listingConcurrency⌉ × round trip, plus the sweeps' CPU. */
  readonly sweepSeconds: number;
  /** The Map's part of the night: sweepSeconds ÷ mapConcurrency (the slowest sweep if longer). */
  readonly mapSeconds: number;
  /** The same at the default maxConcurrency. */
  readonly mapSecondsAtDefault: number;
  readonly transitions: number;
  readonly usd: { readonly lambda: number; readonly stepFunctions: number; readonly total: number };
}

/** Round trips the pre-check waits before discovery starts (lambda/aws/resource-explorer.ts), its connection included. */
export const PRECHECK_ROUND_TRIPS = 2 + HANDSHAKE_RTTS;

/** One sweep's round trips on AWS: the pre-check's first, then the rest `inFlight` at a time. */
export function targetRoundTrips(t: TargetCalls, inFlight: number): number {
  const precheck = t.precheckCalls ?? 0;
  const services = precheck > 0 ? t.services - 1 : t.services;
  return (precheck > 0 ? PRECHECK_ROUND_TRIPS : 0) + Math.ceil((t.calls - precheck + HANDSHAKE_RTTS * services) / inFlight);
}

/** One sweep's wait on AWS. */
export function targetMs(t: TargetCalls, inFlight: number): number {
  return Math.max(MIN_SWEEP_MS, targetRoundTrips(t, inFlight) * (t.home ? HOME_RTT_MS : REMOTE_RTT_MS));
}

export function modelNight(input: NightModelInput): NightModel {
  const sorted = [...input.targets.map((t) => t.calls)].sort((a, b) => a - b);
  const trips = input.targets.map((t) => targetRoundTrips(t, input.listingConcurrency)).sort((a, b) => a - b);
  const perTargetMs = input.targets.map((t) => targetMs(t, input.listingConcurrency));
  const slowestSeconds = Math.max(0, ...perTargetMs) / 1000;
  const sweepSeconds = perTargetMs.reduce((sum, ms) => sum + ms, 0) / 1000 + input.cpuSeconds;
  const mapAt = (concurrency: number) => Math.max(sweepSeconds / concurrency, slowestSeconds);
  // One Task per child execution, a Pass for each caught failure; plan, Map, report (and its Choice) per loop.
  const transitions = input.targets.length + input.failedTargets + 2 + 2 * input.reportInvocations;
  const lambda = sweepSeconds * SWEEP_MEMORY_GB * LAMBDA_USD_PER_GB_SECOND + input.targets.length * LAMBDA_USD_PER_REQUEST;
  const stepFunctions = transitions * SFN_USD_PER_TRANSITION;
  return {
    calls: {
      min: sorted[0] ?? 0,
      median: sorted[Math.floor(sorted.length / 2)] ?? 0,
      max: sorted.at(-1) ?? 0,
      total: sorted.reduce((sum, c) => sum + c, 0),
    },
    roundTrips: { min: trips[0] ?? 0, median: trips[Math.floor(trips.length / 2)] ?? 0, max: trips.at(-1) ?? 0 },
    sweepSeconds,
    mapSeconds: mapAt(input.mapConcurrency),
    mapSecondsAtDefault: mapAt(DEFAULT_MAP_CONCURRENCY),
    transitions,
    usd: { lambda, stepFunctions, total: lambda + stepFunctions },
  };
}
