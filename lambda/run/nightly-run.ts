import type { JanitorConfig } from '../config/schema';
import { AwsClients, type AwsTarget } from '../aws/clients';
import { readTagsLive, tagResources, untagResources } from '../aws/tagging';
import { errorText } from '../util/errors';
import { checkCap } from '../core/caps';
import { TAG_PROBLEM_STATUSES, decide, deadlineFor, decisionPolicy, describeRequirement, type DecisionPolicy } from '../core/decide';
import { EXEMPT_TAG, MARK_TAG, type DecidedResource, type Tags } from '../core/model';
import { formatDeadline } from '../core/tag-values';
import { logger } from '../logger';
import type { OwnerResolver } from '../owners/resolve-owners';
import { enabledResourceTypes } from '../resources/registry';
import type { ResourceType } from '../resources/resource-type';
import { buildAuditRecord, type AuditAction } from '../audit/audit-record';
import type { AuditStore } from '../audit/audit-store';
import type { AnnouncementLedger } from '../audit/announcement-ledger';
import { announcementsSince, resourceIdentity, type Announcement, type AnnouncementIndex } from '../core/announcements';
import { deleteInWaves } from './delete-in-waves';
import { decideInventory } from './complete-candidates';
import { discover } from './discover';
import { reportHasNews, type FailedLine, type Notifier, type PostedWarning, type ResourceLine, type RunReport } from '../core/report';

export interface NightlyRunOptions {
  readonly config: JanitorConfig;
  readonly target: AwsTarget;
  readonly notifier: Notifier;
  readonly now: Date;
  /** Resources of the janitor's own stack are protected by name. */
  readonly ownStackName?: string;
  /** Defaults to the types enabled in the configuration. */
  readonly resourceTypes?: readonly ResourceType[];
  /** How to wait between deletion waves; tests let simulated time pass instead. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where the run's audit record goes; none configured means no record. */
  readonly auditStore?: AuditStore;
  /** What earlier runs announced (the authority for deletion); this run's announcements are added to it. */
  readonly ledger: AnnouncementLedger;
  /** Hand the report to the notifier even on a quiet night (a multi-target run summarizes every target). */
  readonly alwaysReport?: boolean;
  /** The time the run finished, for the audit record; defaults to the wall clock. */
  readonly clock?: () => Date;
  /** Finds the owners of the resources about to be warned about (only those); none: owners not shown. */
  readonly owners?: OwnerResolver;
}

export interface NightlyRunResult {
  readonly report: RunReport;
  readonly decisions: readonly DecidedResource[];
  readonly warningPosted: boolean;
  readonly reportPosted: boolean;
}

/**
 * Live tags of the due resources. One GetResources read by ARN list; types that the tagging API
 * does not return (Auto Scaling groups) but whose list call carries tags are listed again instead.
 */
async function readTagsJustBeforeDeletion(
  clients: AwsClients,
  due: readonly DecidedResource[],
  typeById: ReadonlyMap<string, ResourceType>,
): Promise<Map<string, Tags>> {
  const live = await readTagsLive(
    clients,
    due.map((d) => d.resource.arn),
  );
  const missingTypes = new Set(due.filter((d) => !live.has(d.resource.arn) && typeById.get(d.resource.type)?.tagsFromList).map((d) => d.resource.type));
  for (const typeId of missingTypes) {
    for await (const resource of typeById.get(typeId)!.list(clients)) {
      if (!live.has(resource.arn)) live.set(resource.arn, resource.tags);
    }
  }
  return live;
}

/** The announcements that may still back a mark: one grace period plus the past-deadline window, and a day. */
async function readAnnouncements(options: NightlyRunOptions, policy: DecisionPolicy): Promise<AnnouncementIndex> {
  const { accountId, region } = options.target;
  try {
    return await options.ledger.read(accountId, region, announcementsSince(options.now, policy.gracePeriodMs, policy.maxPastDeadlineMs));
  } catch (error) {
    throw new Error(`reading the announcement ledger failed, so nothing was marked or deleted: ${errorText(error)}`, { cause: error });
  }
}

