import type { AwsClients } from '../aws/clients';
import { sweepTags } from '../aws/tagging';
import type { Resource } from '../core/model';
import { logger } from '../logger';
import type { ResourceType } from '../resources/resource-type';
import { mapBounded } from '../util/concurrency';
import { errorText } from '../util/errors';

export interface Inventory {
  readonly resources: Resource[];
  readonly listingErrors: { type: string; error: string }[];
}

/** Optional progress hooks (the `janitor plan` CLI shows them on a terminal); the nightly run passes none. */
export interface DiscoverProgress {
  /** Before the one tagging-API sweep. */
  onSweep?(typeIds: readonly string[]): void;
  /** Before a type is listed. */
  onType?(typeId: string): void;
}

/**
 * Types listed at the same time. Each type is its own API (own quotas), so listing them together
 * instead of one after another turns the sweep's wall time from the sum of the types' page chains
 * into roughly the longest one; the bound keeps a region with many types from opening a burst of
 * connections at once.
 */
export const LISTING_CONCURRENCY = 8;

/** The tagging-API type a plug-in's resources are swept under. */
export function taggingTypeOf(type: ResourceType): string {
  return type.taggingType ?? type.id;
}

type Listed = { readonly resources: Resource[] } | { readonly error: unknown };

/**
 * Lists every enabled type; a type that fails to list is reported and left out, never guessed at.
 * The tagging-API sweep and the types' listings run concurrently (at most `LISTING_CONCURRENCY`
 * types at a time); tags are joined once both are done. The result does not depend on the
 * interleaving: resources and errors come in the order of `types`, as listed one after another.
 */
export async function discover(clients: AwsClients, types: readonly ResourceType[], progress: DiscoverProgress = {}): Promise<Inventory> {
  const listingErrors: Inventory['listingErrors'] = [];
  const fromTaggingApi = types.filter((t) => !t.tagsFromList);
  const sweep: Promise<Map<string, Record<string, string>> | { error: unknown } | undefined> =
    fromTaggingApi.length > 0
      ? (async () => {
          progress.onSweep?.(fromTaggingApi.map((t) => t.id));
          return sweepTags(clients, [...new Set(fromTaggingApi.map(taggingTypeOf))]);
        })().catch((error: unknown) => ({ error }))
      : Promise.resolve(undefined);

  let sweepFailed = false;
  // A type whose tags come from the sweep is not listed once the sweep has failed (it could not be judged).
  sweep.then((r) => (sweepFailed = r !== undefined && !(r instanceof Map)));
  const listings = mapBounded(types, LISTING_CONCURRENCY, async (type): Promise<Listed | undefined> => {
    if (!type.tagsFromList && sweepFailed) return undefined;
    try {
      progress.onType?.(type.id);
      const resources: Resource[] = [];
      for await (const resource of type.list(clients)) resources.push(resource);
      return { resources };
    } catch (error) {
      return { error };
    }
  });
  const [swept, listed] = await Promise.all([sweep, listings]);

  let sweptTags: Map<string, Record<string, string>> | undefined;
  if (swept instanceof Map) sweptTags = swept;
  else if (swept !== undefined) {
    // Without tags these types cannot be judged: leave them out rather than call them untagged.
    for (const t of fromTaggingApi) listingErrors.push({ type: t.id, error: `reading tags failed: ${errorText(swept.error)}` });
  }

  const resources: Resource[] = [];
  types.forEach((type, i) => {
    const outcome = listed[i];
    if (!type.tagsFromList && !sweptTags) return;
    if (!outcome) return;
    if ('error' in outcome) {
      listingErrors.push({ type: type.id, error: errorText(outcome.error) });
      logger.error('listing failed', { type: type.id, error: errorText(outcome.error) });
      return;
    }
    resources.push(
      ...(type.tagsFromList ? outcome.resources : outcome.resources.map((r) => ({ ...r, tags: sweptTags?.get(r.arn) ?? {} }))),
    );
    logger.info('listed resource type', { type: type.id, count: outcome.resources.length });
  });
  return { resources, listingErrors };
}
