/** The RESULTS.md sections after the summary: Slack, linearity, where the time goes, calls, cold start, flags. */
import { PHASES } from './phases';
import { detailLatency, fmt, medianRun, type Results, spreadText, table } from './report-format';

function slack(r: Results): string[] {
  const rows = r.cells.map((c: any) => [
    fmt(c.size),
    `${c.latencyMs} ms`,
    spreadText(c.warningMessages),
    spreadText(c.warningUploads),
    spreadText(c.reportMessages),
    spreadText(c.slackPosting.wallSeconds),
    spreadText(c.slackPosting.ratio),
    spreadText(c.slackRefused),
  ]);
  return [
    '## Slack',
    '',
    'The warning (and report, when the night has news for one) as the real notifier posts them. Expected: at most 10 messages for a warning at any size.',
    '',
    ...table(
      ['N', 'latency', 'warning messages', 'warning files', 'report messages', 'Slack wall s', 'Slack wall / bound', 'refused (429)'],
      rows,
    ),
    '',
  ];
}

/** Each phase's seconds per 1,000 at this size against the previous size's. */
function perPhaseRatios(l: any, s: any): string {
  const previous = l.sizes.find((x: any) => x.size === s.againstPrevious.size);
  return PHASES.filter((p) => previous.phasesPer1000[p] > 0)
    .map((p) => `${p} ${fmt(Math.round((s.phasesPer1000[p] / previous.phasesPer1000[p]) * 100) / 100)}×`)
    .join(', ');
}

function linearitySection(r: Results): string[] {
  const rows = r.linearity.flatMap((l: any) =>
    l.sizes.map((s: any) => [
      `${l.latencyMs} ms`,
      fmt(s.size),
      fmt(s.secondsPer1000),
      s.againstPrevious ? `${fmt(s.againstPrevious.ratio)} × N=${fmt(s.againstPrevious.size)}` : '—',
      ...PHASES.map((p) => fmt(s.phasesPer1000[p])),
    ]),
  );
  const target = r.linearity
    .flatMap((l: any) => l.sizes.filter((s: any) => s.size === 50_000 && s.againstPrevious?.size === 10_000).map((s: any) => ({ l, s })))
    .map(
      ({ l, s }: any) =>
        `- At ${l.latencyMs} ms, 50,000 takes ${fmt(s.againstPrevious.ratio)} × the time per resource of 10,000: the target (within 1.2× of linear) is ${s.againstPrevious.ratio <= 1.2 ? 'met' : '**not met**'}. Per phase (50,000's s/1k ÷ 10,000's): ${perPhaseRatios(l, s)}.`,
    );
  return [
    '## Linearity',
    '',
    'Seconds per 1,000 resources (median wall ÷ N × 1,000), whole run and per phase, and each size against the next smaller one at the same latency (1 = linear).',
    '',
    ...(rows.length > 0
      ? table(['latency', 'N', 's per 1,000', 'against', ...PHASES.map((p) => `${p} s/1k`)], rows)
      : ['(only one size per latency ran)']),
    '',
    ...target,
    ...(target.length > 0 ? [''] : []),
  ];
}

function phaseDetail(run: any): string[] {
  const rows = PHASES.map((p) => {
    const x = run.phases[p];
    const terms = Object.entries(x.terms)
      .filter(([, v]) => (v as number) > 0)
      .map(([k, v]) => `${k} ${fmt(v as number)}`)
      .join(', ');
    const throttled = Object.values(x.throttled as Record<string, number>).reduce((a, b) => a + b, 0);
    const busy = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
    return [
      p,
      fmt(x.wallSeconds),
      fmt(x.boundSeconds),
      fmt(x.ratio),
      terms || '—',
      `${x.longestChain.lane} (${x.longestChain.latencies})`,
      x.rateOperation ?? '—',
      x.calls,
      throttled,
      busy(x.busy.janitor),
      busy(x.busy.endpoint),
    ];
  });
  return table(
    [
      'phase',
      'wall s',
      'bound s',
      'wall / bound',
      'terms (s)',
      'longest chain (latencies)',
      'slowest bucket',
      'calls',
      'throttled',
      'janitor busy',
      'fake busy',
    ],
    rows,
  );
}

