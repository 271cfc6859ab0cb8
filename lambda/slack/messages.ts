import type { KnownBlock } from '@slack/web-api';
import { describeUntil, KEEP_CHOICES, KEEP_LABELS } from '../core/keep-choice';
import { MARK_TAG } from '../core/model';
import {
  countsOf,
  describeCounts,
  type FailedLine,
  type KeptFromSlack,
  type ResourceLine,
  type RunFailure,
  type RunReport,
  type Warning,
} from '../core/report';
import { formatDeadline } from '../core/tag-values';
import {
  context,
  headerBlock,
  type ListGroup,
  type ListLine,
  MAX_FALLBACK_TEXT_CHARS,
  paginate,
  plural,
  type SlackMessage,
  section,
} from './block-kit';
import { keepActions } from './keep-protocol';
import { clip, codeText, escapeMrkdwn, SLACK_USER_ID, userText, visibleText } from './slack-text';

/**
 * The run's messages: the warning (with Keep buttons), the report and the failure notice, as
 * Slack Block Kit. Pure: no I/O, so every limit can be checked in unit tests. Long lists are
 * split into several messages by `paginate` (block-kit.ts).
 */

/** How a warning is rendered besides its content. */
export interface WarningRenderOptions {
  /** Keep buttons under every resource line; absent: none. Never shown in a dry run. */
  readonly keepButtons?: { readonly allowForever: boolean };
}

/** Caps on AWS/user-provided fields, so one line can never exceed a section on its own. */
const MAX_TYPE_LABEL_CHARS = 60;
const MAX_NAME_CHARS = 120;
const MAX_ID_CHARS = 200;
const MAX_URL_CHARS = 600;
const MAX_REASON_CHARS = 300;
const MAX_COST_CHARS = 60;
const MAX_ERROR_CHARS = 500;
const MAX_REQUIRED_TAGS_CHARS = 500;
const MAX_FAILURE_ERROR_CHARS = 2_000;

export const DRY_RUN_NOTICE = 'DRY RUN — nothing was marked or deleted';

// ---------------------------------------------------------------------------------------------
// Public renderers
// ---------------------------------------------------------------------------------------------

export function warningMessages(w: Warning, options: WarningRenderOptions = {}): SlackMessage[] {
  // A dry run marks nothing, so there is nothing to keep yet.
  const buttons = w.dryRun ? undefined : options.keepButtons;
  const count = w.resources.length;
  const things = `${count} untagged ${plural(count, 'resource', 'resources')}`;
  const deadline = formatDeadline(w.deadline);
  const where = `account ${w.accountId}, ${w.region}`;

  const header = w.dryRun ? `:test_tube: DRY RUN: ${things} would be marked for deletion` : `:warning: ${things} will be deleted`;
  const fallback = w.dryRun
    ? `DRY RUN: ${things} would be marked for deletion after ${deadline} (${where}) — nothing was marked or deleted`
    : `${things} will be deleted after ${deadline} (${where})`;

  const intro = w.dryRun
    ? `*${DRY_RUN_NOTICE}.* These resources lack the required IaC tags. With dry run off they would be tagged ` +
      `\`${MARK_TAG}\` now and deleted by the first run after the deadline.`
    : `These resources lack the required IaC tags. They are being tagged \`${MARK_TAG}\` and will be deleted ` +
      `by the first run after the deadline unless someone keeps them (see below).`;

  return paginate({
    header,
    fallback,
    firstLead: [
      context(`Account \`${esc(w.accountId)}\` · Region \`${esc(w.region)}\` · Deadline ${deadlineMrkdwn(w.deadline)}`),
      section(intro),
      ...(w.ownerProblems && w.ownerProblems.length > 0
        ? [context(`:warning: Some owners could not be looked up: ${userText(w.ownerProblems.join('; '), MAX_ERROR_CHARS)}`)]
        : []),
    ],
    firstTrail: [{ type: 'divider' }, section(keepInstructions(w, buttons))],
    continuationLead: [continuationContext(w.accountId, w.region, w.dryRun)],
    groups: warningGroups(w, buttons),
  });
}

