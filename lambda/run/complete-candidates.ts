import type { AwsClients } from '../aws/clients';
import type { AnnouncementIndex } from '../core/announcements';
import { awaitsCompletion, type DecisionPolicy, decide } from '../core/decide';
import { type IacEvidence, NO_EVIDENCE } from '../core/iac-evidence';
import type { DecidedResource, Resource } from '../core/model';
import { logger } from '../logger';
import type { ResourceType } from '../resources/resource-type';
import { mapBounded } from '../util/concurrency';
import { errorText } from '../util/errors';
import { type Inventory, LISTING_CONCURRENCY } from './discover';

/** Optional progress hook (the `janitor plan` CLI shows it on a terminal); the nightly run passes none. */
export interface CompletionProgress {
  /** Before a type's candidates are completed. */
  onComplete?(typeId: string, count: number): void;
}

export interface DecidedInventory {
  /** One decision per resource of the inventory, in its order, less the candidates left out. */
  readonly decided: DecidedResource[];
  /** The inventory's listing errors, then one per type whose `complete` failed. */
  readonly listingErrors: Inventory['listingErrors'];
}

type Completed = { readonly resources: Resource[] } | { readonly error: unknown };

/**
 * Decides every resource of the inventory; the one place both the nightly run and `janitor plan`
 * get their decisions from.
 *
 * Types whose list call lacks facts the decision relies on (creation time, state, protections) list
 * their resources with `needsCompletion`, and `decide` acts on none of them. So: decide once; for
 * the resources that decision would mark or delete (`awaitsCompletion`), call their type's
 * `complete` (one batch per type, types concurrently), then decide those again with the completed
 * data. Only the second decision counts. A candidate `complete` no longer returns (deleted meanwhile,
 * or being deleted) is dropped. A type whose `complete` fails (or that has none) is reported like a
 * listing error, and its candidates are left out of the night, never guessed at. A resource that
 * was not a candidate keeps its first decision: completion could only keep it further (age,
 * protection) or show it gone, and that decision neither marks nor deletes.
 */
export async function decideInventory(
  clients: AwsClients,
  types: readonly ResourceType[],
  inventory: Inventory,
  now: Date,
  policy: DecisionPolicy,
  announcements: AnnouncementIndex,
  evidence: IacEvidence = NO_EVIDENCE,
  progress: CompletionProgress = {},
): Promise<DecidedInventory> {
  const first: DecidedResource[] = inventory.resources.map((resource) => ({
    resource,
    decision: decide(resource, now, policy, announcements, evidence),
  }));

  const candidatesByType = new Map<string, Resource[]>();
  for (const { resource, decision } of first) {
    if (!awaitsCompletion(resource, decision)) continue;
    const ofType = candidatesByType.get(resource.type);
    if (ofType) ofType.push(resource);
    else candidatesByType.set(resource.type, [resource]);
  }
  if (candidatesByType.size === 0) return { decided: first, listingErrors: inventory.listingErrors };

  const typeById = new Map(types.map((t) => [t.id, t]));
  const batches = [...candidatesByType];
  const outcomes = await mapBounded(batches, LISTING_CONCURRENCY, async ([typeId, candidates]) => {
    const type = typeById.get(typeId);
    const completedBatch = async (): Promise<Completed> => {
      try {
        if (!type?.complete) throw new Error(`type ${typeId} lists resources that need completion but has no complete()`);
        progress.onComplete?.(typeId, candidates.length);
        return { resources: await type.complete(clients, candidates) };
      } catch (error) {
        return { error };
      }
    };
    return { typeId, candidates, outcome: await completedBatch() };
  });

  const listingErrors = [...inventory.listingErrors];
  /** Completed resources by ARN; a failed type's candidates are absent, so they are left out too. */
  const completed = new Map<string, Resource>();
  for (const { typeId, candidates, outcome } of outcomes) {
    if ('error' in outcome) {
      const error = `reading the details of ${candidates.length} candidate(s) failed, so they were not judged: ${errorText(outcome.error)}`;
      listingErrors.push({ type: typeId, error });
      logger.error('completing candidates failed', { type: typeId, candidates: candidates.length, error: errorText(outcome.error) });
      continue;
    }
    const asked = new Map(candidates.map((c) => [c.arn, c]));
    const nativeTags = typeById.get(typeId)?.completeReadsTags === true;
    for (const resource of outcome.resources) {
      const candidate = asked.get(resource.arn);
      // Only what was asked for; the tags stay those the engine joined, unless the type read its own.
      if (candidate) completed.set(resource.arn, { ...resource, tags: nativeTags ? resource.tags : candidate.tags });
    }
    logger.info('completed candidates', { type: typeId, candidates: candidates.length, completed: outcome.resources.length });
  }

  const decided: DecidedResource[] = [];
  for (const d of first) {
    if (!awaitsCompletion(d.resource, d.decision)) {
      decided.push(d);
      continue;
    }
    const resource = completed.get(d.resource.arn);
    if (!resource) {
      logger.info('candidate left out after completion (gone, being deleted, or not readable)', {
        arn: d.resource.arn,
        type: d.resource.type,
      });
      continue;
    }
    // Still incomplete (a plug-in that failed to complete it): `decide` then acts on nothing.
    decided.push({ resource, decision: decide(resource, now, policy, announcements, evidence) });
  }
  return { decided, listingErrors };
}
