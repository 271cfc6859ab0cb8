import {
  DeleteReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
  paginateDescribeReplicationGroups,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { consoleBase } from '../aws/arn';
import type { Resource, Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, noneIf, theOne } from './configuration';
import { NODE_HOURLY } from './elasticache-cluster';
import { FINAL_BACKUP_PREFIX, finalSnapshotIdentifier } from './final-backup-name';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome } from './resource-type';

/** The janitor's final snapshots, the only new resources its unconditioned grants reach (as for `elasticache:cluster`). */
const FINAL_SNAPSHOT_ARN = `arn:\${Partition}:elasticache:*:*:snapshot:${FINAL_BACKUP_PREFIX}-*`;

/** A group on its way out is not inventory. */
const GONE_STATUSES = new Set(['deleting']);

const NOT_FOUND = ['ReplicationGroupNotFoundFault'];

/**
 * ListTagsForResource "returns an error" for a resource that is not `available`
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ListTagsForResource.html):
 * such a candidate is left out of the night rather than judged without its tags.
 */
const NOT_READABLE = [...NOT_FOUND, 'InvalidReplicationGroupStateFault'];

/** Tags from ElastiCache itself, by ARN; undefined when the resource is gone or not `available`. */
export async function elastiCacheTags(client: ElastiCacheClient, arn: string, notReadable: readonly string[]): Promise<Tags | undefined> {
  const output = await noneIf(notReadable, () => client.send(new ListTagsForResourceCommand({ ResourceName: arn })));
  return output ? tagsFromList(output.TagList) : undefined;
}

async function describeGroup(client: ElastiCacheClient, id: string): Promise<ReplicationGroup> {
  const { ReplicationGroups } = await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return theOne(ReplicationGroups, `replication group ${id}`);
}

const globalDatastoreOf = (group: ReplicationGroup) => group.GlobalReplicationGroupInfo?.GlobalReplicationGroupId ?? undefined;

const groupDetails = (group: ReplicationGroup) => ({
  status: group.Status,
  engine: group.Engine,
  nodeType: group.CacheNodeType,
  nodes: group.MemberClusters?.length ?? 0,
  clusterMode: group.ClusterEnabled === true,
  ...(globalDatastoreOf(group) ? { globalDatastore: globalDatastoreOf(group) } : {}),
});

async function completeOne(client: ElastiCacheClient, resource: Resource): Promise<Resource | undefined> {
  const group = await noneIf(NOT_FOUND, () => describeGroup(client, resource.id));
  if (!group || GONE_STATUSES.has(group.Status ?? '')) return undefined;
  const tags = await elastiCacheTags(client, resource.arn, NOT_READABLE);
  if (!tags) return undefined;
  return { ...completedResource(resource, { createdAt: group.ReplicationGroupCreateTime, details: groupDetails(group) }), tags };
}

/**
 * ElastiCache Valkey and Redis OSS replication groups ("clusters" in the console): every node of the
 * group goes with it, so `elasticache:cluster` leaves member nodes out. A member of a Global Datastore
 * is kept: it must be removed from the Global Datastore first
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteGlobalReplicationGroup.html).
 */