/** Records what the warning just announced; without the record nothing may be marked (it could never be deleted). */
async function recordAnnouncements(options: NightlyRunOptions, toMark: readonly DecidedResource[], deadline: Date, posted?: PostedWarning): Promise<void> {
  const announced: Announcement[] = toMark.map(({ resource }) => ({
    arn: resource.arn,
    ...(resourceIdentity(resource) ? { identity: resourceIdentity(resource) } : {}),
    deadline: formatDeadline(deadline),
    announcedAt: options.now.toISOString(),
    ...(posted ? { channel: posted.channel, messageTs: posted.ts } : {}),
  }));
  try {
    await options.ledger.record(options.target.accountId, options.target.region, options.now, announced);
  } catch (error) {
    throw new Error(`the warning was posted but recording it in the announcement ledger failed, so nothing was marked: ${errorText(error)}`, {
      cause: error,
    });
  }
}

function logDecision({ resource, decision }: DecidedResource, phase: string): void {
  logger.info('decision', {
    phase,
    arn: resource.arn,
    type: resource.type,
    status: decision.status,
    action: decision.action,
    reason: decision.reason,
    deadline: decision.deadline ? formatDeadline(decision.deadline) : undefined,
  });
}

/**
 * One night for one account and region: delete what is due (after a live re-read), unmark what
 * became compliant, warn about and then mark new violations, report.
 */