/** One group per owner when owners were looked up (mentioned, unknown last), else one list. */
function warningGroups(w: Warning, buttons: WarningRenderOptions['keepButtons']): ListGroup[] {
  const item = (r: ResourceLine, index: number): ListLine => {
    const text = resourceLine(r, w.region);
    if (!buttons) return text;
    const actions = keepActions(r.arn, index, buttons.allowForever);
    if (!actions) return `${text} · _no Keep button (ARN too long): tag it by hand_`;
    return { text, after: [actions], arn: r.arn };
  };
  const indexed = w.resources.map((r, index) => ({ r, index }));
  if (!w.ownersResolved) {
    return [{ title: `*Untagged resources (${w.resources.length})*`, lines: indexed.map(({ r, index }) => item(r, index)) }];
  }
  const groups = new Map<string, { rank: number; title: (n: number) => string; lines: ListLine[] }>();
  for (const { r, index } of indexed) {
    const { key, rank, title } = ownerHeading(r);
    const group = groups.get(key) ?? { rank, title, lines: [] };
    group.lines.push(item(r, index));
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort(([a, ga], [b, gb]) => ga.rank - gb.rank || a.localeCompare(b))
    .map(([, g]) => ({ title: g.title(g.lines.length), lines: g.lines }));
}

const MAX_OWNER_CHARS = 100;

/** Mentioned owners first, then owners without a Slack user, then unknown. */
function ownerHeading(r: ResourceLine): { key: string; rank: number; title: (n: number) => string } {
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

export function reportMessages(r: RunReport): SlackMessage[] {
  const dry = r.dryRun;
  const counts = reportCounts(r);
  const summaryWords = counts.length > 0 ? counts.join(', ') : dry ? 'nothing would be deleted' : 'nothing deleted';
  const header = dry ? `:test_tube: DRY RUN report: ${summaryWords}` : `:broom: Janitor report: ${summaryWords}`;
  const fallback = `${dry ? 'DRY RUN janitor report' : 'Janitor report'} for account ${r.accountId}, ${r.region}: ${summaryWords}`;

  const markedLabel = dry ? 'Would mark now' : 'Newly marked';
  const summary =
    `*${markedLabel}:* ${r.markedCount} · *Waiting* (marked earlier, not yet due): ${r.waitingCount}` +
    (dry ? `\n*${DRY_RUN_NOTICE}.* Counts say what a real run would have done.` : '');

  const groups: ListGroup[] = [
    {
      title: dry ? `:wastebasket: *Would delete (${r.deleted.length})*` : `:wastebasket: *Deleted (${r.deleted.length})*`,
      lines: r.deleted.map((line) => resourceLine(line, r.region)),
    },
    {
      title: `:hourglass_flowing_sand: *Deletion started (${r.started.length})* — slow to delete; a later run no longer finds them`,
      lines: r.started.map((line) => resourceLine(line, r.region)),
    },
    {
      title: `:x: *Failed (${r.failed.length})* — AWS returned an error`,
      lines: r.failed.map((line) => failedLine(line, r.region)),
    },
    {
      title: `:fast_forward: *Skipped (${r.skipped.length})* — due, deliberately not deleted`,
      lines: r.skipped.map((line) => resourceLine(line, r.region)),
    },
    {
      title: dry
        ? `:white_check_mark: *Kept — mark would be removed (${r.kept.length})*`
        : `:white_check_mark: *Kept — mark removed (${r.kept.length})*`,
      lines: r.kept.map((line) => resourceLine(line, r.region)),
    },
    {
      title: `:raised_hand: *Kept from Slack (${r.keptFromSlack?.length ?? 0})* — exempted with a Keep button since the last report`,
      lines: (r.keptFromSlack ?? []).map(keptFromSlackLine),
    },
    {
      title: `:eyes: *Needs attention (${r.needsAttention.length})* — fix the tag named in the reason`,
      lines: r.needsAttention.map((line) => resourceLine(line, r.region)),
    },
    {
      title: `:octagonal_sign: *Cap alerts (${r.capAlerts.length})* — the capped phase did nothing`,
      lines: r.capAlerts.map((alert) => `• ${userText(alert, MAX_ERROR_CHARS)}`),
    },
    {
      title: `:grey_question: *Could not list (${r.listingErrors.length})* — these types were not checked this run`,
      lines: r.listingErrors.map((e) => `• \`${userText(e.type, MAX_TYPE_LABEL_CHARS)}\` ${codeText(e.error, MAX_ERROR_CHARS)}`),
    },
  ].filter((group) => group.lines.length > 0);

  return paginate({
    header,
    fallback,
    firstLead: [
      context(`Account \`${esc(r.accountId)}\` · Region \`${esc(r.region)}\` · Run started ${dateMrkdwn(r.startedAt)}`),
      section(summary),
      ...(r.audit
        ? [
            context(
              `:ledger: Audit record (every decision, and each deleted resource's configuration): ${link(r.audit.consoleUrl, esc(r.audit.uri))}`,
            ),
          ]
        : []),
      ...(r.auditError
        ? [section(`:rotating_light: *The audit record could not be written:* ${codeText(r.auditError, MAX_ERROR_CHARS)}`)]
        : []),
    ],
    firstTrail: [],
    continuationLead: [continuationContext(r.accountId, r.region, dry)],
    groups,
  });
}

export function failureMessage(f: RunFailure): SlackMessage {
  const header = ':rotating_light: Janitor run failed';
  return {
    text: esc(clip(`Janitor run failed in account ${f.accountId}, ${f.region}: ${f.error}`, MAX_FALLBACK_TEXT_CHARS)),
    blocks: [
      headerBlock(header),
      context(`Account \`${esc(f.accountId)}\` · Region \`${esc(f.region)}\``),
      section(
        `The run could not complete; whatever came after the failure was not done this run.\n` +
          `*Error:* ${codeText(f.error, MAX_FAILURE_ERROR_CHARS)}\n` +
          `Check the janitor Lambda's logs for details. The next scheduled run starts over.`,
      ),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Formatting helpers
// ---------------------------------------------------------------------------------------------

const esc = escapeMrkdwn;

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
function dateMrkdwn(date: Date): string {
  const iso = formatDeadline(date);
  return `${iso} (<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${iso}>)`;
}

function deadlineMrkdwn(date: Date): string {
  return `*${dateMrkdwn(date)}*`;
}

/** A mrkdwn link when the URL is safe to embed, otherwise the plain label. */
function link(url: string, label: string): string {
  // A target with hidden characters is not the one the reader would think they click.
  if (!/^https:\/\/\S+$/.test(url) || url.length > MAX_URL_CHARS || visibleText(url) !== url) return label;
  // `|` would end the URL part of `<url|label>`.
  return `<${esc(url).replace(/\|/g, '%7C')}|${label}>`;
}

/** Compared as shown: a name of invisible characters only, or equal to the id once shown, is left out. */
function resourceLabel(line: ResourceLine): string {
  const id = clip(line.id, MAX_ID_CHARS) || clip(line.arn, MAX_ID_CHARS);
  const name = line.name ? clip(line.name, MAX_NAME_CHARS) : '';
  return esc(name && name !== id ? `${name} (${id})` : id);
}

/** `• *EC2 instance* <console|name (id)> · 3d · ~$7.59/month · missing IaC tags (ManagedBy)` */
function resourceLine(line: ResourceLine, homeRegion: string): string {
  const region = line.region && line.region !== homeRegion ? ` · ${userText(line.region, 30)}` : '';
  const cost = line.cost ? ` · ${userText(line.cost, MAX_COST_CHARS)}` : '';
  const backup = line.backup ? ` · :floppy_disk: kept ${userText(line.backup, MAX_REASON_CHARS)}` : '';
  return (
    `• *${userText(line.typeLabel, MAX_TYPE_LABEL_CHARS)}* ${link(line.consoleUrl, resourceLabel(line))}` +
    `${region} · ${formatAge(line.ageMs)}${cost} · ${userText(line.reason, MAX_REASON_CHARS)}${backup}`
  );
}

/** `• *EC2 instance* `arn:…` · kept by <@U…> until 2026-11-28 · 2026-11-21T10:00:00Z` */
function keptFromSlackLine(k: KeptFromSlack): string {
  const who = SLACK_USER_ID.test(k.keptBy) ? `<@${k.keptBy}>` : userText(k.keptBy, 40);
  const type = k.typeLabel ? `*${userText(k.typeLabel, MAX_TYPE_LABEL_CHARS)}* ` : '';
  return `• ${type}${codeText(k.arn, MAX_ID_CHARS)} · kept by ${who} ${describeUntil(k.until)} · ${formatDeadline(k.at)}`;
}

function failedLine(line: FailedLine, homeRegion: string): string {
  return `${resourceLine(line, homeRegion)} · error: ${codeText(line.error, MAX_ERROR_CHARS)}`;
}

function keepInstructions(w: Warning, buttons: WarningRenderOptions['keepButtons']): string {
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

function reportCounts(r: RunReport): string[] {
  return describeCounts(countsOf(r), r.dryRun, { newsOnly: true });
}

function continuationContext(accountId: string, region: string, dryRun: boolean): KnownBlock {
  const where = `Account \`${esc(accountId)}\` · Region \`${esc(region)}\` · continued`;
  return context(dryRun ? `*${DRY_RUN_NOTICE}* · ${where}` : where);
}
