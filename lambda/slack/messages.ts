import type { KnownBlock } from '@slack/web-api';
import { MARK_TAG } from '../core/model';
import { formatDeadline } from '../core/tag-values';
import type { FailedLine, ResourceLine, RunFailure, RunReport, Warning } from '../run/report';

/**
 * Renders warnings, reports and failures as Slack Block Kit messages. Pure: no I/O, so every limit
 * below can be checked in unit tests. Long lists are split into several messages; the notifier
 * posts the first to the channel and the rest as thread replies.
 */

export interface SlackMessage {
  /** Notification / fallback text: a short summary. */
  text: string;
  blocks: KnownBlock[];
}

/** Slack allows 50 blocks; the margin leaves room for a future block without re-tuning the split. */
export const MAX_BLOCKS_PER_MESSAGE = 45;
/** Slack allows 3,000 characters in a section's text. */
export const MAX_SECTION_TEXT_CHARS = 2_900;
/** Slack's limit for a header block's text. */
export const MAX_HEADER_CHARS = 150;
/** `msg_blocks_too_long` has been seen near 13k characters in total, below the documented limits. */
export const MAX_MESSAGE_TEXT_CHARS = 10_000;
/** The fallback `text` shows up in notifications: keep it short. */
export const MAX_FALLBACK_TEXT_CHARS = 300;

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

export function warningMessages(w: Warning): SlackMessage[] {
  const count = w.resources.length;
  const things = `${count} untagged ${plural(count, 'resource', 'resources')}`;
  const deadline = formatDeadline(w.deadline);
  const where = `account ${w.accountId}, ${w.region}`;

  const header = w.dryRun
    ? `:test_tube: DRY RUN: ${things} would be marked for deletion`
    : `:warning: ${things} will be deleted`;
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
    ],
    firstTrail: [{ type: 'divider' }, section(keepInstructions(w))],
    continuationLead: [continuationContext(w.accountId, w.region, w.dryRun)],
    groups: [{ title: `*Untagged resources (${count})*`, lines: w.resources.map((r) => resourceLine(r, w.region)) }],
  });
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
      ...(r.audit ? [context(`:ledger: Audit record (every decision, and each deleted resource's configuration): ${link(r.audit.consoleUrl, esc(r.audit.uri))}`)] : []),
      ...(r.auditError ? [section(`:rotating_light: *The audit record could not be written:* ${codeText(r.auditError, MAX_ERROR_CHARS)}`)] : []),
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

/** Slack's three control characters; everything AWS or users wrote goes through this. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
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

/** Newlines would break the one-line-per-resource layout; long values would break the limits. */
function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = flat.slice(0, max - 1);
  // Do not leave half of a surrogate pair (emoji) behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function userText(text: string, max: number): string {
  return esc(clip(text, max));
}

/** Inline code; backticks inside would end the code span early. */
function codeText(text: string, max: number): string {
  return `\`${userText(text.replace(/`/g, "'"), max)}\``;
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
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
  if (!/^https:\/\/\S+$/.test(url) || url.length > MAX_URL_CHARS) return label;
  // `|` would end the URL part of `<url|label>`.
  return `<${esc(url).replace(/\|/g, '%7C')}|${label}>`;
}