export const elasticacheReplicationGroup = pagedType({
  // Tagging API type `elasticache:replicationgroup`, ARN `arn:aws:elasticache:{region}:{account}:replicationgroup:{id}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticache.html), the group's ARN field.
  id: 'elasticache:replicationgroup',
  label: 'ElastiCache replication group',
  // DescribeReplicationGroups returns no tags: `complete` reads each candidate's with ListTagsForResource.
  tagsFromList: false,
  completeReadsTags: true,
  iam: {
    read: ['elasticache:DescribeReplicationGroups', 'elasticache:ListTagsForResource'],
    tag: ['elasticache:AddTagsToResource', 'elasticache:RemoveTagsFromResource'],
    // A final snapshot needs elasticache:CreateSnapshot besides DeleteReplicationGroup
    // (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteReplicationGroup.html). Both
    // authorize against the group (marked: conditioned) and the new snapshot (unconditioned, janitor-final-* only).
    delete: ['elasticache:DeleteReplicationGroup', 'elasticache:CreateSnapshot'],
    deleteUnconditioned: ['elasticache:DeleteReplicationGroup', 'elasticache:CreateSnapshot'],
    deleteUnconditionedReason:
      'The final snapshot is new, so it has no tags when DeleteReplicationGroup and CreateSnapshot authorize against it (janitor-final-* snapshots only).',
    resources: {
      deleteUnconditioned: {
        'elasticache:DeleteReplicationGroup': [FINAL_SNAPSHOT_ARN],
        'elasticache:CreateSnapshot': [FINAL_SNAPSHOT_ARN],
      },
    },
  },
  deletionOrder: 30,

  listing: {
    // MaxRecords is 20-100 (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeReplicationGroups.html).
    pages: (clients) => paginateDescribeReplicationGroups({ client: clients.get(ElastiCacheClient), pageSize: 100 }, {}),
    items: (page) => page.ReplicationGroups,
    resource: (group) => {
      const id = group.ReplicationGroupId;
      if (!id || !group.ARN || GONE_STATUSES.has(group.Status ?? '')) return undefined;
      const global = globalDatastoreOf(group);
      return {
        arn: group.ARN,
        id,
        name: id,
        details: groupDetails(group),
        ...(global ? { protectedBecause: `member of Global Datastore ${global}` } : {}),
        needsCompletion: true,
      };
    },
  },

  // DescribeReplicationGroups (state, creation time) and ListTagsForResource for each candidate.
  complete: (clients, resources) => readEach(resources, (r) => completeOne(clients.get(ElastiCacheClient), r)),

  async delete(clients, resource, options): Promise<DeletionOutcome> {
    const client = clients.get(ElastiCacheClient);
    // Read again: the group may have joined a Global Datastore, or started changing, since the listing.
    const group = await describeGroup(client, resource.id);
    const global = globalDatastoreOf(group);
    if (global) return { status: 'skipped', reason: `member of Global Datastore ${global}: remove it from the Global Datastore first` };
    if (group.Status !== 'available') return { status: 'skipped', reason: `status is ${group.Status ?? 'unknown'}, not available` };
    const snapshotId = options.backup ? finalSnapshotIdentifier(resource.id, new Date()) : undefined;
    // RetainPrimaryCluster false: the whole group, primary included, goes.
    await client.send(
      new DeleteReplicationGroupCommand({
        ReplicationGroupId: resource.id,
        RetainPrimaryCluster: false,
        ...(snapshotId ? { FinalSnapshotIdentifier: snapshotId } : {}),
      }),
    );
    const note = `the group and its ${group.MemberClusters?.length ?? 0} node(s) are being deleted: several minutes`;
    if (!snapshotId) return { status: 'started', note: `${note}; no final snapshot (backups are off)` };
    return { status: 'started', note, backup: `final snapshot ${snapshotId}` };
  },

  // Node type and count, shards, engine version, parameter group, encryption, endpoints: one DescribeReplicationGroups.
  describe: (clients, resource) => configurationOr(resource, () => describeGroup(clients.get(ElastiCacheClient), resource.id)),

  // The console's Valkey and Redis OSS clusters page, as `elasticache:cluster` links it.
  consoleUrl: (r) => `${consoleBase(r.region)}/elasticache/home?region=${r.region}#/redis/${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const hourly = NODE_HOURLY[String(r.details?.nodeType)];
    const nodes = Number(r.details?.nodes || 1);
    if (hourly === undefined) return undefined;
    return `~$${Math.round(hourly * 730 * nodes)}/month (${nodes > 1 ? `${nodes} × ` : ''}${r.details?.nodeType})`;
  },
});
