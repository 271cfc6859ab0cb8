/** One run's results (an entry of results.json `runs`), from what the bench observed of it. */
import { Throttle } from '../test/fakes/http/throttle';
import { type PhaseBound, phaseBound } from './bounds';
import { endpointLoad, janitorLoad } from './load';
import { callsByPhase, PHASES, type Phase, type PhaseWindow, phaseWindows } from './phases';
import type { TypeSpan, TypeStage } from './probe';
import type { Observed } from './run-once';
import { DEFAULT_PER_SECOND, SLACK_PER_CHANNEL_INTERVAL_MS } from './settings';
import { chainLength, typeShape } from './shapes';

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const roundOrNull = (x: number | null) => (x === null ? null : round(x));
const sum = (c: Readonly<Record<string, number>>) => Object.values(c).reduce((a, b) => a + b, 0);
const sorted = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b)));

/** Where each type's calls of a stage belong: listings in discovery, completions in completion. */
const STAGE_OF: Partial<Record<Phase, TypeStage>> = { discovery: 'listing', completion: 'completion' };

export interface PhaseResult extends Omit<PhaseBound, 'seconds'> {
  readonly wallSeconds: number;
  readonly boundSeconds: number;
  readonly ratio: number | null;
  readonly served: Record<string, number>;
  readonly throttled: Record<string, number>;
  /** Share of the phase each thread's event loop was busy: the janitor's, the fake endpoint's. */
  readonly busy: { readonly janitor: number | null; readonly endpoint: number | null };
}

function phaseResults(o: Observed, windows: readonly PhaseWindow[]): Record<Phase, PhaseResult> {
  const calls = callsByPhase(windows, o.stats.log, o.latencyMs);
  const throttle = new Throttle({ defaultRate: { perSecond: DEFAULT_PER_SECOND } });
  const entries = PHASES.map((phase) => {
    const window = windows.find((w) => w.phase === phase);
    const stage = STAGE_OF[phase];
    const spans = stage ? o.spans[stage] : {};
    const types = Object.fromEntries(Object.entries(spans).map(([id, s]) => [id, { calls: s.calls, shape: typeShape(stage!, id) }]));
    const posting = phase === 'warning' || phase === 'report' ? o.slack[phase] : undefined;
    // A shared file shows in the channel (its thread) as a message too: the notifier spaces it like one.
    const slack = posting && { messages: posting.messages + posting.uploads, intervalMs: SLACK_PER_CHANNEL_INTERVAL_MS };
    const { seconds, ...bound } = phaseBound({ phase, latencyMs: o.latencyMs, served: calls[phase].served, types, slack }, throttle);
    const wallSeconds = window ? (window.end - window.start) / 1000 : 0;
    const result: PhaseResult = {
      wallSeconds: round(wallSeconds),
      boundSeconds: round(seconds),
      ratio: seconds > 0 ? round(wallSeconds / seconds) : null,
      ...bound,
      terms: Object.fromEntries(Object.entries(bound.terms).map(([k, v]) => [k, round(v)])) as PhaseBound['terms'],
      served: sorted(calls[phase].served),
      throttled: sorted(calls[phase].throttled),
      busy: window
        ? { janitor: roundOrNull(janitorLoad(window, o.loads)), endpoint: roundOrNull(endpointLoad(window, o.stats.loads)) }
        : { janitor: null, endpoint: null },
    };
    return [phase, result] as const;
  });
  return Object.fromEntries(entries) as Record<Phase, PhaseResult>;
}

/** Each type's listing and completion: how long it took against its own chain (below 1 would mean the shape is wrong). */
function typeTimes(o: Observed) {
  const of = (stage: TypeStage) =>
    Object.fromEntries(
      Object.entries(o.spans[stage]).map(([id, s]: [string, TypeSpan]) => {
        const seconds = (s.end - s.start) / 1000;
        const chain = (chainLength(typeShape(stage, id), s.calls) * o.latencyMs) / 1000;
        return [
          id,
          {
            seconds: round(seconds),
            chainSeconds: round(chain),
            ratio: chain > 0 ? round(seconds / chain) : null,
            calls: s.calls,
            candidates: s.candidates,
          },
        ];
      }),
    );
  return { listing: of('listing'), completion: of('completion') };
}

/** Operations of discovery making more calls than their pages at the API's maximum (bench/pages.ts). */
function beyondPages(served: Record<string, number>, unavoidable: Record<string, number>) {
  return Object.entries(served)
    .filter(([op, n]) => n > (unavoidable[op] ?? 0))
    .map(([operation, calls]) => ({ operation, calls, unavoidable: unavoidable[operation] ?? 0 }));
}

function tagBatches(batches: readonly number[], marked: number) {
  return {
    calls: batches.length,
    expected: Math.ceil(marked / 20),
    largest: Math.max(0, ...batches),
    fullExceptLast: batches.slice(0, -1).every((b) => b === 20),
  };
}

export function analyze(o: Observed) {
  const windows = phaseWindows(o.marks);
  const phases = phaseResults(o, windows);
  const wallSeconds = (o.marks.end! - o.marks.start!) / 1000;
  const boundSeconds = PHASES.reduce((total, p) => total + phases[p].boundSeconds, 0);
  const slackWall = phases.warning.wallSeconds + phases.report.wallSeconds;
  const slackBound = phases.warning.boundSeconds + phases.report.boundSeconds;
  return {
    size: o.size,
    latencyMs: o.latencyMs,
    resources: { listed: sum(o.ready.perType), perType: o.ready.perType, ...o.outcome },
    wallSeconds: round(wallSeconds),
    boundSeconds: round(boundSeconds),
    ratio: round(wallSeconds / boundSeconds),
    slackPosting: {
      wallSeconds: round(slackWall),
      boundSeconds: round(slackBound),
      ratio: slackBound > 0 ? round(slackWall / slackBound) : null,
    },
    phases,
    slack: o.slack,
    types: typeTimes(o),
    calls: {
      total: sum(o.stats.calls),
      byOperation: sorted(o.stats.calls),
      unavoidableDiscovery: o.ready.unavoidable,
      beyondPages: beyondPages(phases.discovery.served, o.ready.unavoidable),
      throttled: sorted(o.stats.throttled),
      errors: o.stats.errors,
      unserved: o.stats.unserved,
      tagBatches: tagBatches(o.stats.tagBatches, o.outcome.marked),
    },
    machine: { ...o.machine, janitorElu: round(o.machine.janitorElu), fakeEndpointElu: round(o.stats.elu) },
  };
}

export type RunResult = ReturnType<typeof analyze>;
