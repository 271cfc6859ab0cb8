import {
  GetResourcesCommand,
  paginateGetResources,
  ResourceGroupsTaggingAPIClient,
  TagResourcesCommand,
  UntagResourcesCommand,
} from '@aws-sdk/client-resource-groups-tagging-api';
import type { Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { inBatches } from '../util/batches';
import { errorText } from '../util/errors';
import type { AwsClients } from './clients';

/** Resource Groups Tagging API limits (see shared/aws-facts.md). */
const RESOURCES_PER_PAGE = 100;
const TYPE_FILTERS_PER_CALL = 100;
const ARNS_PER_READ = 100;
export const ARNS_PER_TAG_WRITE = 20;

/** ARN to the reason its tag write failed. An empty map means every write succeeded. */
export type TagWriteFailures = Map<string, string>;

/**
 * Tags of every tagged (or once-tagged) resource of the given types in the target's region: one
 * paginated sweep, not one call per resource. Resources missing from the result were never tagged.
 */
export async function sweepTags(clients: AwsClients, typeIds: readonly string[]): Promise<Map<string, Tags>> {
  const tagsByArn = new Map<string, Tags>();
  const client = clients.get(ResourceGroupsTaggingAPIClient);
  for (const filters of inBatches(typeIds, TYPE_FILTERS_PER_CALL)) {
    const pages = paginateGetResources({ client }, { ResourceTypeFilters: filters, ResourcesPerPage: RESOURCES_PER_PAGE });
    for await (const page of pages) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN) tagsByArn.set(mapping.ResourceARN, tagsFromList(mapping.Tags));
      }
    }
  }
  return tagsByArn;
}

/** Live tags of specific resources, read just before acting on them. Absent: gone, or never tagged. */
export async function readTagsLive(clients: AwsClients, arns: readonly string[]): Promise<Map<string, Tags>> {
  const tagsByArn = new Map<string, Tags>();
  const client = clients.get(ResourceGroupsTaggingAPIClient);
  for (const batch of inBatches(arns, ARNS_PER_READ)) {
    let token: string | undefined;
    do {
      const page = await client.send(new GetResourcesCommand({ ResourceARNList: batch, PaginationToken: token }));
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (mapping.ResourceARN) tagsByArn.set(mapping.ResourceARN, tagsFromList(mapping.Tags));
      }
      token = page.PaginationToken || undefined;
    } while (token);
  }
  return tagsByArn;
}

async function writeInBatches(
  arns: readonly string[],
  write: (batch: string[]) => Promise<{ FailedResourcesMap?: Record<string, { ErrorCode?: string; ErrorMessage?: string }> }>,
): Promise<TagWriteFailures> {
  const failures: TagWriteFailures = new Map();
  for (const batch of inBatches(arns, ARNS_PER_TAG_WRITE)) {
    try {
      const result = await write(batch);
      for (const [arn, failure] of Object.entries(result.FailedResourcesMap ?? {})) {
        failures.set(arn, `${failure.ErrorCode ?? 'Error'}: ${failure.ErrorMessage ?? 'tagging failed'}`);
      }
    } catch (error) {
      // A whole batch failing is still per-resource news: record each, go on with the next batch.
      for (const arn of batch) failures.set(arn, errorText(error));
    }
  }
  return failures;
}

/** TagResources in batches of 20; per-ARN failures come back in the map, never as a throw. */
export function tagResources(clients: AwsClients, arns: readonly string[], tags: Tags): Promise<TagWriteFailures> {
  const client = clients.get(ResourceGroupsTaggingAPIClient);
  return writeInBatches(arns, (batch) => client.send(new TagResourcesCommand({ ResourceARNList: batch, Tags: { ...tags } })));
}

export function untagResources(clients: AwsClients, arns: readonly string[], keys: readonly string[]): Promise<TagWriteFailures> {
  const client = clients.get(ResourceGroupsTaggingAPIClient);
  return writeInBatches(arns, (batch) => client.send(new UntagResourcesCommand({ ResourceARNList: batch, TagKeys: [...keys] })));
}