export async function runNight(options: NightlyRunOptions): Promise<NightlyRunResult> {
  const { config, notifier, now } = options;
  const { dryRun } = config;
  const types = options.resourceTypes ?? enabledResourceTypes(config.resourceTypes);
  const typeById = new Map(types.map((t) => [t.id, t]));
  const clients = new AwsClients(options.target);
  const policy = decisionPolicy(config, options.ownStackName);

  const toLine = ({ resource, decision }: DecidedResource, reason = decision.reason): ResourceLine => ({
    typeLabel: typeById.get(resource.type)?.label ?? resource.type,
    type: resource.type,
    id: resource.id,
    name: resource.name,
    arn: resource.arn,
    region: resource.region,
    ageMs: resource.createdAt ? now.getTime() - resource.createdAt.getTime() : undefined,
    consoleUrl: typeById.get(resource.type)?.consoleUrl(resource) ?? '',
    reason,
    cost: typeById.get(resource.type)?.costHint?.(resource),
  });
  const failedLine = (d: DecidedResource, error: string): FailedLine => ({ ...toLine(d), error });

  const announcements = await readAnnouncements(options, policy);
  // Candidates are completed (creation time, state) before anything is decided for good; see decideInventory.
  const { decided, listingErrors } = await decideInventory(clients, types, await discover(clients, types), now, policy, announcements);
  decided.forEach((d) => logDecision(d, 'discovery'));

  const deleted: ResourceLine[] = [];
  const started: ResourceLine[] = [];
  const failed: FailedLine[] = [];
  const skipped: ResourceLine[] = [];
  const kept: ResourceLine[] = [];
  const needsAttention: ResourceLine[] = [];
  const capAlerts: string[] = [];
  const actions: AuditAction[] = [];
  const deletedConfigurations = new Map<string, unknown>();
  const clock = options.clock ?? (() => new Date());
  const act = (d: DecidedResource, action: AuditAction['action'], outcome: AuditAction['outcome'], extra: Partial<AuditAction> = {}) =>
    actions.push({ at: clock().toISOString(), arn: d.resource.arn, type: d.resource.type, action, outcome, ...extra });
  const toUnmark: DecidedResource[] = decided.filter((d) => d.decision.action === 'unmark');
  const toMark: DecidedResource[] = decided.filter((d) => d.decision.action === 'mark');
  needsAttention.push(...decided.filter((d) => TAG_PROBLEM_STATUSES.has(d.decision.status)).map((d) => toLine(d)));

  // 1. Delete phase.
  const due = decided.filter((d) => d.decision.action === 'delete');
  const deleteCap = checkCap('delete', due.length, config.limits.maxDeletionsPerRun, dryRun);
  if (!deleteCap.allowed) {
    capAlerts.push(deleteCap.alert);
    logger.warn('deletion cap exceeded', { due: due.length, max: config.limits.maxDeletionsPerRun });
  } else if (due.length > 0) {
    const confirmed: DecidedResource[] = [];
    const liveTags = await readTagsJustBeforeDeletion(clients, due, typeById);
    for (const candidate of due) {
      const tags = liveTags.get(candidate.resource.arn);
      if (!tags) {
        skipped.push(toLine(candidate, 'could not be re-read just before deletion (gone, or tags unreadable); not deleted'));
        continue;
      }
      const fresh: DecidedResource = { resource: { ...candidate.resource, tags }, decision: decide({ ...candidate.resource, tags }, now, policy, announcements) };
      logDecision(fresh, 'pre-delete re-read');
      if (fresh.decision.action === 'unmark') toUnmark.push(fresh);
      else if (fresh.decision.action === 'mark') toMark.push(fresh);
      else if (TAG_PROBLEM_STATUSES.has(fresh.decision.status) && !needsAttention.some((l) => l.arn === fresh.resource.arn)) needsAttention.push(toLine(fresh));
      if (fresh.decision.action === 'delete') confirmed.push(fresh);
    }

    if (dryRun) {
      deleted.push(...confirmed.map((d) => toLine(d)));
      confirmed.forEach((d) => act(d, 'delete', 'would'));
    } else {
      const results = await deleteInWaves(confirmed, (d) => typeById.get(d.resource.type)!, clients, {
        maxWaves: config.deletion.maxWaves,
        pauseBetweenWavesMs: config.deletion.secondsBetweenWaves * 1000,
        sleep: options.sleep,
        optionsFor: (type) => ({
          backup: config.deletion.backups && !config.deletion.skipBackupFor.includes(type.id),
          disableProtection: config.deletion.disableProtection,
          deleteNonEmptyBuckets: config.deletion.deleteNonEmptyBuckets,
        }),
      });
      for (const result of results) {
        if ('error' in result) {
          failed.push(failedLine(result.candidate, result.error));
          act(result.candidate, 'delete', 'failed', { detail: result.error, wave: result.wave });
          continue;
        }
        const { outcome } = result;
        const auditOutcome = outcome.status === 'deleted' ? 'done' : outcome.status;
        act(result.candidate, 'delete', auditOutcome, {
          wave: result.wave,
          detail: outcome.status === 'skipped' ? outcome.reason : outcome.note,
          backup: outcome.status === 'skipped' ? undefined : outcome.backup,
        });
        if (outcome.status === 'skipped') skipped.push(toLine(result.candidate, outcome.reason));
        else {
          deletedConfigurations.set(result.candidate.resource.arn, result.configuration);
          const line = { ...toLine(result.candidate, outcome.note ?? result.candidate.decision.reason), backup: outcome.backup };
          (outcome.status === 'deleted' ? deleted : started).push(line);
        }
      }
    }
  }

  // 2. Unmark what became compliant, exempt or protected.
  if (toUnmark.length > 0) {
    const failures = dryRun
      ? new Map<string, string>()
      : await untagResources(
          clients,
          toUnmark.map((d) => d.resource.arn),
          [MARK_TAG],
        );
    for (const d of toUnmark) {
      const failure = failures.get(d.resource.arn);
      if (failure) failed.push(failedLine(d, `removing the mark failed: ${failure}`));
      else kept.push(toLine(d));
      act(d, 'unmark', failure ? 'failed' : dryRun ? 'would' : 'done', { detail: failure ?? d.decision.reason });
      logger.info(failure ? 'unmark failed' : 'unmarked', { arn: d.resource.arn, reason: d.decision.reason, error: failure });
    }
  }

  // 3. Warn, then mark. Nothing is marked unless its warning reached Slack.
  let warningPosted = false;
  let markedCount = 0;
  const deadline = deadlineFor(now, policy);
  const markCap = checkCap('mark', toMark.length, config.limits.maxMarksPerRun, dryRun);
  if (!markCap.allowed) {
    capAlerts.push(markCap.alert);
    logger.warn('marking cap exceeded', { candidates: toMark.length, max: config.limits.maxMarksPerRun });
  } else if (toMark.length > 0) {
    needsAttention.push(...toMark.filter((d) => d.decision.status === 'malformed-mark').map((d) => toLine(d)));
    const owners = options.owners ? await options.owners.resolve(toMark.map((d) => d.resource), clients) : undefined;
    const posted = await notifier.postWarning({
      accountId: options.target.accountId,
      region: options.target.region,
      dryRun,
      deadline,
      resources: toMark.map((d) => ({ ...toLine(d), ...(owners?.owners.has(d.resource.arn) ? { owner: owners.owners.get(d.resource.arn) } : {}) })),
      keep: { requiredTags: describeRequirement(policy), exemptTag: EXEMPT_TAG },
      ...(owners ? { ownersResolved: true, ownerProblems: owners.problems } : {}),
    });
    warningPosted = true;
    if (!dryRun) await recordAnnouncements(options, toMark, deadline, posted || undefined);
    const failures = dryRun
      ? new Map<string, string>()
      : await tagResources(
          clients,
          toMark.map((d) => d.resource.arn),
          { [MARK_TAG]: formatDeadline(deadline) },
        );
    for (const d of toMark) {
      const failure = failures.get(d.resource.arn);
      if (failure) failed.push(failedLine(d, `marking failed: ${failure}`));
      else markedCount += 1;
      act(d, 'mark', failure ? 'failed' : dryRun ? 'would' : 'done', { detail: failure ?? `deadline ${formatDeadline(deadline)}` });
      logger.info(failure ? 'mark failed' : dryRun ? 'would mark' : 'marked', {
        arn: d.resource.arn,
        deadline: formatDeadline(deadline),
        error: failure,
      });
    }
  }

  // 4. Audit record, then report (which links to it).
  let report: RunReport = {
    accountId: options.target.accountId,
    region: options.target.region,
    dryRun,
    startedAt: now,
    deleted,
    started,
    failed,
    skipped,
    kept,
    needsAttention,
    markedCount,
    waitingCount: decided.filter((d) => d.decision.status === 'waiting').length,
    capAlerts,
    listingErrors,
  };
  if (options.auditStore) {
    try {
      const record = buildAuditRecord({ report, decisions: decided, actions, deletedConfigurations, finishedAt: clock() });
      report = { ...report, audit: await options.auditStore.write(record) };
    } catch (error) {
      report = { ...report, auditError: errorText(error) };
      logger.error('writing the audit record failed', { error: errorText(error) });
    }
  }
  const reportPosted = options.alwaysReport || reportHasNews(report) || (config.slack.postWhenNothingHappened && !warningPosted);
  if (reportPosted) await notifier.postReport(report);
  logger.info('run finished', {
    dryRun,
    resources: decided.length,
    deleted: deleted.length,
    started: started.length,
    failed: failed.length,
    skipped: skipped.length,
    kept: kept.length,
    marked: markedCount,
    capAlerts: capAlerts.length,
    listingErrors: listingErrors.length,
  });
  if (report.auditError) throw new Error(`the run's audit record could not be written: ${report.auditError}`);
  return { report, decisions: decided, warningPosted, reportPosted };
}

