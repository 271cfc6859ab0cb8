import type { AuditAction } from '../audit/audit-record';
import type { AwsClients } from '../aws/clients';
import { readTagsLive } from '../aws/tagging';
import { checkCap } from '../core/caps';
import { decide, TAG_PROBLEM_STATUSES } from '../core/decide';
import type { DecidedResource, Resource, Tags } from '../core/model';
import type { FailedLine, ResourceLine } from '../core/report';
import { logger } from '../logger';
import type { ResourceType } from '../resources/resource-type';
import { errorText } from '../util/errors';
import { deleteInWaves } from './delete-in-waves';
import { auditAction, failedLineOf, logDecision, type Night, type PhaseResult, resourceLineOf } from './night';

/** The delete phase: due resources re-read live, decided again, and only those still due deleted. */
export interface DeletePhaseResult extends PhaseResult {
  /** Due at discovery, but no longer on the live re-read: unmarked or marked by the later phases. */
  readonly toUnmark: readonly DecidedResource[];
  readonly toMark: readonly DecidedResource[];
  /** Each deleted resource's configuration read just before deletion, for the audit record. */
  readonly deletedConfigurations: ReadonlyMap<string, unknown>;
}

function nothing(lines: PhaseResult['lines'] = {}): DeletePhaseResult {
  return { lines, actions: [], toUnmark: [], toMark: [], deletedConfigurations: new Map() };
}

/** `needsAttention`: the lines already shown, so a re-read does not list a resource twice. */
export async function deletePhase(
  night: Night,
  due: readonly DecidedResource[],
  needsAttention: readonly ResourceLine[],
): Promise<DeletePhaseResult> {
  const { config, dryRun } = night;
  const cap = checkCap('delete', due.length, config.limits.maxDeletionsPerRun, dryRun);
  if (!cap.allowed) {
    logger.warn('deletion cap exceeded', { due: due.length, max: config.limits.maxDeletionsPerRun });
    return nothing({ capAlerts: [cap.alert] });
  }
  if (due.length === 0) return nothing();
  const reread = await rereadDue(night, due, needsAttention);
  const deletion = dryRun ? wouldDelete(night, reread.confirmed) : await deleteConfirmed(night, reread.confirmed);
  return {
    lines: {
      deleted: deletion.deleted,
      started: deletion.started,
      failed: deletion.failed,
      skipped: [...reread.skipped, ...deletion.skipped],
      needsAttention: reread.needsAttention,
    },
    actions: deletion.actions,
    toUnmark: reread.toUnmark,
    toMark: reread.toMark,
    deletedConfigurations: deletion.deletedConfigurations,
  };
}

/** Each due resource decided again on its live tags, just before deletion. */
async function rereadDue(night: Night, due: readonly DecidedResource[], shown: readonly ResourceLine[]) {
  const confirmed: DecidedResource[] = [];
  const toUnmark: DecidedResource[] = [];
  const toMark: DecidedResource[] = [];
  const skipped: ResourceLine[] = [];
  const needsAttention: ResourceLine[] = [];
  const liveTags = await readTagsJustBeforeDeletion(night.clients, due, night.typeById);
  for (const candidate of due) {
    const tags = liveTags.get(candidate.resource.arn);
    if (!tags) {
      skipped.push(resourceLineOf(night, candidate, 'could not be re-read just before deletion (gone, or tags unreadable); not deleted'));
      continue;
    }
    const resource = { ...candidate.resource, tags };
    const fresh: DecidedResource = { resource, decision: decide(resource, night.now, night.policy, night.announcements, night.evidence) };
    logDecision(fresh, 'pre-delete re-read');
    const listed = (arn: string) => shown.some((l) => l.arn === arn) || needsAttention.some((l) => l.arn === arn);
    if (fresh.decision.action === 'unmark') toUnmark.push(fresh);
    else if (fresh.decision.action === 'mark') toMark.push(fresh);
    // Whatever the action: a misspelt exemption found on the re-read is unmarked and still needs fixing.
    if (TAG_PROBLEM_STATUSES.has(fresh.decision.status) && !listed(fresh.resource.arn)) {
      needsAttention.push(resourceLineOf(night, fresh));
    }
    if (fresh.decision.action === 'delete') confirmed.push(fresh);
  }
  return { confirmed, toUnmark, toMark, skipped, needsAttention };
}

interface Deletion {
  readonly deleted: readonly ResourceLine[];
  readonly started: readonly ResourceLine[];
  readonly failed: readonly FailedLine[];
  readonly skipped: readonly ResourceLine[];
  readonly actions: readonly AuditAction[];
  readonly deletedConfigurations: ReadonlyMap<string, unknown>;
}

