import { formatMonthlyUsd, monthlyUsd } from '../core/cost';
import type { ResourceLine, RunReport, Warning } from '../core/report';
import { formatDeadline } from '../core/tag-values';
import { type ListGroup, type ListLine, paginate, plural, type SlackMessage } from './block-kit';
import { toCsv } from './csv';
import { formatAge, ownerHeading } from './message-lines';
import { keepButtonsShown, reportMessages, type WarningRenderOptions, warningLayout, warningLine, warningMessages } from './messages';
import { userText } from './slack-text';

/**
 * Long lists at any size: a warning or report with more resources than a reader can scan is
 * posted as a digest of a few messages (counts by owner and type, the costliest with their Keep
 * buttons) with the complete list attached as a CSV file in its thread. Pure.
 */

/** Up to this many resources a warning lists one by one, each with its Keep buttons. */
export const DETAILED_WARNING_LIMIT = 30;
/** A digest lists the costliest this many resources, each with its Keep buttons. */
export const COSTLIEST_LISTED = 20;
/** Owner (or type) summary lines in a digest; the rest are counted in one line. */
export const MAX_SUMMARY_LINES = 50;
/** Types named in one owner's summary line. */
const TYPES_PER_OWNER = 4;
/** Up to this many resource lines in all, a report lists every one. */
export const DETAILED_REPORT_LIMIT = 60;
/** A longer report lists this many per section, the rest in the attached file. */
export const REPORT_LINES_PER_GROUP = 10;

/** A file posted in the message's thread (Slack `files.uploadV2`: the `files:write` scope). */
export interface Attachment {
  readonly filename: string;
  readonly title: string;
  readonly content: string;
  readonly rows: number;
}

export interface Rendered {
  readonly messages: SlackMessage[];
  readonly attachment?: Attachment;
}

export function renderWarning(w: Warning, options: WarningRenderOptions = {}): Rendered {
  if (w.resources.length <= DETAILED_WARNING_LIMIT) return { messages: warningMessages(w, options) };
  const filename = fileName('warning', w.accountId, w.region, w.deadline);
  const buttons = keepButtonsShown(w, options);
  const note = `All ${w.resources.length.toLocaleString('en-US')} are listed in \`${filename}\`, attached in this message's thread.`;
  const groups: ListGroup[] = [summaryGroup(w), costliestGroup(w, buttons)];
  return { messages: paginate(warningLayout(w, buttons, groups, note)), attachment: warningCsv(w, filename) };
}

/** By owner when owners were looked up (mentioned first, then by count), else by type. */
function summaryGroup(w: Warning): ListGroup {
  if (!w.ownersResolved)
    return {
      title: '*By type*',
      lines: capped(
        typeSummary(w.resources).map((t) => `• ${t}`),
        'types',
      ),
    };
  const owners = new Map<string, { rank: number; title: (n: number) => string; lines: ResourceLine[] }>();
  for (const r of w.resources) {
    const { key, rank, title } = ownerHeading(r);
    const owner = owners.get(key);
    if (owner) owner.lines.push(r);
    else owners.set(key, { rank, title, lines: [r] });
  }
  const lines = [...owners.entries()]
    .sort(([a, x], [b, y]) => x.rank - y.rank || y.lines.length - x.lines.length || a.localeCompare(b))
    .map(([, o]) => `${o.title(o.lines.length)}: ${typeSummary(o.lines).slice(0, TYPES_PER_OWNER).join(', ')}${moreTypes(o.lines)}`);
  return { title: '*By owner*', lines: capped(lines, 'owners') };
}

/** "80 × EC2 instance (~$1,200/month)", most numerous first. */
function typeSummary(lines: readonly ResourceLine[]): string[] {
  const types = new Map<string, { label: string; count: number; usd: number | undefined }>();
  for (const r of lines) {
    const t = types.get(r.type) ?? { label: r.typeLabel, count: 0, usd: undefined };
    const usd = monthlyUsd(r.cost);
    types.set(r.type, { ...t, count: t.count + 1, usd: usd === undefined ? t.usd : (t.usd ?? 0) + usd });
  }
  return [...types.values()]
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .map((t) => {
      const cost = formatMonthlyUsd(t.usd);
      return `${t.count.toLocaleString('en-US')} × ${userText(t.label, 60)}${cost ? ` (${cost})` : ''}`;
    });
}