function slowTypes(run: any): string[] {
  const rows = (['listing', 'completion'] as const).flatMap((stage) =>
    (Object.entries(run.types[stage]) as [string, any][])
      .sort(([, a], [, b]) => b.seconds - a.seconds)
      .slice(0, stage === 'listing' ? 6 : 8)
      .map(([id, t]) => [
        stage,
        id,
        fmt(t.seconds),
        fmt(t.chainSeconds),
        fmt(t.ratio),
        Object.values(t.calls as Record<string, number>).reduce((a, b) => a + b, 0),
      ]),
  );
  return table(['stage', 'type', 'took s', 'its chain s', 'took / chain', 'calls'], rows);
}

/** The sizes run at `latencyMs`, in the matrix's order. */
function sizesAt(r: Results, latencyMs: number): number[] {
  return [...new Set<number>(r.cells.filter((c: any) => c.latencyMs === latencyMs).map((c: any) => c.size))];
}

function whereTimeGoes(r: Results): string[] {
  const latency = detailLatency(r);
  const sizes = sizesAt(r, latency);
  return [
    `## Where the time goes (median run of each size at ${latency} ms)`,
    '',
    '"Busy": the share of the phase the thread\'s event loop was running (CPU: the SDK, decisions, logging; the fake\'s parsing and serializing), not waiting on the network, a backoff or a timer. The fake is sampled every 100 ms.',
    '',
    ...sizes.flatMap((size) => {
      const run = medianRun(r, size, latency);
      return [
        `### N = ${fmt(size)}: wall ${fmt(run.wallSeconds)} s, bound ${fmt(run.boundSeconds)} s`,
        '',
        ...phaseDetail(run),
        '',
        'The slowest listings, and the completions, against their own chain:',
        '',
        ...slowTypes(run),
        '',
      ];
    }),
  ];
}

export function detailSections(r: Results): string[] {
  return [...slack(r), ...linearitySection(r), ...whereTimeGoes(r), ...callsSection(r), ...coldStartSection(r), ...flags(r)];
}

function callsSection(r: Results): string[] {
  const latency = detailLatency(r);
  const sizes = sizesAt(r, latency);
  const runs = sizes.map((size) => medianRun(r, size, latency));
  const last = runs.at(-1);
  const rows = PHASES.flatMap((p) => {
    const ops = [...new Set(runs.flatMap((run: any) => Object.keys(run.phases[p].served)))].sort();
    return ops.map((op) => [
      `\`${op}\``,
      p,
      ...runs.map((run: any) => `${fmt(run.phases[p].served[op] ?? 0)} / ${fmt(((run.phases[p].served[op] ?? 0) * 1000) / run.size)}`),
      p === 'discovery' ? fmt(last.calls.unavoidableDiscovery[op] ?? 0) : '',
    ]);
  });
  const beyond = last.calls.beyondPages.map(
    (b: any) => `  - \`${b.operation}\`: ${b.calls} calls, ${b.unavoidable} at the API's maximum page size`,
  );
  const t = last.calls.tagBatches;
  return [
    `## Calls (median run of each size at ${latency} ms)`,
    '',
    'Calls answered, by operation and phase: count / per 1,000 resources. "Unavoidable": discovery\'s pages at each API\'s maximum page size, each type listing on its own (`bench/pages.ts`).',
    '',
    ...table(['operation', 'phase', ...sizes.map((s) => `N=${fmt(s)}`), `unavoidable at N=${fmt(last.size)}`], rows),
    '',
    `- TagResources at N=${fmt(last.size)}: ${t.calls} calls for ${fmt(last.resources.marked)} marks (${t.expected} needed), largest batch ${t.largest}, every batch but the last full: ${t.fullExceptLast ? 'yes' : 'no'}.`,
    beyond.length > 0
      ? `- Discovery operations beyond their pages at N=${fmt(last.size)}:\n${beyond.join('\n')}`
      : '- No discovery operation makes more calls than its pages.',
    '',
  ];
}

