import { describe, expect, it } from 'vitest';
import type { PrecheckOutcome } from '../../lambda/core/listing-scope';
import { orgDigestOf, TOP_ACCOUNTS } from '../../lambda/core/org-digest';
import { NO_COUNTS, type RunReport } from '../../lambda/core/report';
import type { AccountRunSummary } from '../../lambda/core/run-results';
import { orgDigestMessage } from '../../lambda/slack/org-digest-messages';
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

  describe('the Resource Explorer pre-check across the organization', () => {
    const withPrecheck = (accountId: string, outcomes: Record<string, PrecheckOutcome | undefined>): AccountRunSummary => ({
      ...summary(accountId, 0, []),
      regions: Object.entries(outcomes).map(([region, precheck]) => ({
        region,
        status: 'swept' as const,
        counts: NO_COUNTS,
        ...(precheck ? { precheck } : {}),
      })),
    });
    const digestOf = (summaries: AccountRunSummary[]) =>
      orgDigestOf({ runId: 'r', dryRun: false, summaries, reports: new Map(), channelOf: () => '#a' });

    it('counts where it narrowed the listing, and groups the reasons it did not, each with an example target', () => {
      const digest = digestOf([
        withPrecheck('100000000001', {
          'eu-west-1': 'narrowed',
          'us-east-1': { fullListing: 'Resource Explorer has no index in this region' },
          'ap-south-1': { fullListing: 'the default Resource Explorer view has a filter ("tag.key:Team") and may hide resources' },
        }),
        withPrecheck('100000000002', {
          'eu-west-1': { fullListing: 'Resource Explorer has no index in this region' },
          'us-east-1': { fullListing: 'the default Resource Explorer view has a filter ("service:ec2") and may hide resources' },
        }),
      ]);
      expect(digest.precheck).toEqual({
        asked: 5,
        narrowed: 1,
        fullListing: [
          {
            reason: 'Resource Explorer has no index in this region',
            targets: 2,
            example: { accountId: '100000000001', region: 'us-east-1' },
          },
          {
            reason: 'the default Resource Explorer view has a filter and may hide resources',
            targets: 2,
            example: { accountId: '100000000001', region: 'ap-south-1' },
          },
        ],
      });
      const text = JSON.stringify(orgDigestMessage(digest).blocks);
      expect(text).toContain('narrowed the listing in 1 of 5 targets');
      expect(text).toContain('2 listed every type: Resource Explorer has no index in this region (e.g. `100000000001` `us-east-1`)');
    });

    it('leaves Mondays and sweeps without the pre-check out, and says nothing when none asked', () => {
      expect(digestOf([withPrecheck('100000000001', { 'eu-west-1': 'weekly', 'us-east-1': undefined })]).precheck).toBeUndefined();
      expect(JSON.stringify(orgDigestMessage(digestOf([withPrecheck('100000000001', { 'eu-west-1': undefined })])).blocks)).not.toContain(
        'pre-check',
      );
    });
  });
});