/** A dry run deletes nothing: every confirmed resource is reported as what would be deleted. */
function wouldDelete(night: Night, confirmed: readonly DecidedResource[]): Deletion {
  const deleted = confirmed.map((d) => resourceLineOf(night, d));
  const actions = confirmed.map((d) => auditAction(night, d, 'delete', 'would'));
  return { deleted, started: [], failed: [], skipped: [], actions, deletedConfigurations: new Map() };
}

async function deleteConfirmed(night: Night, confirmed: readonly DecidedResource[]): Promise<Deletion> {
  const { config } = night;
  const results = await deleteInWaves(confirmed, (d) => typeOf(night, d.resource), night.clients, {
    maxWaves: config.deletion.maxWaves,
    pauseBetweenWavesMs: config.deletion.secondsBetweenWaves * 1000,
    sleep: night.options.sleep,
    optionsFor: (type) => ({
      backup: config.deletion.backups && !config.deletion.skipBackupFor.includes(type.id),
      disableProtection: config.deletion.disableProtection,
      emptyFirst: type.emptyFirst?.(config.deletion) ?? false,
    }),
  });
  const deletion = {
    deleted: [] as ResourceLine[],
    started: [] as ResourceLine[],
    failed: [] as FailedLine[],
    skipped: [] as ResourceLine[],
  };
  const actions: AuditAction[] = [];
  const deletedConfigurations = new Map<string, unknown>();
  for (const result of results) {
    if ('error' in result) {
      deletion.failed.push(failedLineOf(night, result.candidate, result.error));
      actions.push(auditAction(night, result.candidate, 'delete', 'failed', { detail: result.error, wave: result.wave }));
      continue;
    }
    const { outcome } = result;
    actions.push(
      auditAction(night, result.candidate, 'delete', outcome.status === 'deleted' ? 'done' : outcome.status, {
        wave: result.wave,
        detail: outcome.status === 'skipped' ? outcome.reason : outcome.note,
        backup: outcome.status === 'skipped' ? undefined : outcome.backup,
      }),
    );
    if (outcome.status === 'skipped') {
      deletion.skipped.push(resourceLineOf(night, result.candidate, outcome.reason));
      continue;
    }
    deletedConfigurations.set(result.candidate.resource.arn, result.configuration);
    const line = { ...resourceLineOf(night, result.candidate, outcome.note ?? result.candidate.decision.reason), backup: outcome.backup };
    (outcome.status === 'deleted' ? deletion.deleted : deletion.started).push(line);
  }
  return { ...deletion, actions, deletedConfigurations };
}

/**
 * Live tags of the due resources. One GetResources read by ARN list; types that the tagging API
 * does not return (Auto Scaling groups) but whose list call carries tags are listed again instead,
 * and types that read their own tags (`completeReadsTags`) are completed again, their tags winning.
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
  const missingTypes = new Set(
    due.flatMap((d) => {
      const type = typeById.get(d.resource.type);
      return !live.has(d.resource.arn) && type?.tagsFromList ? [type] : [];
    }),
  );
  for (const type of missingTypes) {
    for await (const resource of type.list(clients)) {
      if (!live.has(resource.arn)) live.set(resource.arn, resource.tags);
    }
  }
  for (const [type, resources] of dueReadingOwnTags(due, typeById)) {
    for (const arn of resources.map((r) => r.arn)) live.delete(arn);
    // A failed read leaves them without live tags: not deleted, reported as unreadable.
    const completed = await type.complete?.(clients, resources).catch((error: unknown) => {
      logger.error('re-reading native tags before deletion failed', { type: type.id, error: errorText(error) });
      return [];
    });
    for (const resource of completed ?? []) live.set(resource.arn, resource.tags);
  }
  return live;
}

/** Due resources of the types whose `complete` reads their tags natively, by type. */
function dueReadingOwnTags(due: readonly DecidedResource[], typeById: ReadonlyMap<string, ResourceType>): Map<ResourceType, Resource[]> {
  const byType = new Map<ResourceType, Resource[]>();
  for (const { resource } of due) {
    const type = typeById.get(resource.type);
    if (!type?.completeReadsTags) continue;
    byType.set(type, [...(byType.get(type) ?? []), { ...resource, needsCompletion: true }]);
  }
  return byType;
}

/** A decided resource's plug-in: it was listed by one, so a missing one is a bug, not a resource to skip. */
function typeOf(night: Night, resource: Resource): ResourceType {
  const type = night.typeById.get(resource.type);
  if (!type) throw new Error(`no plug-in is registered for type ${resource.type} (${resource.arn})`);
  return type;
}
