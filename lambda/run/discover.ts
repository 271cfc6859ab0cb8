import type { AwsClients } from '../aws/clients';
import { errorText, sweepTags } from '../aws/tagging';
import type { Resource } from '../core/model';
import { logger } from '../logger';
import type { ResourceType } from '../resources/resource-type';

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

/** Lists every enabled type; a type that fails to list is reported and left out, never guessed at. */
export async function discover(clients: AwsClients, types: readonly ResourceType[], progress: DiscoverProgress = {}): Promise<Inventory> {
  const listingErrors: Inventory['listingErrors'] = [];
  const fromTaggingApi = types.filter((t) => !t.tagsFromList);
  let sweptTags: Map<string, Record<string, string>> | undefined;
  if (fromTaggingApi.length > 0) {
    try {
      progress.onSweep?.(fromTaggingApi.map((t) => t.id));
      sweptTags = await sweepTags(
        clients,
        fromTaggingApi.map((t) => t.id),
      );
    } catch (error) {
      // Without tags these types cannot be judged: leave them out rather than call them untagged.
      for (const t of fromTaggingApi) listingErrors.push({ type: t.id, error: `reading tags failed: ${errorText(error)}` });
    }
  }

  const resources: Resource[] = [];
  for (const type of types) {
    if (!type.tagsFromList && !sweptTags) continue;
    try {
      progress.onType?.(type.id);
      const listed: Resource[] = [];
      for await (const resource of type.list(clients)) {
        listed.push(type.tagsFromList ? resource : { ...resource, tags: sweptTags?.get(resource.arn) ?? {} });
      }
      resources.push(...listed);
      logger.info('listed resource type', { type: type.id, count: listed.length });
    } catch (error) {
      listingErrors.push({ type: type.id, error: errorText(error) });
      logger.error('listing failed', { type: type.id, error: errorText(error) });
    }
  }
  return { resources, listingErrors };
}
