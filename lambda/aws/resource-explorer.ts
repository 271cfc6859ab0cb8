import { ResourceExplorer2Client, SearchCommand } from '@aws-sdk/client-resource-explorer-2';
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
 * One query in the target's region through its default view: every resource with no user tags
 * there (`tag:none`), paged up to Resource Explorer's 1,000-result limit.
 */
export async function searchNeverTagged(clients: AwsClients): Promise<NeverTaggedSearch> {
  const client = clients.get(ResourceExplorer2Client);
  const found: FoundResource[] = [];
  let complete = true;
  let nextToken: string | undefined;
  let pages = 0;
  try {
    do {
      const page = await client.send(
        new SearchCommand({
          QueryString: `tag:none region:${clients.target.region}`,
          MaxResults: MAX_RESULTS - found.length,
          NextToken: nextToken,
        }),
      );
      for (const r of page.Resources ?? []) {
        if (r.Arn && r.ResourceType)
          found.push({ type: r.ResourceType, arn: r.Arn, ...(r.OwningAccountId ? { accountId: r.OwningAccountId } : {}) });
      }
      if (page.Count?.Complete === false) complete = false;
      nextToken = page.NextToken;
      pages += 1;
    } while (nextToken && found.length < MAX_RESULTS && pages < MAX_PAGES);
  } catch (error) {
    if (NOT_SET_UP.has((error as Error).name)) return 'not-set-up';
    throw error;
  }
  return { found, complete: complete && !nextToken };
}
