import {
  type Resource as ExplorerResource,
  GetDefaultViewCommand,
  GetIndexCommand,
  GetViewCommand,
  ListSupportedResourceTypesCommand,
  ResourceExplorer2Client,
  SearchCommand,
} from '@aws-sdk/client-resource-explorer-2';
import { hasViewFilter, type RegionOutline } from '../core/listing-scope';
import type { FoundResource } from '../core/not-covered';
import type { AwsClients } from './clients';

/** Resource Explorer returns at most the first 1,000 matches of any query, over all pages. */
const MAX_RESULTS = 1000;
/** A service that keeps answering with empty pages and a token must not hold the run. */
const MAX_PAGES = 20;

/** What one search for never-tagged resources found, or that Resource Explorer is not set up here. */
export type NeverTaggedSearch = { readonly found: FoundResource[]; readonly complete: boolean } | 'not-set-up';

/**
 * Errors meaning this region has no index or no default view: Search then fails with 401
 * Unauthorized (https://docs.aws.amazon.com/resource-explorer/latest/apireference/API_Search.html).
 */
const NOT_SET_UP = new Set(['UnauthorizedException', 'ResourceNotFoundException']);

/**
 * Every page of one search in the target's region (through `viewArn`, or the default view), up to
 * Resource Explorer's 1,000 results; `complete` is false when it stopped short of every match.
 */
async function searchAll(
  clients: AwsClients,
  query: string,
  viewArn?: string,
): Promise<{ resources: ExplorerResource[]; complete: boolean }> {
  const client = clients.get(ResourceExplorer2Client);
  const resources: ExplorerResource[] = [];
  let complete = true;
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new SearchCommand({ QueryString: query, ViewArn: viewArn, MaxResults: MAX_RESULTS - resources.length, NextToken: nextToken }),
    );
    resources.push(...(page.Resources ?? []));
    if (page.Count?.Complete === false) complete = false;
    nextToken = page.NextToken;
    pages += 1;
  } while (nextToken && resources.length < MAX_RESULTS && pages < MAX_PAGES);
  return { resources, complete: complete && !nextToken };
}

/**
 * One query in the target's region through its default view: every resource with no user tags
 * there (`tag:none`), paged up to Resource Explorer's 1,000-result limit.
 */
export async function searchNeverTagged(clients: AwsClients): Promise<NeverTaggedSearch> {
  try {
    const { resources, complete } = await searchAll(clients, `tag:none region:${clients.target.region}`);
    const found = resources.flatMap((r): FoundResource[] =>
      r.Arn && r.ResourceType ? [{ type: r.ResourceType, arn: r.Arn, ...(r.OwningAccountId ? { accountId: r.OwningAccountId } : {}) }] : [],
    );
    return { found, complete };
  } catch (error) {
    if (NOT_SET_UP.has((error as Error).name)) return 'not-set-up';
    throw error;
  }
}

/** What a failed GetIndex means: no index in this region (the API answers 404 or 401). */
const NO_INDEX = new Set(['ResourceNotFoundException', 'UnauthorizedException']);

async function readIndex(client: ResourceExplorer2Client): Promise<RegionOutline['index']> {
  try {
    const index = await client.send(new GetIndexCommand({}));
    return { state: index.State ?? 'unknown', ...(index.CreatedAt ? { createdAt: index.CreatedAt } : {}) };
  } catch (error) {
    if (NO_INDEX.has((error as Error).name)) return 'none';
    throw error;
  }
}

/** The default view's ARN, or undefined when the region has none. */
async function readDefaultViewArn(client: ResourceExplorer2Client): Promise<string | undefined> {
  try {
    return (await client.send(new GetDefaultViewCommand({}))).ViewArn || undefined;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function readViewFilter(client: ResourceExplorer2Client, viewArn: string): Promise<string> {
  const { View: view } = await client.send(new GetViewCommand({ ViewArn: viewArn }));
  return view?.Filters?.FilterString ?? '';
}

async function readSupportedTypes(client: ResourceExplorer2Client): Promise<string[]> {
  const types: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(new ListSupportedResourceTypesCommand({ MaxResults: MAX_RESULTS, NextToken: nextToken }));
    for (const t of page.ResourceTypes ?? []) if (t.ResourceType) types.push(t.ResourceType);
    nextToken = page.NextToken;
    pages += 1;
  } while (nextToken && pages < MAX_PAGES);
  if (nextToken) throw new Error(`ListSupportedResourceTypes still had more after ${MAX_PAGES} pages`);
  return types;
}

/** The types of the target's own resources in its region, through `viewArn`, up to the 1,000-result limit. */
async function searchRegionTypes(clients: AwsClients, viewArn: string): Promise<{ types: string[]; complete: boolean }> {
  const { accountId, region } = clients.target;
  const { resources, complete } = await searchAll(clients, `region:${region}`, viewArn);
  const own = resources.flatMap((r) =>
    r.ResourceType && (r.OwningAccountId === undefined || r.OwningAccountId === accountId) ? [r.ResourceType] : [],
  );
  return { types: [...new Set(own)], complete };
}

/**
 * What Resource Explorer shows of the target's region: its index, its default view's filter, the
 * types it indexes, and the types of the account's resources found there. Two round trips: the
 * index, the default view and the supported types together, then the view's filter and the search
 * through that very view together (a search through a filtered view is read, and then not used).
 */
export async function readRegionOutline(clients: AwsClients): Promise<RegionOutline> {
  const client = clients.get(ResourceExplorer2Client);
  const [index, viewArn, supportedTypes] = await Promise.all([readIndex(client), readDefaultViewArn(client), readSupportedTypes(client)]);
  const unusable = { supportedTypes, foundTypes: [], complete: false };
  if (index === 'none' || index.state !== 'ACTIVE') return { index, viewFilter: '', ...unusable };
  if (!viewArn) return { index, viewFilter: 'no-default-view', ...unusable };
  const [filter, search] = await Promise.allSettled([readViewFilter(client, viewArn), searchRegionTypes(clients, viewArn)]);
  if (filter.status === 'rejected') throw filter.reason;
  // A filtered view decides alone: what its search did is not used.
  if (hasViewFilter(filter.value)) return { index, viewFilter: filter.value, ...unusable };
  if (search.status === 'rejected') throw search.reason;
  return { index, viewFilter: filter.value, supportedTypes, foundTypes: search.value.types, complete: search.value.complete };
}
