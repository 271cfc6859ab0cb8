import { AwsClients } from '../aws/clients';
import { type AnnouncementIndex, announcementsSince } from '../core/announcements';
import { type DecisionPolicy, decisionPolicy, TAG_PROBLEM_STATUSES } from '../core/decide';
import { isTagDriftNight } from '../core/iac-evidence';
import { nightEvidence } from '../iac/night-evidence';
import { enabledResourceTypes } from '../resources/registry';
import { errorText } from '../util/errors';
import { decideInventory } from './complete-candidates';
import { deletePhase } from './delete-phase';
import { discover } from './discover';
import { listingScope } from './listing-scope';
import {
  joinPhases,
  logDecision,
  type Night,
  type NightlyRunOptions,
  type NightlyRunResult,
  type PhaseResult,
  resourceLineOf,
} from './night';
import { notCoveredThisWeek } from './not-covered';
import { reportPhase } from './report-phase';
import { unmarkPhase } from './unmark-phase';
import { warnAndMarkPhase } from './warn-phase';

export type { NightlyRunOptions, NightlyRunResult } from './night';

/** The announcements that may still back a mark: one grace period plus the past-deadline window, and a day. */
async function readAnnouncements(options: NightlyRunOptions, policy: DecisionPolicy): Promise<AnnouncementIndex> {
  const { accountId, region } = options.target;
  try {
    return await options.ledger.read(accountId, region, announcementsSince(options.now, policy.gracePeriodMs, policy.maxPastDeadlineMs));
  } catch (error) {
    throw new Error(`reading the announcement ledger failed, so nothing was marked or deleted: ${errorText(error)}`, { cause: error });
  }
}

/**
 * One night for one account and region: delete what is due (after a live re-read), unmark what
 * became compliant, warn about and then mark new violations, report. Each phase returns its
 * report lines and audit actions; they are joined in phase order.
 */
export async function runNight(options: NightlyRunOptions): Promise<NightlyRunResult> {
  const { config, now } = options;
  const types = options.resourceTypes ?? enabledResourceTypes(config.resourceTypes);
  const typeById = new Map(types.map((t) => [t.id, t]));
  const clients = new AwsClients(options.target);
  const policy = decisionPolicy(config, options.ownStackName);

  const announcements = await readAnnouncements(options, policy);
  const evidence =
    options.evidence ??
    (await nightEvidence({
      config: config.iac,
      clients,
      states: options.states,
      sizes: options.evidenceSizes,
      stackCache: options.stackCache,
      now,
    }));
  // Candidates are completed (creation time, state) before anything is decided for good; see decideInventory.
  const scope = await listingScope(clients, types, config, now);
  const inventory = await discover(clients, scope.types);
  const { decided, listingErrors } = await decideInventory(clients, types, inventory, now, policy, announcements, evidence);
  for (const d of decided) logDecision(d, 'discovery');
  const coverage = await notCoveredThisWeek(clients, now);

  const clock = options.clock ?? (() => new Date());
  const night: Night = { options, config, dryRun: config.dryRun, now, clients, policy, typeById, announcements, evidence, clock };
  const withAction = (action: string) => decided.filter((d) => d.decision.action === action);
  // Tag problems found at discovery; the phases add what they find.
  const needsAttention = decided.filter((d) => TAG_PROBLEM_STATUSES.has(d.decision.status)).map((d) => resourceLineOf(night, d));
  const discovered: PhaseResult = { lines: { needsAttention }, actions: [] };

  const deletion = await deletePhase(night, withAction('delete'), needsAttention);
  const unmarking = await unmarkPhase(night, [...withAction('unmark'), ...deletion.toUnmark]);
  const warning = await warnAndMarkPhase(night, [...withAction('mark'), ...deletion.toMark]);

  const { lines, actions } = joinPhases([discovered, deletion, unmarking, warning]);
  const { report, reportPosted } = await reportPhase(night, {
    report: {
      accountId: options.target.accountId,
      region: options.target.region,
      dryRun: config.dryRun,
      startedAt: now,
      deleted: lines.deleted,
      started: lines.started,
      failed: lines.failed,
      skipped: lines.skipped,
      kept: lines.kept,
      needsAttention: lines.needsAttention,
      markedCount: warning.markedCount,
      markedMonthlyUsd: warning.markedMonthlyUsd,
      waitingCount: decided.filter((d) => d.decision.status === 'waiting').length,
      capAlerts: lines.capAlerts,
      listingErrors: 'error' in coverage ? [...listingErrors, coverage.error] : listingErrors,
      ...('notCovered' in coverage && coverage.notCovered ? { notCovered: coverage.notCovered } : {}),
      ...(scope.note ? { listingScope: scope.note } : {}),
      evidenceProblems: evidence.problems,
      evidenceSources: evidence.sources,
      managedCount: decided.filter((d) => d.decision.status === 'managed').length,
      ...(isTagDriftNight(now)
        ? { tagDrift: decided.filter((d) => d.decision.status === 'managed').map((d) => resourceLineOf(night, d)) }
        : {}),
    },
    decisions: decided,
    actions,
    deletedConfigurations: deletion.deletedConfigurations,
    warningPosted: warning.warningPosted,
  });
  return { report, decisions: decided, warningPosted: warning.warningPosted, reportPosted };
}
