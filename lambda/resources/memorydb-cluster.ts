import {
  type Cluster,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListTagsCommand,
  MemoryDBClient,
  paginateDescribeClusters,
} from '@aws-sdk/client-memorydb';
import { consoleBase } from '../aws/arn';
import type { Resource, Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, noneIf, theOne } from './configuration';
import { FINAL_BACKUP_PREFIX, finalSnapshotIdentifier } from './final-backup-name';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome, RetryLaterError } from './resource-type';

/** The janitor's final snapshots, the only new resources its unconditioned grant reaches. */
const FINAL_SNAPSHOT_ARN = `arn:\${Partition}:memorydb:*:*:snapshot/${FINAL_BACKUP_PREFIX}-*`;

/** Not inventory: a cluster still being created (not judged yet) or already being deleted. */
const NOT_INVENTORY = new Set(['creating', 'deleting']);

const NOT_FOUND = ['ClusterNotFoundFault'];

/** ListTags may refuse a cluster in the wrong state: such a candidate waits for another night rather than be judged untagged. */
const NOT_READABLE = [...NOT_FOUND, 'InvalidClusterStateFault'];

/** Status as MemoryDB writes it ("available"; its docs also say "Available"). */
const statusOf = (cluster: Cluster) => (cluster.Status ?? '').toLowerCase();

async function describeCluster(client: MemoryDBClient, name: string): Promise<Cluster> {
  const { Clusters } = await client.send(new DescribeClustersCommand({ ClusterName: name, ShowShardDetails: true }));
  return theOne(Clusters, `MemoryDB cluster ${name}`);
}

async function clusterTags(client: MemoryDBClient, arn: string): Promise<Tags | undefined> {
  const output = await noneIf(NOT_READABLE, () => client.send(new ListTagsCommand({ ResourceArn: arn })));
  return output ? tagsFromList(output.TagList) : undefined;
}

const nodesOf = (cluster: Cluster) => cluster.Shards?.flatMap((s) => s.Nodes ?? []) ?? [];

/** A cluster has no creation time of its own; its oldest node's (made with it) stands in. Replaced nodes only make it look younger. */
function createdAtOf(cluster: Cluster): Date | undefined {
  const times = nodesOf(cluster).flatMap((n) => (n.CreateTime ? [n.CreateTime.getTime()] : []));
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}

const clusterDetails = (cluster: Cluster) => ({
  status: cluster.Status,
  engine: cluster.Engine,
  engineVersion: cluster.EngineVersion,
  nodeType: cluster.NodeType,
  shards: cluster.NumberOfShards,
  // Only with ShowShardDetails (completion): the listing leaves the node count out.
  ...(cluster.Shards ? { nodes: nodesOf(cluster).length } : {}),
  ...(cluster.MultiRegionClusterName ? { multiRegionCluster: cluster.MultiRegionClusterName } : {}),
});

/**
 * A regional member of a MemoryDB Multi-Region cluster: deleting it takes its Region out of an
 * active-active database other Regions serve (https://docs.aws.amazon.com/memorydb/latest/devguide/multi-region.html).
 */
const multiRegionReason = (name: string) =>
  `member of MemoryDB Multi-Region cluster ${name}: deleting it removes this Region from the Multi-Region cluster. Remove it there deliberately, or exempt it`;

async function completeOne(client: MemoryDBClient, resource: Resource): Promise<Resource | undefined> {
  const cluster = await noneIf(NOT_FOUND, () => describeCluster(client, resource.id));
  if (!cluster || NOT_INVENTORY.has(statusOf(cluster))) return undefined;
  const tags = await clusterTags(client, resource.arn);
  if (!tags) return undefined;
  return { ...completedResource(resource, { createdAt: createdAtOf(cluster), details: clusterDetails(cluster) }), tags };
}

/**
 * Amazon MemoryDB clusters (Valkey, Redis OSS): a durable primary database, so deleted with a final
 * snapshot. DescribeClusters has state, node type and shards but no tags and no creation time:
 * `complete` reads both for each candidate. A member of a Multi-Region cluster is kept.
 */
