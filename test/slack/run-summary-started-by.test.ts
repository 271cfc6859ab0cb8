import { describe, expect, it } from 'vitest';
import { NO_COUNTS } from '../../lambda/core/report';
import type { AccountRunSummary } from '../../lambda/core/run-results';
import { manualExecutionName } from '../../lambda/run/manual-run';
import { accountSummaryMessages } from '../../lambda/slack/run-summary-messages';

function summary(runId: string): AccountRunSummary {
  return {
    accountId: '123456789012',
    runId,
    dryRun: false,
    regions: [{ region: 'eu-west-1', status: 'swept', counts: NO_COUNTS }],
    totals: NO_COUNTS,
    reports: [],
  } as AccountRunSummary;
}

/** The account summary's context line (the run id, the region count and the notes). */
function contextLine(runId: string): string {
  const [first] = accountSummaryMessages(summary(runId));
  const context = first?.blocks?.find((b) => b.type === 'context');
  const element = context?.type === 'context' ? context.elements[0] : undefined;
  return element && 'text' in element ? element.text : '';
}

describe('account summary: who started the run', () => {
  it('a run started with janitor run-now says it was started by hand', () => {
    const runId = manualExecutionName(new Date('2026-11-21T14:03:04Z'), 'ana');
    expect(contextLine(runId)).toBe(`Run \`${runId}\` · 1 region · started by hand (janitor run-now)`);
  });

  it("a nightly run (the schedule's generated execution name) says nothing about it", () => {
    expect(contextLine('5c1b1c8e-6f55-4a0e-9c2e-6a7d2f3b9e10')).toBe('Run `5c1b1c8e-6f55-4a0e-9c2e-6a7d2f3b9e10` · 1 region');
    // Only the prefix counts, not the word anywhere in the id.
    expect(contextLine('nightly-manual-1')).not.toContain('started by hand');
  });
});
