import { DeleteCacheClusterCommand, ElastiCacheClient, paginateDescribeCacheClusters } from '@aws-sdk/client-elasticache';
import { consoleBase } from '../aws/arn';
import { FINAL_BACKUP_PREFIX, finalSnapshotIdentifier } from './final-backup-name';
import { pagedType } from './paged-list';

/** The janitor's final snapshots, the only new resources its unconditioned grants reach. */
const FINAL_SNAPSHOT_ARN = `arn:\${Partition}:elasticache:*:*:snapshot:${FINAL_BACKUP_PREFIX}-*`;

/** A cluster on its way out is not inventory. */
const GONE_STATUSES = new Set(['deleting', 'deleted']);

/** Only these engines can take a snapshot; Memcached keeps nothing on disk. */
const SNAPSHOT_ENGINES = new Set(['redis', 'valkey']);

/** us-east-1 on-demand USD per node-hour (https://aws.amazon.com/elasticache/pricing/), common node types only. */
export const NODE_HOURLY: Readonly<Record<string, number>> = {
  'cache.t3.micro': 0.017,
  'cache.t4g.micro': 0.016,
  'cache.t3.small': 0.034,
  'cache.t4g.small': 0.032,
  'cache.t3.medium': 0.068,
  'cache.t4g.medium': 0.065,
  'cache.m5.large': 0.156,
  'cache.m6g.large': 0.149,
  'cache.m7g.large': 0.158,
  'cache.r5.large': 0.216,
  'cache.r6g.large': 0.206,
  'cache.r7g.large': 0.219,
};

/**
 * Self-standing ElastiCache cache clusters: Memcached clusters and single-node Valkey/Redis OSS
 * clusters without a replication group. A replication group's member nodes are left out here
 * because DeleteCacheCluster cannot delete them: the group is judged and deleted as a whole
 * (`elasticache:replicationgroup`).
 */
export const elasticacheCluster = pagedType({
  // Tagging API type (AWS::ElastiCache::CacheCluster in Tag Editor / Resource Explorer), ARN
  // `arn:aws:elasticache:{region}:{account}:cluster:{id}` as AddTagsToResource documents it (the cluster's ARN field).
  id: 'elasticache:cluster',
  label: 'ElastiCache cluster',
  // DescribeCacheClusters returns no tags, and ListTagsForResource is one call per cluster (and
  // fails for clusters that are not `available`): tags come from the engine's GetResources sweep.
  tagsFromList: false,
  iam: {
    read: ['elasticache:DescribeCacheClusters'],
    tag: ['elasticache:AddTagsToResource', 'elasticache:RemoveTagsFromResource'],
    // A final snapshot needs elasticache:CreateSnapshot besides DeleteCacheCluster (ElastiCache
    // user guide, "Deleting a cluster"). Both authorize against the cluster (marked: conditioned)
    // and the new final snapshot (unconditioned, janitor-final-* snapshots only).
    delete: ['elasticache:DeleteCacheCluster', 'elasticache:CreateSnapshot'],
    deleteUnconditioned: ['elasticache:DeleteCacheCluster', 'elasticache:CreateSnapshot'],
    deleteUnconditionedReason:
      'The final snapshot is new, so it has no tags when DeleteCacheCluster and CreateSnapshot authorize against it (janitor-final-* snapshots only).',
    resources: {
      deleteUnconditioned: {
        'elasticache:DeleteCacheCluster': [FINAL_SNAPSHOT_ARN],
        'elasticache:CreateSnapshot': [FINAL_SNAPSHOT_ARN],
      },
    },
  },
  deletionOrder: 30,

  listing: {
    // MaxRecords is 20-100 for DescribeCacheClusters. Replication group nodes are asked away, and
    // filtered out again below in case the flag is ignored.
    pages: (clients) =>
      paginateDescribeCacheClusters(
        { client: clients.get(ElastiCacheClient), pageSize: 100 },
        { ShowCacheClustersNotInReplicationGroups: true },
      ),
    items: (page) => page.CacheClusters,
    resource: (cluster) => {
      if (!cluster.CacheClusterId || !cluster.ARN || GONE_STATUSES.has(cluster.CacheClusterStatus ?? '')) return undefined;
      if (cluster.ReplicationGroupId) return undefined;
      return {
        arn: cluster.ARN,
        id: cluster.CacheClusterId,
        name: cluster.CacheClusterId,
        createdAt: cluster.CacheClusterCreateTime,
        details: {
          status: cluster.CacheClusterStatus,
          engine: cluster.Engine,
          nodeType: cluster.CacheNodeType,
          nodes: cluster.NumCacheNodes,
        },
      };
    },
  },

  async delete(clients, resource, options) {
    const snapshotId =
      options.backup && SNAPSHOT_ENGINES.has(String(resource.details?.engine))
        ? finalSnapshotIdentifier(resource.id, new Date())
        : undefined;
    // A cluster that is not `available` is refused (InvalidCacheClusterState); the engine reports it.
    await clients
      .get(ElastiCacheClient)
      .send(new DeleteCacheClusterCommand({ CacheClusterId: resource.id, ...(snapshotId ? { FinalSnapshotIdentifier: snapshotId } : {}) }));
    const note = 'deletion takes several minutes';
    if (snapshotId) return { status: 'started', note, backup: `final snapshot ${snapshotId}` };
    return { status: 'started', note: options.backup ? `${note}; Memcached keeps no snapshot` : note };
  },

  consoleUrl: (r) => {
    const engine = r.details?.engine === 'memcached' ? 'memcached' : 'redis';
    return `${consoleBase(r.region)}/elasticache/home?region=${r.region}#/${engine}/${encodeURIComponent(r.id)}`;
  },

  costHint: (r) => {
    const hourly = NODE_HOURLY[String(r.details?.nodeType)];
    const nodes = Number(r.details?.nodes ?? 1);
    if (hourly === undefined) return undefined;
    return `~$${Math.round(hourly * 730 * nodes)}/month (${nodes > 1 ? `${nodes} × ` : ''}${r.details?.nodeType})`;
  },
});