function resourceLabel(line: ResourceLine): string {
  const id = clip(line.id, MAX_ID_CHARS);
  if (line.name && line.name !== line.id) return esc(`${clip(line.name, MAX_NAME_CHARS)} (${id})`);
  return esc(id);
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

function failedLine(line: FailedLine, homeRegion: string): string {
  return `${resourceLine(line, homeRegion)} · error: ${codeText(line.error, MAX_ERROR_CHARS)}`;
}

function keepInstructions(w: Warning): string {
  const exempt = esc(w.keep.exemptTag);
  const region = esc(w.region);
  return (
    `*How to keep a resource* — before the deadline, do one of:\n` +
    `• Bring it under IaC, which adds the required tags: ${userText(w.keep.requiredTags, MAX_REQUIRED_TAGS_CHARS)}\n` +
    `• Exempt it for good: tag \`${exempt}\` = \`true\`\n` +
    `• Exempt it through a day (UTC): tag \`${exempt}\` = \`YYYY-MM-DD\`\n` +
    `For example: \`aws resourcegroupstaggingapi tag-resources --region ${region} ` +
    `--resource-arn-list &lt;ARN&gt; --tags ${exempt}=true\`\n` +
    `The janitor leaves tagged resources alone and removes its own \`${MARK_TAG}\` mark on its next run.`
  );
}

function reportCounts(r: RunReport): string[] {
  const counts: [number, string][] = [
    [r.deleted.length, r.dryRun ? 'would be deleted' : 'deleted'],
    [r.started.length, 'deletion started'],
    [r.failed.length, 'failed'],
    [r.skipped.length, 'skipped'],
    [r.kept.length, 'kept'],
    [r.needsAttention.length, plural(r.needsAttention.length, 'needs', 'need') + ' attention'],
    [r.capAlerts.length, plural(r.capAlerts.length, 'cap alert', 'cap alerts')],
    [r.listingErrors.length, plural(r.listingErrors.length, 'type', 'types') + ' not listed'],
  ];
  return counts.filter(([n]) => n > 0).map(([n, words]) => `${n} ${words}`);
}

function continuationContext(accountId: string, region: string, dryRun: boolean): KnownBlock {
  const where = `Account \`${esc(accountId)}\` · Region \`${esc(region)}\` · continued`;
  return context(dryRun ? `*${DRY_RUN_NOTICE}* · ${where}` : where);
}

// ---------------------------------------------------------------------------------------------
// Blocks and splitting
// ---------------------------------------------------------------------------------------------

function headerBlock(text: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** Tells channel readers the list goes on; the budget reserves room for it on every first page. */
function threadNote(moreParts: number): KnownBlock {
  return context(`:thread: The list continues in this message's thread (${moreParts} more ${plural(moreParts, 'part', 'parts')}).`);
}

/** Characters Slack counts towards a message: every `text` string anywhere in the blocks. */
export function blocksTextLength(blocks: readonly unknown[]): number {
  const count = (value: unknown, key?: string): number => {
    if (typeof value === 'string') return key === 'text' ? value.length : 0;
    if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + count(item), 0);
    if (value && typeof value === 'object') {
      return Object.entries(value).reduce<number>((sum, [k, v]) => sum + count(v, k), 0);
    }
    return 0;
  };
  return count(blocks);
}

/** A titled list; the title repeats, marked "continued", when the list spills into another message. */
interface ListGroup {
  readonly title: string;
  readonly lines: readonly string[];
}

interface Layout {
  /** Plain text, without the part suffix. */
  readonly header: string;
  /** Raw (unescaped) summary, without the part suffix. */
  readonly fallback: string;
  /** After the header of the first message. */
  readonly firstLead: readonly KnownBlock[];
  /** At the end of the first message (the keep instructions, shown once). */
  readonly firstTrail: readonly KnownBlock[];
  /** After the header of every later message. */
  readonly continuationLead: readonly KnownBlock[];
  readonly groups: readonly ListGroup[];
}

/**
 * Packs the lines of every group into section texts, and the sections into as few messages as the
 * limits allow. Budgets reserve a full-length header because "(part n of N)" is only known at the end.
 */
function paginate(layout: Layout): SlackMessage[] {
  const pages: string[][] = [];
  let sections: string[] = [];
  let blocksLeft = 0;
  let charsLeft = 0;
  /** Index of the group whose lines the page's last section holds, -1 when none on this page. */
  let openGroup = -1;

  const openPage = () => {
    const first = pages.length === 0;
    const fixed = first ? [...layout.firstLead, threadNote(99), ...layout.firstTrail] : layout.continuationLead;
    sections = [];
    pages.push(sections);
    blocksLeft = MAX_BLOCKS_PER_MESSAGE - 1 - fixed.length;
    charsLeft = MAX_MESSAGE_TEXT_CHARS - MAX_HEADER_CHARS - blocksTextLength(fixed);
    openGroup = -1;
  };

  const startSection = (text: string): boolean => {
    if (blocksLeft < 1 || text.length > charsLeft || text.length > MAX_SECTION_TEXT_CHARS) return false;
    sections.push(text);
    blocksLeft -= 1;
    charsLeft -= text.length;
    return true;
  };

  openPage();
  layout.groups.forEach((group, groupIndex) => {
    let titleShown = false;
    for (const line of group.lines) {
      if (openGroup === groupIndex) {
        const last = sections[sections.length - 1];
        const addition = `\n${line}`;
        if (last.length + addition.length <= MAX_SECTION_TEXT_CHARS && addition.length <= charsLeft) {
          sections[sections.length - 1] = last + addition;
          charsLeft -= addition.length;
          continue;
        }
        // Same page, new section: the title above still applies.
        if (startSection(line)) continue;
      } else {
        const title = titleShown ? `${group.title} _(continued)_` : group.title;
        if (startSection(`${title}\n${line}`)) {
          titleShown = true;
          openGroup = groupIndex;
          continue;
        }
      }
      openPage();
      const title = titleShown ? `${group.title} _(continued)_` : group.title;
      if (!startSection(`${title}\n${line}`)) {
        // Unreachable while the field caps above stay far below the section limit.
        throw new Error(`Slack message line does not fit in an empty message (${line.length} characters)`);
      }
      titleShown = true;
      openGroup = groupIndex;
    }
  });

  const total = pages.length;
  return pages.map((pageSections, index) => {
    const first = index === 0;
    const part = total > 1 ? ` (part ${index + 1} of ${total})` : '';
    const blocks: KnownBlock[] = [
      headerBlock(clip(layout.header, MAX_HEADER_CHARS - part.length) + part),
      ...(first ? layout.firstLead : layout.continuationLead),
      ...pageSections.map(section),
      ...(first && total > 1 ? [threadNote(total - 1)] : []),
      ...(first ? layout.firstTrail : []),
    ];
    // Clipped before escaping so an entity is never cut in half; escaping may add a few characters.
    return { text: esc(clip(layout.fallback, MAX_FALLBACK_TEXT_CHARS - part.length)) + part, blocks };
  });
}
