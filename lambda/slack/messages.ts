import { MARK_TAG } from '../core/model';
import type { ResourceLine, RunFailure, RunReport, Warning } from '../core/report';
import { formatDeadline } from '../core/tag-values';
import {
  context,
  headerBlock,
  type Layout,
  type ListGroup,
  type ListLine,
  MAX_FALLBACK_TEXT_CHARS,
  paginate,
  plural,
  type SlackMessage,
  section,
} from './block-kit';
import { keepActions } from './keep-protocol';
import {
  continuationContext,
  DRY_RUN_NOTICE,
  dateMrkdwn,
  deadlineMrkdwn,
  esc,
  failedLine,
  keepInstructions,
  keptFromSlackLine,
  link,
  MAX_ERROR_CHARS,
  MAX_FAILURE_ERROR_CHARS,
  MAX_TYPE_LABEL_CHARS,
  ownerHeading,
  reportCounts,
  resourceLine,
} from './message-lines';
import { clip, codeText, userText } from './slack-text';

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

// ---------------------------------------------------------------------------------------------
// Public renderers
// ---------------------------------------------------------------------------------------------

export function warningMessages(w: Warning, options: WarningRenderOptions = {}): SlackMessage[] {
  const buttons = keepButtonsShown(w, options);
  return paginate(warningLayout(w, buttons, warningGroups(w, buttons)));
}

/** A dry run marks nothing, so there is nothing to keep yet. */
export function keepButtonsShown(w: Warning, options: WarningRenderOptions): WarningRenderOptions['keepButtons'] {
  return w.dryRun ? undefined : options.keepButtons;
}

/** The warning's header, intro and keep instructions around `groups`; `note` follows the intro. */
export function warningLayout(w: Warning, buttons: WarningRenderOptions['keepButtons'], groups: ListGroup[], note?: string): Layout {
  const count = w.resources.length;
  const things = `${count.toLocaleString('en-US')} untagged ${plural(count, 'resource', 'resources')}`;
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

  return {
    header,
    fallback,
    firstLead: [
      context(`Account \`${esc(w.accountId)}\` · Region \`${esc(w.region)}\` · Deadline ${deadlineMrkdwn(w.deadline)}`),
      section(note ? `${intro}\n${note}` : intro),
      ...(w.ownerProblems && w.ownerProblems.length > 0
        ? [context(`:warning: Some owners could not be looked up: ${userText(w.ownerProblems.join('; '), MAX_ERROR_CHARS)}`)]
        : []),
    ],
    firstTrail: [{ type: 'divider' }, section(keepInstructions(w, buttons))],
    continuationLead: [continuationContext(w.accountId, w.region, w.dryRun)],
    groups,
  };
}

/** A warned resource's line, with its Keep buttons (`index` keeps their block ids apart). */
export function warningLine(w: Warning, buttons: WarningRenderOptions['keepButtons'], r: ResourceLine, index: number): ListLine {
  const text = resourceLine(r, w.region);
  if (!buttons) return text;
  const actions = keepActions(r.arn, index, buttons.allowForever);
  if (!actions) return `${text} · _no Keep button (ARN too long): tag it by hand_`;
  return { text, after: [actions], arn: r.arn };
}

