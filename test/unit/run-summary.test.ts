import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../lambda/core/report';
import type { TargetCounts, TargetResult } from '../../lambda/core/run-results';
import { errorFromCatch, summarizeRun, summaryIsWorthPosting } from '../../lambda/fanout/run-summary';
import { accountSummaryMessages } from '../../lambda/slack/run-summary-messages';

const quiet: TargetCounts = {
  deleted: 0,
  started: 0,
  failed: 0,
  skipped: 0,
  kept: 0,
  needsAttention: 0,
  marked: 0,
  waiting: 0,
  keptFromSlack: 0,
  capAlerts: 0,
  listingErrors: 0,
  tagDrift: 0,
  notCovered: 0,
};
const swept = (accountId: string, region: string, counts: Partial<TargetCounts> = {}): TargetResult => ({
  accountId,
  region,
  status: 'swept',
  reportKey: `executions/run-1/reports/${accountId}/${region}.json`,
  counts: { ...quiet, ...counts },
  durationMs: 10,
});
const failed = (accountId: string, region: string, error = 'AccessDenied: no'): TargetResult => ({
  accountId,
  region,
  status: 'failed',
  error,
});
const reportFor = (accountId: string, region: string) => ({ accountId, region }) as unknown as RunReport;

describe("aggregating a run's partial results into one summary per account", () => {
  it('an organization of 1,000 accounts x 17 regions: each target once, under its account, in a few seconds at most', () => {
    const regions = Array.from({ length: 17 }, (_, r) => `xx-region-${String(r).padStart(2, '0')}`);
    const accounts = Array.from({ length: 1000 }, (_, a) => String(100000000000 + a));
    const planned = accounts.flatMap((accountId) => regions.map((region) => ({ accountId, region })));
    // Results arrive in the Map's order, not the plan's, and one item twice (a redriven Map run).
    const results = [...planned].reverse().map((t) => swept(t.accountId, t.region));
    results.push(failed(accounts[7]!, regions[3]!));
    const summaries = summarizeRun({ runId: 'run-1', dryRun: false, planned, results, reports: new Map() });
    expect(summaries.map((s) => s.accountId)).toEqual(accounts);
    for (const s of summaries) expect(s.regions.map((r) => `${r.region}:${r.status}`)).toEqual(regions.map((r) => `${r}:swept`));
  }, 10_000);

  const planned = [
    { accountId: '111111111111', region: 'eu-west-1' },
    { accountId: '111111111111', region: 'us-east-1' },
    { accountId: '222222222222', region: 'eu-west-1' },
    { accountId: '222222222222', region: 'us-east-1' },
  ];

  it('groups by account, sums the counts of swept regions and lists failed regions with their error', () => {
    const [one, two] = summarizeRun({
      runId: 'run-1',
      dryRun: false,
      planned,
      results: [
        swept('111111111111', 'eu-west-1', { deleted: 2, marked: 1 }),
        swept('111111111111', 'us-east-1', { deleted: 1 }),
        swept('222222222222', 'eu-west-1'),
        failed('222222222222', 'us-east-1'),
      ],
      reports: new Map([
        ['111111111111/eu-west-1', reportFor('111111111111', 'eu-west-1')],
        ['111111111111/us-east-1', reportFor('111111111111', 'us-east-1')],
        ['222222222222/eu-west-1', reportFor('222222222222', 'eu-west-1')],
      ]),
    });
    expect(one!.totals).toMatchObject({ deleted: 3, marked: 1 });
    expect(one!.reports).toHaveLength(2);
    expect(two!.regions).toEqual([
      { region: 'eu-west-1', status: 'swept', counts: quiet },
      { region: 'us-east-1', status: 'failed', error: 'AccessDenied: no' },
    ]);
    // A quiet region's report is not repeated in the thread.
    expect(two!.reports).toEqual([]);
  });

  it('a region whose report could not be read keeps its counts and says its list is missing, in Slack too', () => {
    const summaries = summarizeRun({
      runId: 'run-1',
      dryRun: false,
      planned: [{ accountId: '111111111111', region: 'eu-west-1' }],
      results: [swept('111111111111', 'eu-west-1', { deleted: 2 })],
      reports: new Map(),
      unreadable: new Map([['111111111111/eu-west-1', 'AccessDenied: s3:GetObject']]),
    });
    expect(summaries[0]!.regions).toEqual([
      { region: 'eu-west-1', status: 'swept', counts: { ...quiet, deleted: 2 }, reportUnreadable: 'AccessDenied: s3:GetObject' },
    ]);
    const text = JSON.stringify(accountSummaryMessages(summaries[0]!)[0]!.blocks);
    expect(text).toContain('2 deleted — :warning: its resource list could not be read: AccessDenied: s3:GetObject');
  });

  it('never drops a planned target: one without any result is a failure', () => {
    const summaries = summarizeRun({
      runId: 'run-1',
      dryRun: false,
      planned,
      results: [swept('111111111111', 'eu-west-1')],
      reports: new Map(),
    });
    const missing = summaries.flatMap((s) => s.regions.filter((r) => r.status === 'failed'));
    expect(missing).toHaveLength(3);
    expect(missing[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/no result/) });
  });

  it('a redriven item that succeeded the second time counts as swept', () => {
    const [one] = summarizeRun({
      runId: 'run-1',
      dryRun: false,
      planned: planned.slice(0, 1),
      results: [failed('111111111111', 'eu-west-1'), swept('111111111111', 'eu-west-1', { deleted: 1 })],
      reports: new Map(),
    });
    expect(one!.regions).toEqual([{ region: 'eu-west-1', status: 'swept', counts: { ...quiet, deleted: 1 } }]);
  });

  it('posts an account with news or a failure; a quiet one only when asked, and not when its warning already went out', () => {
    const [busy, quietAccount] = summarizeRun({
      runId: 'r',
      dryRun: false,
      planned: [planned[0]!, planned[2]!],
      results: [swept('111111111111', 'eu-west-1', { kept: 1 }), swept('222222222222', 'eu-west-1')],
      reports: new Map(),
    });
    expect(summaryIsWorthPosting(busy!, false)).toBe(true);
    expect(summaryIsWorthPosting(quietAccount!, false)).toBe(false);
    expect(summaryIsWorthPosting(quietAccount!, true)).toBe(true);
    expect(summaryIsWorthPosting({ ...quietAccount!, totals: { ...quiet, marked: 3 } }, true)).toBe(false);
  });
});

describe('errors caught by the state machine', () => {
  it('reads a Lambda error from its JSON cause, and keeps any other cause as it is', () => {
    expect(
      errorFromCatch({ Error: 'Error', Cause: JSON.stringify({ errorType: 'AccessDenied', errorMessage: 'cannot assume role' }) }),
    ).toBe('AccessDenied: cannot assume role');
    expect(errorFromCatch({ Error: 'States.Timeout', Cause: 'Task timed out after 960 seconds' })).toBe(
      'States.Timeout: Task timed out after 960 seconds',
    );
    expect(errorFromCatch(undefined)).toBe('unknown error');
  });
});
