import { describe, expect, it } from 'vitest';
import { countsOf, NO_COUNTS } from '../../lambda/core/report';
import type { AccountRunSummary } from '../../lambda/core/run-results';
import { accountSummaryMessages } from '../../lambda/slack/run-summary-messages';
import { reportOf, resourceLine } from './fixtures';

function contextOf(summary: AccountRunSummary): string {
  const [first] = accountSummaryMessages(summary);
  const block = first!.blocks?.find((b) => b.type === 'context') as { elements: { text: string }[] };
  return block.elements.map((e) => e.text).join(' ');
}

const summaryOf = (deleted: ReturnType<typeof resourceLine>[], dryRun = false): AccountRunSummary => {
  const report = reportOf({ deleted, dryRun });
  return { accountId: '123456789012', runId: 'run-1', dryRun, regions: [], totals: countsOf(report), reports: [report] };
};

describe('the account summary states what the deleted resources cost a month', () => {
  it('sums the priced deleted lines', () => {
    const text = contextOf(
      summaryOf([resourceLine(1, { cost: '~$33/month' }), resourceLine(2, { cost: '~$1,200/month' }), resourceLine(3)]),
    );
    expect(text).toContain('deleted resources no longer cost ~$1,233/month');
  });

  it('says "would stop" in a dry run, and nothing when no deleted line is priced', () => {
    expect(contextOf(summaryOf([resourceLine(1, { cost: '~$33/month' })], true))).toContain('would stop ~$33/month');
    expect(contextOf(summaryOf([resourceLine(1, { cost: undefined })]))).not.toContain('/month');
    expect(contextOf({ ...summaryOf([]), totals: NO_COUNTS, reports: [] })).not.toContain('/month');
  });
});
