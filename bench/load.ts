/** How busy each thread was in a phase: the share of its wall time the thread's event loop was running (CPU, not waiting). */
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { PhaseWindow } from './phases';
import type { Mark } from './probe';
import type { LoadSamples } from './worker-protocol';

const share = (active: number, idle: number) => (active + idle > 0 ? active / (active + idle) : 0);

/** The janitor's thread, from its event-loop use at the phase's marks. */
export function janitorLoad(window: PhaseWindow, loads: Partial<Record<Mark, EventLoopUtilization>>): number | null {
  const from = loads[window.from];
  const to = loads[window.to];
  if (!from || !to) return null;
  return share(to.active - from.active, to.idle - from.idle);
}

/** The fake endpoint's thread, from its samples around the phase (every 100 ms: a short phase is widened to them). */
export function endpointLoad(window: PhaseWindow, samples: LoadSamples): number | null {
  let first = 0;
  while (first + 1 < samples.at.length && samples.at[first + 1]! <= window.start) first += 1;
  let last = first;
  while (last + 1 < samples.at.length && samples.at[last]! < window.end) last += 1;
  if (last === first) return null;
  return share(samples.active[last]! - samples.active[first]!, samples.idle[last]! - samples.idle[first]!);
}
