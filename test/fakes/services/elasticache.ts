import {
  DeleteCacheClusterCommand,
  DescribeCacheClustersCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-elasticache';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * ElastiCache cache clusters (`elasticache:cluster`) and the final snapshots their deletion
 * leaves (`elasticache:snapshot`). Deletion moves a cluster to `deleting`; `finishElastiCacheDeletions`
 * plays the minutes after.
 */

const CLUSTER = 'elasticache:cluster';
export const ELASTICACHE_SNAPSHOT = 'elasticache:snapshot';

export interface SeedCacheClusterOptions {
  id?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** `redis` unless given; `valkey` and `memcached` too. */
  engine?: string;
  nodeType?: string;
  nodes?: number;
  /** CacheClusterStatus, `available` unless given. */
  status?: string;
  /** Makes it a node of that replication group. */
  replicationGroupId?: string;
}

export function seedCacheCluster(account: FakeAccount, options: SeedCacheClusterOptions = {}): FakeResource {
  // ElastiCache stores identifiers in lower case.
  const id = (options.id ?? account.nextId('cache-')).toLowerCase();
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: CLUSTER,
    // ElastiCache ARNs use a colon before the id, unlike most services.
    arn: buildArn('elasticache', region, account.accountId, `cluster:${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      engine: options.engine ?? 'redis',
      nodeType: options.nodeType ?? 'cache.t4g.micro',
      nodes: options.nodes ?? 1,
      status: options.status ?? 'available',
      createdAt: options.createdAt ?? new Date(),
      replicationGroupId: options.replicationGroupId,
    },
  });
}

export function elastiCacheSnapshots(account: FakeAccount): FakeResource[] {
  return account.list(ELASTICACHE_SNAPSHOT);
}

/** What ElastiCache does minutes later: every cluster in `deleting` is gone. */
export function finishElastiCacheDeletions(account: FakeAccount): void {
  for (const c of account.list(CLUSTER)) if (c.data.status === 'deleting') account.remove(c.arn);
}

function clusterIn(account: FakeAccount, id: string, region: string): FakeResource {
  const cluster = account.findBy(CLUSTER, 'id', id.toLowerCase(), region);
  if (!cluster) throw new FakeAwsError('CacheClusterNotFoundFault', `CacheCluster not found: ${id}`);
  return cluster;
}

function description(cluster: FakeResource) {
  return {
    CacheClusterId: cluster.data.id,
    ARN: cluster.arn,
    Engine: cluster.data.engine,
    CacheNodeType: cluster.data.nodeType,
    NumCacheNodes: cluster.data.nodes,
    CacheClusterStatus: cluster.data.status,
    CacheClusterCreateTime: cluster.data.createdAt,
    ReplicationGroupId: cluster.data.replicationGroupId,
  };
}

export function installElastiCache(account: FakeAccount) {
  const stub = fakeService(ElastiCacheClient, account);

  handle(stub, account, 'elasticache', DescribeCacheClustersCommand, (input, region) => {
    if (input.MaxRecords !== undefined && (input.MaxRecords < 20 || input.MaxRecords > 100)) {
      throw new FakeAwsError('InvalidParameterValueException', 'MaxRecords must be between 20 and 100.');
    }
    if (input.CacheClusterId) return { CacheClusters: [description(clusterIn(account, input.CacheClusterId, region))] };
    const clusters = account
      .list(CLUSTER, region)
      .filter((c) => !input.ShowCacheClustersNotInReplicationGroups || !c.data.replicationGroupId);
    const { page, next } = paginate(clusters, input.Marker || undefined, Math.min(input.MaxRecords ?? 100, account.defaultPageSize));
    return { CacheClusters: page.map(description), Marker: next };
  });

  handle(stub, account, 'elasticache', DeleteCacheClusterCommand, (input, region) => {
    const cluster = clusterIn(account, required(input, 'CacheClusterId', 'MissingParameter'), region);
    if (cluster.data.replicationGroupId) {
      throw new FakeAwsError(
        'InvalidCacheClusterStateFault',
        `Cluster ${cluster.data.id} is a member of replication group ${cluster.data.replicationGroupId}`,
      );
    }
    if (cluster.data.status !== 'available') {
      throw new FakeAwsError('InvalidCacheClusterStateFault', `Cache cluster ${cluster.data.id} is not in a valid state to be deleted.`);
    }
    if (input.FinalSnapshotIdentifier) {
      if (cluster.data.engine === 'memcached') {
        throw new FakeAwsError('SnapshotFeatureNotSupportedFault', 'Snapshots are not supported for Memcached clusters.');
      }
      const arn = buildArn('elasticache', region, account.accountId, `snapshot:${input.FinalSnapshotIdentifier}`);
      if (account.exists(arn))
        throw new FakeAwsError('SnapshotAlreadyExistsFault', `Snapshot ${input.FinalSnapshotIdentifier} already exists.`);
      account.put({ type: ELASTICACHE_SNAPSHOT, arn, region, data: { name: input.FinalSnapshotIdentifier, sourceId: cluster.data.id } });
    }
    cluster.data.status = 'deleting';
    return { CacheCluster: description(cluster) };
  });

  // Handled so that a per-cluster tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'elasticache', ListTagsForResourceCommand, (input) => ({
    TagList: tagList(account.get(required(input, 'ResourceName', 'MissingParameter')).tags),
  }));

  return stub;
}
