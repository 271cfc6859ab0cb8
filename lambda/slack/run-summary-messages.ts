import type { KnownBlock } from '@slack/web-api';
import { formatMonthlyUsd, monthlyUsd } from '../core/cost';
import { describeCounts } from '../core/report';
import type { AccountRunSummary, RegionOutcome } from '../core/run-results';
import { isManualRun, MANUAL_RUN_STARTER } from '../run/manual-run';
import { MAX_HEADER_CHARS, MAX_SECTION_TEXT_CHARS, type SlackMessage } from './block-kit';
import { DRY_RUN_NOTICE } from './message-lines';
import { reportMessages } from './messages';
import { clip, codeText, escapeMrkdwn, userText } from './slack-text';

/** Regions per summary message; the rest continue in the thread. 45 blocks minus header and notes. */
const MAX_REGION_SECTIONS = 40;
const MAX_ERROR_CHARS = 400;
const MAX_REGION_CHARS = 30;

function regionLine(r: RegionOutcome, dryRun: boolean): string {
  const region = codeText(r.region, MAX_REGION_CHARS);
  // The error quotes AWS (an ARN, a role name): one visible, escaped line.
  if (r.status === 'failed') return `:x: ${region} — *sweep failed:* ${userText(r.error, MAX_ERROR_CHARS)}`;
  const words = describeCounts(r.counts, dryRun);
  const line = `:white_check_mark: ${region} — ${words.length > 0 ? words.join(' · ') : 'nothing to do'}`;
  return r.reportUnreadable
    ? `${line} — :warning: its resource list could not be read: ${userText(r.reportUnreadable, MAX_ERROR_CHARS)}`
    : line;
}

/** What the account's deleted resources cost a month, from their cost hints; undefined when none was priced. */
function deletedMonthlyCost(s: AccountRunSummary): string | undefined {
  const priced = s.reports.flatMap((r) => r.deleted.map((l) => monthlyUsd(l.cost))).filter((usd) => usd !== undefined);
  return priced.length > 0 ? formatMonthlyUsd(priced.reduce((a, b) => a + b, 0)) : undefined;
}

/** Lines packed into sections below Slack's per-section limit. */
function sections(lines: readonly string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > MAX_SECTION_TEXT_CHARS) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return blocks;
}

/**
 * One account's part of a run: a summary message (every region's outcome, failures first) and,
 * in its thread, the detailed report of each region that has something to show.
 */
export function accountSummaryMessages(s: AccountRunSummary): SlackMessage[] {
  const failed = s.regions.filter((r) => r.status === 'failed');
  const totals = describeCounts(s.totals, s.dryRun);
  const outcome = [
    ...(failed.length > 0 ? [`${failed.length} of ${s.regions.length} ${s.regions.length === 1 ? 'region' : 'regions'} failed`] : []),
    ...totals,
  ];
  const summaryWords = outcome.length > 0 ? outcome.join(', ') : 'nothing to do';
  const title = `${s.dryRun ? ':test_tube: DRY RUN — ' : failed.length > 0 ? ':rotating_light: ' : ':broom: '}Janitor run, account ${s.accountId}: ${summaryWords}`;
  const header = clip(title, MAX_HEADER_CHARS);
  const fallback = userText(`${s.dryRun ? 'DRY RUN janitor run' : 'Janitor run'} for account ${s.accountId}: ${summaryWords}`, 300);

  const ordered = [...failed, ...s.regions.filter((r) => r.status !== 'failed')];
  const regionBlocks = sections(ordered.map((r) => regionLine(r, s.dryRun)));
  const deletedCost = deletedMonthlyCost(s);
  const notes: KnownBlock[] = [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            `Run \`${escapeMrkdwn(s.runId)}\` · ${s.regions.length} ${s.regions.length === 1 ? 'region' : 'regions'}` +
            (isManualRun(s.runId) ? ` · started by hand (${MANUAL_RUN_STARTER})` : '') +
            (s.dryRun ? ` · ${DRY_RUN_NOTICE}` : '') +
            (deletedCost ? ` · ${s.dryRun ? 'would stop' : 'deleted resources no longer cost'} ${deletedCost}` : '') +
            (s.reports.length > 0 || regionBlocks.length > MAX_REGION_SECTIONS ? ' · details per region in the thread :thread:' : '') +
            (failed.length > 0 ? ' · a failed region was not swept tonight; the next run tries again' : ''),
        },
      ],
    },
  ];
  const first: SlackMessage = {
    text: fallback,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: header, emoji: true } },
      ...regionBlocks.slice(0, MAX_REGION_SECTIONS),
      ...notes,
    ],
  };
  const overflow: SlackMessage[] = [];
  for (let i = MAX_REGION_SECTIONS; i < regionBlocks.length; i += MAX_REGION_SECTIONS) {
    overflow.push({ text: `${fallback} (more regions)`, blocks: regionBlocks.slice(i, i + MAX_REGION_SECTIONS) });
  }
  return [first, ...overflow, ...s.reports.flatMap((report) => reportMessages(report))];
}