/** One group per owner when owners were looked up (mentioned, unknown last), else one list. */
function warningGroups(w: Warning, buttons: WarningRenderOptions['keepButtons']): ListGroup[] {
  const item = (r: ResourceLine, index: number) => warningLine(w, buttons, r, index);
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

/** A long report lists the first `linesPerGroup` of each section; the rest are in `file`, attached. */
export interface ReportListLimit {
  readonly linesPerGroup: number;
  readonly file: string;
}

export function reportMessages(r: RunReport, limit?: ReportListLimit): SlackMessage[] {
  const dry = r.dryRun;
  const listed = <T>(lines: readonly T[], render: (line: T) => string): string[] => {
    if (!limit || lines.length <= limit.linesPerGroup) return lines.map(render);
    const rest = lines.length - limit.linesPerGroup;
    return [
      ...lines.slice(0, limit.linesPerGroup).map(render),
      `• … and ${rest.toLocaleString('en-US')} more: all in \`${limit.file}\`, attached in the thread`,
    ];
  };
  const counts = reportCounts(r);
  const summaryWords = counts.length > 0 ? counts.join(', ') : dry ? 'nothing would be deleted' : 'nothing deleted';
  const header = dry ? `:test_tube: DRY RUN report: ${summaryWords}` : `:broom: Janitor report: ${summaryWords}`;
  const fallback = `${dry ? 'DRY RUN janitor report' : 'Janitor report'} for account ${r.accountId}, ${r.region}: ${summaryWords}`;

  const markedLabel = dry ? 'Would mark now' : 'Newly marked';
  const drift = r.managedCount ? ` · *Tag drift* (untagged, managed by IaC; kept): ${r.managedCount}` : '';
  const summary =
    `*${markedLabel}:* ${r.markedCount} · *Waiting* (marked earlier, not yet due): ${r.waitingCount}${drift}` +
    (dry ? `\n*${DRY_RUN_NOTICE}.* Counts say what a real run would have done.` : '');

  const groups: ListGroup[] = [
    {
      title: dry ? `:wastebasket: *Would delete (${r.deleted.length})*` : `:wastebasket: *Deleted (${r.deleted.length})*`,
      lines: listed(r.deleted, (line) => resourceLine(line, r.region)),
    },
    {
      title: `:hourglass_flowing_sand: *Deletion started (${r.started.length})* — slow to delete; a later run no longer finds them`,
      lines: listed(r.started, (line) => resourceLine(line, r.region)),
    },
    {
      title: `:x: *Failed (${r.failed.length})* — AWS returned an error`,
      lines: listed(r.failed, (line) => failedLine(line, r.region)),
    },
    {
      title: `:fast_forward: *Skipped (${r.skipped.length})* — due, deliberately not deleted`,
      lines: listed(r.skipped, (line) => resourceLine(line, r.region)),
    },
    {
      title: dry
        ? `:white_check_mark: *Kept — mark would be removed (${r.kept.length})*`
        : `:white_check_mark: *Kept — mark removed (${r.kept.length})*`,
      lines: listed(r.kept, (line) => resourceLine(line, r.region)),
    },
    {
      title: `:raised_hand: *Kept from Slack (${r.keptFromSlack?.length ?? 0})* — exempted with a Keep button since the last report`,
      lines: (r.keptFromSlack ?? []).map(keptFromSlackLine),
    },
    {
      title: `:eyes: *Needs attention (${r.needsAttention.length})* — fix the tag named in the reason`,
      lines: listed(r.needsAttention, (line) => resourceLine(line, r.region)),
    },
    {
      title: `:label: *Tag drift (${r.tagDrift?.length ?? 0})* — managed by IaC but missing the required tags; kept, never deleted (weekly)`,
      lines: listed(r.tagDrift ?? [], (line) => resourceLine(line, r.region)),
    },
    {
      title: notCoveredTitle(r.notCovered),
      lines: notCoveredLines(r.notCovered),
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
      ...(r.listingScope ? [context(listingScopeText(r.listingScope))] : []),
      section(summary),
      ...(r.audit
        ? [
            context(
              `:ledger: Audit record (every decision, and each deleted resource's configuration): ${link(r.audit.consoleUrl, esc(r.audit.uri))}`,
            ),
          ]
        : []),
      ...(r.evidenceProblems && r.evidenceProblems.length > 0
        ? [
            section(
              `:rotating_light: *IaC evidence incomplete — nothing was marked or deleted in this account tonight* (unmarking went on): ` +
                codeText(r.evidenceProblems.map((p) => `${p.source}: ${p.error}`).join('; '), MAX_ERROR_CHARS),
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

/** The Resource Explorer pre-check, in one line: what it skipped, or why every type was listed. */
function listingScopeText(note: NonNullable<RunReport['listingScope']>): string {
  if ('skippedTypes' in note) {
    return `:zap: Resource Explorer pre-check: ${note.listedTypes} types listed, ${note.skippedTypes.length} skipped (it shows none of them in this region)`;
  }
  return `:zap: Every type listed: ${userText(note.fullListing, MAX_ERROR_CHARS)}`;
}

/** Types per report; the rest are summed in one line. */
const MAX_NOT_COVERED_TYPES = 15;

function notCoveredTitle(n: RunReport['notCovered']): string {
  const total = n ? `${n.complete ? '' : 'at least '}${n.total.toLocaleString('en-US')}` : '0';
  return `:mag: *Not covered (${total})* — never tagged, of types the janitor has no plug-in for (Resource Explorer, weekly): tag them in your IaC, or delete them by hand`;
}

function notCoveredLines(n: RunReport['notCovered']): string[] {
  if (!n || n.total === 0) return [];
  const shown = n.byType
    .slice(0, MAX_NOT_COVERED_TYPES)
    .map((t) => `• \`${userText(t.type, MAX_TYPE_LABEL_CHARS)}\` ${t.count.toLocaleString('en-US')}`);
  const rest = n.byType.slice(MAX_NOT_COVERED_TYPES);
  const more =
    rest.length > 0 ? [`• … and ${rest.reduce((a, t) => a + t.count, 0).toLocaleString('en-US')} more of ${rest.length} other types`] : [];
  const partial = n.complete
    ? []
    : ['• Resource Explorer counts only its first 1,000 never-tagged matches in a region, covered types included'];
  return [...shown, ...more, ...partial];
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
