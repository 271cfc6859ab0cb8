/**
 * A run's phases, from the moments the probe noted (bench/probe.ts), and the endpoint's calls
 * split among them by the time each was answered.
 */
import type { Mark } from './probe';
import type { CallLog } from './worker-protocol';

/**
 * In run order: `setup` (the IaC evidence read, before anything is listed), `discovery` (the
 * tagging-API sweep and every type's listing, and the first decisions), `completion` (the
 * candidates' per-resource reads and the final decisions), `warning` (posting the warning to
 * Slack), `marking` (recording the announcement and TagResources), `report` (posting the report).
 */
export const PHASES = ['setup', 'discovery', 'completion', 'warning', 'marking', 'report'] as const;
export type Phase = (typeof PHASES)[number];

const STARTS: Readonly<Record<Phase, Mark>> = {
  setup: 'start',
  discovery: 'discovery',
  completion: 'completion',
  warning: 'warning',
  marking: 'warned',
  report: 'report',
};

export interface PhaseWindow {
  readonly phase: Phase;
  readonly start: number;
  readonly end: number;
  /** The marks it starts and ends at. */
  readonly from: Mark;
  readonly to: Mark;
}

/** The phases that happened, each ending where the next begins (the last at the run's end). */
export function phaseWindows(marks: Partial<Record<Mark, number>>): PhaseWindow[] {
  const end = marks.end;
  if (end === undefined) throw new Error('the run has no end mark');
  const started = PHASES.flatMap((phase) => {
    const start = marks[STARTS[phase]];
    return start === undefined ? [] : [{ phase, start, from: STARTS[phase] }];
  }).sort((a, b) => a.start - b.start);
  return started.map((w, i) => {
    const next = started[i + 1];
    return { ...w, end: next?.start ?? end, to: next?.from ?? 'end' };
  });
}

export interface PhaseCalls {
  /** Calls answered by a fake, by `service:Operation`. */
  readonly served: Record<string, number>;
  /** Calls answered with the throttling error. */
  readonly throttled: Record<string, number>;
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * Each logged call goes to the phase it was made in. A call is answered at least `latencyMs`
 * after it was sent, so it belongs to the last phase that began half a latency or more before
 * its answer: safe against the few microseconds by which the two threads' clocks may differ.
 */
export function callsByPhase(windows: readonly PhaseWindow[], log: CallLog, latencyMs: number): Record<Phase, PhaseCalls> {
  const result = Object.fromEntries(PHASES.map((p) => [p, { served: {}, throttled: {} }])) as Record<Phase, PhaseCalls>;
  log.outcomes.forEach((outcome, i) => {
    const sentBy = log.at[i]! - latencyMs / 2;
    let window = windows[0]!;
    for (const w of windows) if (w.start <= sentBy) window = w;
    const op = log.ops[outcome >= 0 ? outcome : -outcome - 1]!;
    bump(outcome >= 0 ? result[window.phase].served : result[window.phase].throttled, op);
  });
  return result;
}
