import type { KnownBlock } from '@slack/web-api';
import { describeUntil } from '../core/keep-choice';
import { EXEMPT_TAG } from '../core/model';
import { formatDeadline } from '../core/tag-values';
import type { WarningRecord } from '../core/warning-record';
import { keepActions } from '../slack/keep-protocol';
import { inlineCode as code, SLACK_USER_ID } from '../slack/slack-text';
import type { KeptOnMessage } from './ledger';

/**
 * The warning message after a keep, rebuilt from the janitor's own record of it (channel, ts,
 * account, region, deadline, ARNs) and the keeps recorded for it; nothing of a click's payload or
 * a worker event is shown. Pure.
 */

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function messageFromRecord(
  record: WarningRecord,
  kept: ReadonlyMap<string, KeptOnMessage>,
  allowForever: boolean,
): { text: string; blocks: KnownBlock[] } {
  const total = record.resources.length;
  const keptCount = record.resources.filter((arn) => kept.has(arn)).length;
  const pending = total - keptCount;
  const deadline = formatDeadline(record.deadline);
  const summary = `${plural(pending, 'resource', 'resources')} of ${total} will be deleted after ${deadline}, ${keptCount} kept`;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: `:warning: Untagged resources: ${pending} will be deleted, ${keptCount} kept`, emoji: true },
    },
    context(`Account ${code(record.accountId)} · Region ${code(record.region)} · Deadline *${deadline}*`),
    ...record.resources.flatMap((arn, index) => resourceBlocks(arn, index, kept.get(arn), allowForever)),
    context("Updated after a Keep click, from the janitor's record of this warning."),
  ];
  return { text: `${summary} (account ${record.accountId}, ${record.region})`, blocks };
}

function resourceBlocks(arn: string, index: number, kept: KeptOnMessage | undefined, allowForever: boolean): KnownBlock[] {
  const line: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text: code(arn) } };
  if (kept) return [line, context(keptLine(kept))];
  // The same action ids and values as the nightly warning's buttons, so later clicks work alike.
  const buttons = keepActions(arn, index, allowForever);
  return buttons ? [line, buttons] : [line, context('_No Keep button (ARN too long): tag it by hand._')];
}

function keptLine(kept: KeptOnMessage): string {
  const who = SLACK_USER_ID.test(kept.keptBy) ? `<@${kept.keptBy}>` : 'an unknown user';
  return `:white_check_mark: Kept by ${who} ${describeUntil(kept.until)} (tagged ${code(`${EXEMPT_TAG}=${kept.exemptValue}`)}, mark removed)`;
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