function coldStartSection(r: Results): string[] {
  const b = r.coldStart;
  if (!b) return ['## Cold start', '', 'Not measured (BENCH_SKIP_BUNDLE).', ''];
  const row = (what: string, m: any) => [what, `**${fmt(m.medianMs)}**`, m.runsMs.map(fmt).join(', ')];
  return [
    '## Cold start',
    '',
    `\`${b.entry}\` bundled as the stack bundles it (\`LAMBDA_BUNDLE\` from lib/constructs/janitor-function.ts: minify ${b.esbuild.minify}, target ${b.esbuild.target}, mainFields ${b.esbuild.mainFields.join(',')}; CJS for Node, source map without sources, the AWS SDK bundled): **${fmt(b.bytes)} bytes** (${fmt(Math.round(b.bytes / 1e5) / 10)} MB), source map ${fmt(b.sourceMapBytes)} bytes.`,
    '',
    `Time to \`require()\` it in a fresh \`node\` (${b.processes} processes each, median) with the function's environment (\`NODE_OPTIONS=--enable-source-maps\` as the stack sets it), against a trivial file required the same way:`,
    '',
    ...table(
      ['required', 'median ms', 'runs ms'],
      [
        row('the sweep bundle', b.requireSweep),
        row('the sweep bundle, without --enable-source-maps', b.requireSweepWithoutSourceMaps),
        row('a trivial file', b.requireTrivial),
      ],
    ),
    '',
  ];
}

function flags(r: Results): string[] {
  const out: string[] = [];
  for (const c of r.cells) {
    for (const p of PHASES) {
      const ratio = c.phases[p].ratio;
      if (ratio && ratio.median > 1.5)
        out.push(
          `- N=${fmt(c.size)} at ${c.latencyMs} ms: ${p} takes ${fmt(ratio.median)} × its bound (median; bound by ${c.phases[p].binding}).`,
        );
    }
  }
  for (const run of r.runs) {
    for (const stage of ['listing', 'completion'] as const) {
      for (const [id, t] of Object.entries(run.types[stage] as Record<string, any>)) {
        if (t.ratio !== null && t.ratio < 0.98)
          out.push(
            `- N=${fmt(run.size)} at ${run.latencyMs} ms, run ${run.run}: ${stage} of ${id} beat its chain (${fmt(t.ratio)}): bench/shapes.ts is wrong about it.`,
          );
      }
    }
    const refused = run.slack.warning.refused + run.slack.report.refused;
    if (refused > 0) out.push(`- N=${fmt(run.size)} at ${run.latencyMs} ms, run ${run.run}: Slack refused ${refused} message(s) (429).`);
    if (run.slack.warning.messages > 10)
      out.push(
        `- N=${fmt(run.size)} at ${run.latencyMs} ms, run ${run.run}: the warning took ${run.slack.warning.messages} messages (more than 10).`,
      );
    const odd = { ...run.calls.unserved, ...run.calls.errors };
    if (Object.keys(odd).length > 0)
      out.push(`- N=${fmt(run.size)} at ${run.latencyMs} ms, run ${run.run}: unserved or failed calls ${JSON.stringify(odd)}.`);
    if (run.resources.listingErrors.length > 0)
      out.push(
        `- N=${fmt(run.size)} at ${run.latencyMs} ms, run ${run.run}: listing errors ${JSON.stringify(run.resources.listingErrors)}.`,
      );
    if (run.resources.discovered !== run.resources.listed)
      out.push(
        `- N=${fmt(run.size)} at ${run.latencyMs} ms, run ${run.run}: ${run.resources.discovered} decided of ${run.resources.listed} seeded.`,
      );
  }
  return [
    '## Flags',
    '',
    'Generated: phases above 1.5 × their bound (median), a type faster than the chain the bound assumes for it, Slack refusals, warnings of more than 10 messages, failed calls, resources missing from the decisions.',
    '',
    ...(out.length > 0 ? out : ['- none']),
    '',
  ];
}
