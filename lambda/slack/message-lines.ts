import type { KnownBlock } from '@slack/web-api';
import { describeUntil, KEEP_CHOICES, KEEP_LABELS } from '../core/keep-choice';
import { MARK_TAG } from '../core/model';
import {
  countsOf,
  describeCounts,
  type FailedLine,
  type KeptFromSlack,
  type ResourceLine,
  type RunReport,
  type Warning,
} from '../core/report';
import { formatDeadline } from '../core/tag-values';
import { context, plural } from './block-kit';
import { clip, codeText, escapeMrkdwn, SLACK_USER_ID, userText, visibleText } from './slack-text';

/** One line of a message: a resource, a failure, a keep; dates, links and the keep instructions. Pure. */

/** Caps on AWS/user-provided fields, so one line can never exceed a section on its own. */
export const MAX_TYPE_LABEL_CHARS = 60;
export const MAX_NAME_CHARS = 120;
export const MAX_ID_CHARS = 200;
export const MAX_URL_CHARS = 600;
export const MAX_REASON_CHARS = 300;
export const MAX_COST_CHARS = 60;
export const MAX_ERROR_CHARS = 500;
export const MAX_REQUIRED_TAGS_CHARS = 500;
export const MAX_FAILURE_ERROR_CHARS = 2_000;

export const DRY_RUN_NOTICE = 'DRY RUN — nothing was marked or deleted';

export const esc = escapeMrkdwn;

/** "3d", "5h", "12m" or "age unknown". */
export function formatAge(ageMs: number | undefined): string {
  if (ageMs === undefined || !Number.isFinite(ageMs)) return 'age unknown';
  const minutes = Math.floor(Math.max(0, ageMs) / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** Slack renders the token in the reader's time zone; the ISO text is the fallback and the record. */
export function dateMrkdwn(date: Date): string {
  const iso = formatDeadline(date);
  return `${iso} (<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${iso}>)`;
}

export function deadlineMrkdwn(date: Date): string {
  return `*${dateMrkdwn(date)}*`;
}

/** A mrkdwn link when the URL is safe to embed, otherwise the plain label. */
export function link(url: string, label: string): string {
  // A target with hidden characters is not the one the reader would think they click.
  if (!/^https:\/\/\S+$/.test(url) || url.length > MAX_URL_CHARS || visibleText(url) !== url) return label;
  // `|` would end the URL part of `<url|label>`.
  return `<${esc(url).replace(/\|/g, '%7C')}|${label}>`;
}

/** Compared as shown: a name of invisible characters only, or equal to the id once shown, is left out. */
export function resourceLabel(line: ResourceLine): string {
  const id = clip(line.id, MAX_ID_CHARS) || clip(line.arn, MAX_ID_CHARS);
  const name = line.name ? clip(line.name, MAX_NAME_CHARS) : '';
  return esc(name && name !== id ? `${name} (${id})` : id);
}

/** `• *EC2 instance* <console|name (id)> · 3d · ~$7.59/month · missing IaC tags (ManagedBy)` */
export function resourceLine(line: ResourceLine, homeRegion: string): string {
  const region = line.region && line.region !== homeRegion ? ` · ${userText(line.region, 30)}` : '';
  const cost = line.cost ? ` · ${userText(line.cost, MAX_COST_CHARS)}` : '';
  const backup = line.backup ? ` · :floppy_disk: kept ${userText(line.backup, MAX_REASON_CHARS)}` : '';
  return (
    `• *${userText(line.typeLabel, MAX_TYPE_LABEL_CHARS)}* ${link(line.consoleUrl, resourceLabel(line))}` +
    `${region} · ${formatAge(line.ageMs)}${cost} · ${userText(line.reason, MAX_REASON_CHARS)}${backup}`
  );
}

/** `• *EC2 instance* `arn:…` · kept by <@U…> until 2026-11-28 · 2026-11-21T10:00:00Z` */
export function keptFromSlackLine(k: KeptFromSlack): string {
  const who = SLACK_USER_ID.test(k.keptBy) ? `<@${k.keptBy}>` : userText(k.keptBy, 40);
  const type = k.typeLabel ? `*${userText(k.typeLabel, MAX_TYPE_LABEL_CHARS)}* ` : '';
  return `• ${type}${codeText(k.arn, MAX_ID_CHARS)} · kept by ${who} ${describeUntil(k.until)} · ${formatDeadline(k.at)}`;
}

export function failedLine(line: FailedLine, homeRegion: string): string {
  return `${resourceLine(line, homeRegion)} · error: ${codeText(line.error, MAX_ERROR_CHARS)}`;
}

export function keepInstructions(w: Warning, buttons: { readonly allowForever: boolean } | undefined): string {
  const exempt = esc(w.keep.exemptTag);
  const region = esc(w.region);
  const labels = KEEP_CHOICES.filter((c) => c !== 'forever' || buttons?.allowForever).map((c) => `*${KEEP_LABELS[c]}*`);
  return (
    `*How to keep a resource* — before the deadline, do one of:\n` +
    (buttons ? `• Click ${labels.join(' / ')} under it (allowed users only)\n` : '') +
    `• Bring it under IaC, which adds the required tags: ${userText(w.keep.requiredTags, MAX_REQUIRED_TAGS_CHARS)}\n` +
    `• Exempt it for good: tag \`${exempt}\` = \`true\`\n` +
    `• Exempt it through a day (UTC): tag \`${exempt}\` = \`YYYY-MM-DD\`\n` +
    `For example: \`aws resourcegroupstaggingapi tag-resources --region ${region} ` +
    `--resource-arn-list &lt;ARN&gt; --tags ${exempt}=true\`\n` +
    `The janitor leaves tagged resources alone and removes its own \`${MARK_TAG}\` mark on its next run.`
  );
}

export function reportCounts(r: RunReport): string[] {
  return describeCounts(countsOf(r), r.dryRun, { newsOnly: true });
}

export function continuationContext(accountId: string, region: string, dryRun: boolean): KnownBlock {
  const where = `Account \`${esc(accountId)}\` · Region \`${esc(region)}\` · continued`;
  return context(dryRun ? `*${DRY_RUN_NOTICE}* · ${where}` : where);
}

const MAX_OWNER_CHARS = 100;

/** Mentioned owners first, then owners without a Slack user, then unknown. */
export function ownerHeading(r: ResourceLine): { key: string; rank: number; title: (n: number) => string } {
  const owner = r.owner;
  const count = (n: number) => `${n} ${plural(n, 'resource', 'resources')}`;
  const name = owner?.name ? userText(owner.name, MAX_OWNER_CHARS) : undefined;
  if (owner?.slackUserId && SLACK_USER_ID.test(owner.slackUserId)) {
    return {
      key: `user:${owner.slackUserId}`,
      rank: 0,
      title: (n) => `:bust_in_silhouette: *Owner:* <@${owner.slackUserId}>${name ? ` (${name})` : ''} — ${count(n)}`,
    };
  }
  if (name) {
    return { key: `name:${name}`, rank: 1, title: (n) => `:bust_in_silhouette: *Owner:* ${name} (no Slack user found) — ${count(n)}` };
  }
  return { key: 'unknown', rank: 2, title: (n) => `:grey_question: *Owner unknown* — ${count(n)}` };
}
