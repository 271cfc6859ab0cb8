import { describe, expect, it } from 'vitest';
import { orgDigestOf, TOP_ACCOUNTS } from '../../lambda/core/org-digest';
import { NO_COUNTS, type RunReport } from '../../lambda/core/report';
import type { AccountRunSummary } from '../../lambda/core/run-results';
import { reportOf } from '../slack/fixtures';

const summary = (accountId: string, marked: number, regions: string[], failed: string[] = []): AccountRunSummary => ({
  accountId,
  runId: 'nightly-1',
  dryRun: false,
  regions: [
    ...regions.map((region) => ({ region, status: 'swept' as const, counts: { ...NO_COUNTS, marked } })),
    ...failed.map((region) => ({ region, status: 'failed' as const, error: 'AccessDenied' })),
  ],
  totals: { ...NO_COUNTS, marked: marked * regions.length },
  reports: [],
});

describe('the organization digest', () => {
  it('totals every account, ranks the costliest by what was newly marked, lists every failed target', () => {
    const summaries = Array.from({ length: 7 }, (_, i) => summary(`10000000000${i}`, 1, ['eu-west-1', 'us-east-1']));
    summaries.push(summary('200000000000', 0, ['eu-west-1'], ['ap-south-1']));
    const reports = new Map<string, RunReport>();
    // Account i costs i × 10 USD in each of its two regions; an older report has no price.
    summaries.slice(0, 7).forEach((s, i) => {
      for (const region of ['eu-west-1', 'us-east-1']) reports.set(`${s.accountId}/${region}`, reportOf({ markedMonthlyUsd: i * 10 }));
    });
    reports.set('200000000000/eu-west-1', reportOf({}));

    const digest = orgDigestOf({
      runId: 'nightly-1',
      dryRun: false,
      summaries,
      reports,
      channelOf: (a) => (a.endsWith('0') ? '#a' : '#b'),
    });

    expect(digest).toMatchObject({ accounts: 8, regions: 3, targets: 16, markedMonthlyUsd: 2 * (0 + 10 + 20 + 30 + 40 + 50 + 60) });
    expect(digest.totals.marked).toBe(14);
    expect(digest.costliest).toHaveLength(TOP_ACCOUNTS);
    expect(digest.costliest.map((a) => [a.accountId, a.monthlyUsd])).toEqual([
      ['100000000006', 120],
      ['100000000005', 100],
      ['100000000004', 80],
      ['100000000003', 60],
      ['100000000002', 40],
    ]);
    expect(digest.failedTargets).toEqual([{ accountId: '200000000000', region: 'ap-south-1', error: 'AccessDenied' }]);
    expect(digest.channels).toEqual(['#a', '#b']);
  });

  it('an account that marked nothing priced is not ranked', () => {
    const digest = orgDigestOf({
      runId: 'r',
      dryRun: true,
      summaries: [summary('100000000001', 3, ['eu-west-1'])],
      reports: new Map([['100000000001/eu-west-1', reportOf({ markedMonthlyUsd: 0 })]]),
      channelOf: () => '#a',
    });
    expect(digest.costliest).toEqual([]);
    expect(digest.markedMonthlyUsd).toBe(0);
  });
});
