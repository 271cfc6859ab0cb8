import {
  CloudFormationClient,
  paginateListStackResources,
  paginateListStacks,
  type StackStatus,
  type StackSummary,
} from '@aws-sdk/client-cloudformation';
import type { AwsClients } from '../aws/clients';
import { readEach } from '../resources/per-resource-reads';
import type { CachedStack, StackCache } from './stack-cache';

/**
 * Stack membership as evidence: every resource of every live stack in the target's region.
 * ListStackResources, paginated, never DescribeStackResources, which stops at 100 resources
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html).
 */

/** Every status but DELETE_COMPLETE: a stack in any of these still owns its resources. */
export const LIVE_STACK_STATUSES: StackStatus[] = [
  'CREATE_IN_PROGRESS',
  'CREATE_FAILED',
  'CREATE_COMPLETE',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED',
  'ROLLBACK_COMPLETE',
  'DELETE_IN_PROGRESS',
  'DELETE_FAILED',
  'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_COMPLETE',
  'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS',
  'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  'UPDATE_ROLLBACK_COMPLETE',
  'REVIEW_IN_PROGRESS',
  'IMPORT_IN_PROGRESS',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_IN_PROGRESS',
  'IMPORT_ROLLBACK_FAILED',
  'IMPORT_ROLLBACK_COMPLETE',
];

export interface StackEvidence {
  readonly liveStackIds: ReadonlySet<string>;
  readonly identities: { readonly value: string; readonly by: string }[];
}

/**
 * Throws on any failed call: the caller records the source as unreadable, never as empty. Stacks
 * unchanged since the cached listing are not listed again; the cache is rewritten with tonight's.
 */
export async function readStackEvidence(clients: AwsClients, cache?: StackCache): Promise<StackEvidence> {
  const client = clients.get(CloudFormationClient);
  const { accountId, region } = clients.target;
  const stacks: StackSummary[] = [];
  for await (const page of paginateListStacks({ client }, { StackStatusFilter: LIVE_STACK_STATUSES })) {
    stacks.push(...(page.StackSummaries ?? []));
  }
  const cached = cache ? await cache.load(accountId, region) : new Map<string, CachedStack>();
  const listed = await readEach(stacks, async (stack): Promise<[string, CachedStack] | undefined> => {
    if (!stack.StackName || !stack.StackId) return undefined;
    const changedAt = (stack.LastUpdatedTime ?? stack.CreationTime)?.toISOString() ?? '';
    const known = cached.get(stack.StackId);
    if (known && changedAt !== '' && known.changedAt === changedAt) return [stack.StackId, known];
    return [stack.StackId, { changedAt, identities: await stackResources(client, stack.StackId, stack.StackName) }];
  });
  const entries = new Map(listed);
  // A cache only saves calls: failing to write it changes nothing tonight.
  if (cache) await cache.save(accountId, region, entries).catch(() => undefined);
  const liveStackIds = new Set(stacks.flatMap((s) => (s.StackId ? [s.StackId] : [])));
  return { liveStackIds, identities: [...entries.values()].flatMap((s) => s.identities) };
}

async function stackResources(client: CloudFormationClient, stackId: string, stackName: string): Promise<CachedStack['identities']> {
  const found: { value: string; by: string }[] = [];
  for await (const page of paginateListStackResources({ client }, { StackName: stackId })) {
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.PhysicalResourceId)
        found.push({ value: r.PhysicalResourceId, by: `stack ${stackName} (${r.ResourceType} ${r.LogicalResourceId})` });
    }
  }
  return found;
}
