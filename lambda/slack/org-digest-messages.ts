import type { KnownBlock } from '@slack/web-api';
import { formatMonthlyUsd } from '../core/cost';
import type { OrgDigest } from '../core/org-digest';
import { describeCounts } from '../core/report';
import { headerBlock, MAX_HEADER_CHARS, plural, type SlackMessage, section } from './block-kit';
import { DRY_RUN_NOTICE } from './message-lines';
import { clip, codeText, escapeMrkdwn, userText } from './slack-text';

/** Failed targets named in the digest; the rest are counted (each account's summary lists its own). */
const MAX_FAILED_SHOWN = 10;
const MAX_ERROR_CHARS = 200;

/** Reasons named in the digest; the rest are counted. */
const MAX_REASONS_SHOWN = 5;

/** Where the pre-check narrowed the listing, and the reasons it did not elsewhere, each with an example. */
function precheckText(p: NonNullable<OrgDigest['precheck']>): string {
  const head = `*Resource Explorer pre-check* — narrowed the listing in ${p.narrowed} of ${p.asked} ${plural(p.asked, 'target', 'targets')}`;
  if (p.fullListing.length === 0) return head;
  const lines = p.fullListing
    .slice(0, MAX_REASONS_SHOWN)
    .map(
      (f) =>
        `• ${f.targets} listed every type: ${userText(f.reason, MAX_ERROR_CHARS)} (e.g. ${codeText(f.example.accountId, 20)} ${codeText(f.example.region, 30)})`,
    );
  const rest = p.fullListing.slice(MAX_REASONS_SHOWN).reduce((n, f) => n + f.targets, 0);
  return [head, ...lines, ...(rest > 0 ? [`• …and ${rest} more for other reasons, each in its sweep's stored report`] : [])].join('\n');
}

/** One message: the organization's night at a glance, for the platform channel. */
export function orgDigestMessage(d: OrgDigest): SlackMessage {
  const totals = describeCounts(d.totals, d.dryRun);
  const failed = d.failedTargets.length;
  const scope = `${d.accounts} ${plural(d.accounts, 'account', 'accounts')} × ${d.regions} ${plural(d.regions, 'region', 'regions')} (${d.targets} targets)`;
  const outcome =
    [...(failed > 0 ? [`${failed} ${plural(failed, 'target', 'targets')} failed`] : []), ...totals].join(', ') || 'nothing to do';
  const icon = d.dryRun ? ':test_tube: DRY RUN — ' : failed > 0 ? ':rotating_light: ' : ':office: ';
  const blocks: KnownBlock[] = [headerBlock(clip(`${icon}Janitor run, organization: ${outcome}`, MAX_HEADER_CHARS)), section(`*${scope}*`)];
  const cost = formatMonthlyUsd(d.markedMonthlyUsd);
  if (d.costliest.length > 0) {
    const lines = d.costliest.map(
      (a) => `• ${codeText(a.accountId, 20)} — ${a.marked} newly marked, ${formatMonthlyUsd(a.monthlyUsd) ?? 'unpriced'}`,
    );
    blocks.push(section(`*Most costly accounts by what was newly marked*${cost ? ` (${cost} in all)` : ''}\n${lines.join('\n')}`));
  }
  if (failed > 0) {
    const shown = d.failedTargets
      .slice(0, MAX_FAILED_SHOWN)
      .map((t) => `• ${codeText(t.accountId, 20)} ${codeText(t.region, 30)}: ${userText(t.error, MAX_ERROR_CHARS)}`);
    const more = failed > MAX_FAILED_SHOWN ? `\n…and ${failed - MAX_FAILED_SHOWN} more, in their accounts' summaries` : '';
    blocks.push(section(`*Failed targets* (not swept tonight; the next run tries again)\n${shown.join('\n')}${more}`));
  }
  if (d.precheck) blocks.push(section(precheckText(d.precheck)));
  // A channel ID renders as a link to the channel; a name as written.
  const channels = d.channels.map((c) => (/^[CG][A-Z0-9]+$/.test(c) ? `<#${c}>` : escapeMrkdwn(c))).join(', ');
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `Run \`${escapeMrkdwn(d.runId)}\` · warnings and account summaries in ${channels}${d.dryRun ? ` · ${DRY_RUN_NOTICE}` : ''}`,
      },
    ],
  });
  return { text: userText(`${d.dryRun ? 'DRY RUN janitor run' : 'Janitor run'}, organization: ${scope}: ${outcome}`, 300), blocks };
}