function moreTypes(lines: readonly ResourceLine[]): string {
  const extra = new Set(lines.map((r) => r.type)).size - TYPES_PER_OWNER;
  return extra > 0 ? ` and ${extra} more ${plural(extra, 'type', 'types')}` : '';
}

function capped(lines: string[], what: string): string[] {
  if (lines.length <= MAX_SUMMARY_LINES) return lines;
  const rest = lines.length - MAX_SUMMARY_LINES;
  return [...lines.slice(0, MAX_SUMMARY_LINES), `• … and ${rest} more ${what}: see the attached file`];
}

/** The priciest first (unpriced last), then the oldest; each with its Keep buttons. */
function costliestGroup(w: Warning, buttons: WarningRenderOptions['keepButtons']): ListGroup {
  const ranked = w.resources
    .map((r, index) => ({ r, index, usd: monthlyUsd(r.cost) ?? -1 }))
    .sort((a, b) => b.usd - a.usd || (b.r.ageMs ?? -1) - (a.r.ageMs ?? -1) || a.r.arn.localeCompare(b.r.arn))
    .slice(0, COSTLIEST_LISTED);
  const lines: ListLine[] = ranked.map(({ r, index }) => warningLine(w, buttons, r, index));
  const how = buttons ? ' — with Keep buttons; keep any other by its tag (below)' : '';
  return { title: `*The ${ranked.length} costliest${how}*`, lines };
}

function warningCsv(w: Warning, filename: string): Attachment {
  const header = ['owner', 'owner_slack_user', 'type', 'id', 'name', 'region', 'arn', 'age', 'cost', 'reason', 'console_url'];
  const rows = w.resources.map((r) => [
    r.owner?.name,
    r.owner?.slackUserId,
    r.typeLabel,
    r.id,
    r.name,
    r.region,
    r.arn,
    r.ageMs === undefined ? undefined : formatAge(r.ageMs),
    r.cost,
    r.reason,
    r.consoleUrl,
  ]);
  return {
    filename,
    title: `Untagged resources, deleted after ${formatDeadline(w.deadline)}`,
    content: toCsv(header, rows),
    rows: rows.length,
  };
}

const REPORT_SECTIONS = ['deleted', 'started', 'failed', 'skipped', 'kept', 'needsAttention', 'tagDrift'] as const;

export function renderReport(r: RunReport): Rendered {
  const total = REPORT_SECTIONS.reduce((n, key) => n + (r[key]?.length ?? 0), 0);
  if (total <= DETAILED_REPORT_LIMIT) return { messages: reportMessages(r) };
  const filename = fileName('report', r.accountId, r.region, r.startedAt);
  const messages = reportMessages(r, { linesPerGroup: REPORT_LINES_PER_GROUP, file: filename });
  const header = ['outcome', 'type', 'id', 'name', 'region', 'arn', 'reason', 'error', 'backup', 'cost'];
  const rows = REPORT_SECTIONS.flatMap((key) =>
    (r[key] ?? []).map((line) => [
      key,
      line.typeLabel,
      line.id,
      line.name,
      line.region,
      line.arn,
      line.reason,
      errorOf(line),
      line.backup,
      line.cost,
    ]),
  );
  return {
    messages,
    attachment: { filename, title: `Janitor report, ${formatDeadline(r.startedAt)}`, content: toCsv(header, rows), rows: rows.length },
  };
}

function errorOf(line: ResourceLine): string | undefined {
  return 'error' in line && typeof line.error === 'string' ? line.error : undefined;
}

/** `janitor-warning-123456789012-eu-west-1-2026-12-03.csv`; only safe characters. */
function fileName(kind: string, accountId: string, region: string, date: Date): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9-]/g, '_');
  return `janitor-${kind}-${safe(accountId)}-${safe(region)}-${date.toISOString().slice(0, 10)}.csv`;
}