export const memorydbCluster = pagedType({
  // Tagging API type `memorydb:cluster`, ARN `arn:aws:memorydb:{region}:{account}:cluster/{name}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonmemorydb.html), the cluster's ARN field.
  id: 'memorydb:cluster',
  label: 'MemoryDB cluster',
  tagsFromList: false,
  completeReadsTags: true,
  iam: {
    read: ['memorydb:DescribeClusters', 'memorydb:ListTags'],
    // list_amazonmemorydb.html: TagResource and UntagResource authorize against `cluster`, which supports aws:ResourceTag.
    tag: ['memorydb:TagResource', 'memorydb:UntagResource'],
    // "CreateSnapshot permission is required to create a final snapshot"
    // (https://docs.aws.amazon.com/memorydb/latest/APIReference/API_DeleteCluster.html). CreateSnapshot authorizes
    // against the cluster (marked: conditioned); DeleteCluster against the cluster and the new snapshot (unconditioned, janitor-final-* only).
    delete: ['memorydb:DeleteCluster', 'memorydb:CreateSnapshot'],
    deleteUnconditioned: ['memorydb:DeleteCluster'],
    deleteUnconditionedReason:
      'The final snapshot is new, so it has no tags when DeleteCluster authorizes against it (janitor-final-* MemoryDB snapshots only).',
    resources: { deleteUnconditioned: { 'memorydb:DeleteCluster': [FINAL_SNAPSHOT_ARN] } },
  },
  // With the other data stores: before security groups (80) and KMS keys (90).
  deletionOrder: 30,

  listing: {
    // MaxResults has no documented range: the service's default page size is used.
    pages: (clients) => paginateDescribeClusters({ client: clients.get(MemoryDBClient) }, {}),
    items: (page) => page.Clusters,
    resource: (cluster) => {
      const name = cluster.Name;
      if (!name || !cluster.ARN || NOT_INVENTORY.has(statusOf(cluster))) return undefined;
      const multiRegion = cluster.MultiRegionClusterName;
      return {
        arn: cluster.ARN,
        id: name,
        name,
        details: clusterDetails(cluster),
        ...(multiRegion ? { protectedBecause: multiRegionReason(multiRegion) } : {}),
        needsCompletion: true,
      };
    },
  },

  // DescribeClusters with shard details (state, nodes and their creation times) and ListTags for each candidate.
  complete: (clients, resources) => readEach(resources, (r) => completeOne(clients.get(MemoryDBClient), r)),

  async delete(clients, resource, options): Promise<DeletionOutcome> {
    const client = clients.get(MemoryDBClient);
    // Read again: the cluster may have joined a Multi-Region cluster, or started changing, since the listing.
    const cluster = await describeCluster(client, resource.id);
    const status = statusOf(cluster);
    if (status === 'deleting') return { status: 'started', note: 'the cluster was already being deleted' };
    if (cluster.MultiRegionClusterName) return { status: 'skipped', reason: multiRegionReason(cluster.MultiRegionClusterName) };
    // MemoryDB refuses other operations while a snapshot is taken
    // (https://docs.aws.amazon.com/memorydb/latest/devguide/snapshots-constraints.html), and DeleteCluster a cluster not available.
    if (status !== 'available') throw new RetryLaterError(`MemoryDB cluster ${resource.id} is ${cluster.Status ?? 'in an unknown state'}`);
    const snapshotName = options.backup ? finalSnapshotIdentifier(resource.id, new Date()) : undefined;
    // MemoryDB takes the final snapshot, then deletes the cluster (API_DeleteCluster.html above).
    await client.send(new DeleteClusterCommand({ ClusterName: resource.id, ...(snapshotName ? { FinalSnapshotName: snapshotName } : {}) }));
    const note = `the cluster and its ${nodesOf(cluster).length} node(s) are being deleted: several minutes`;
    if (!snapshotName) return { status: 'started', note: `${note}; no final snapshot (backups are off), its data is lost` };
    return { status: 'started', note, backup: `final snapshot ${snapshotName}` };
  },

  // Node type, shards and nodes, engine version, ACL, parameter and subnet groups, encryption, snapshot settings.
  describe: (clients, resource) => configurationOr(resource, () => describeCluster(clients.get(MemoryDBClient), resource.id)),

  consoleUrl: (r) => `${consoleBase(r.region)}/memorydb/home?region=${r.region}#/clusters/${encodeURIComponent(r.id)}`,

  // Per node-hour by node type (https://aws.amazon.com/memorydb/pricing/); the price table is not restated here.
  costHint: (r) => {
    const nodes = Number(r.details?.nodes);
    const nodeType = r.details?.nodeType;
    if (!Number.isInteger(nodes) || nodes < 1 || typeof nodeType !== 'string') return undefined;
    return `${nodes} × ${nodeType} node(s), billed per node-hour, + data written and snapshot storage`;
  },
});
