import {
  DeleteCacheClusterCommand,
  DeleteReplicationGroupCommand,
  DeleteServerlessCacheCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-elasticache';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * ElastiCache cache clusters (`elasticache:cluster`), replication groups (`elasticache:replicationgroup`),
 * serverless caches (`elasticache:serverlesscache`) and the final snapshots their deletion leaves
 * (`elasticache:snapshot`, `elasticache:serverlesscachesnapshot`). Deletion moves a resource to
 * `deleting`; `finishElastiCacheDeletions` plays the minutes after.
 */

const CLUSTER = 'elasticache:cluster';
const REPLICATION_GROUP = 'elasticache:replicationgroup';
const SERVERLESS_CACHE = 'elasticache:serverlesscache';
export const ELASTICACHE_SNAPSHOT = 'elasticache:snapshot';
export const ELASTICACHE_SERVERLESS_SNAPSHOT = 'elasticache:serverlesscachesnapshot';

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

export interface SeedReplicationGroupOptions {
  id?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** `valkey` unless given; `redis` too. */
  engine?: string;
  nodeType?: string;
  /** Member cache clusters (nodes), 2 unless given; ids `{group}-001`, ... */
  nodes?: number;
  /** Also seeds each member as an `elasticache:cluster` with this group's ReplicationGroupId, as AWS lists them. */
  withMemberClusters?: boolean;
  /** Status, `available` unless given. */
  status?: string;
  /** Makes it a member of that Global Datastore. */
  globalDatastoreId?: string;
}

export function seedReplicationGroup(account: FakeAccount, options: SeedReplicationGroupOptions = {}): FakeResource {
  const id = (options.id ?? account.nextId('group-')).toLowerCase();
  const region = options.region ?? 'eu-west-1';
  const members = Array.from({ length: options.nodes ?? 2 }, (_, i) => `${id}-${String(i + 1).padStart(3, '0')}`);
  const engine = options.engine ?? 'valkey';
  const nodeType = options.nodeType ?? 'cache.t4g.micro';
  if (options.withMemberClusters) {
    for (const member of members) seedCacheCluster(account, { id: member, region, engine, nodeType, replicationGroupId: id });
  }
  return account.put({
    type: REPLICATION_GROUP,
    arn: buildArn('elasticache', region, account.accountId, `replicationgroup:${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      engine,
      nodeType,
      members,
      status: options.status ?? 'available',
      createdAt: options.createdAt ?? new Date(),
      globalDatastoreId: options.globalDatastoreId,
    },
  });
}

export interface SeedServerlessCacheOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** `valkey` unless given; `redis` and `memcached` too. */
  engine?: string;
  /** Status, `available` unless given. */
  status?: string;
}

export function seedServerlessCache(account: FakeAccount, options: SeedServerlessCacheOptions = {}): FakeResource {
  const name = (options.name ?? account.nextId('serverless-')).toLowerCase();
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: SERVERLESS_CACHE,
    arn: buildArn('elasticache', region, account.accountId, `serverlesscache:${name}`),
    region,
    tags: options.tags,
    data: {
      name,
      engine: options.engine ?? 'valkey',
      majorEngineVersion: options.engine === 'memcached' ? '1.6' : options.engine === 'redis' ? '7' : '8',
      status: options.status ?? 'available',
      createdAt: options.createdAt ?? new Date(),
    },
  });
}

export function elastiCacheSnapshots(account: FakeAccount): FakeResource[] {
  return account.list(ELASTICACHE_SNAPSHOT);
}

export function elastiCacheServerlessSnapshots(account: FakeAccount): FakeResource[] {
  return account.list(ELASTICACHE_SERVERLESS_SNAPSHOT);
}

/** What ElastiCache does minutes later: every cluster, replication group and serverless cache in `deleting` is gone. */
export function finishElastiCacheDeletions(account: FakeAccount): void {
  for (const type of [CLUSTER, REPLICATION_GROUP, SERVERLESS_CACHE]) {
    for (const r of account.list(type)) if (r.data.status === 'deleting') account.remove(r.arn);
  }
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

function groupIn(account: FakeAccount, id: string, region: string): FakeResource {
  const group = account.findBy(REPLICATION_GROUP, 'id', id.toLowerCase(), region);
  if (!group) throw new FakeAwsError('ReplicationGroupNotFoundFault', `ReplicationGroup not found: ${id}`);
  return group;
}

function groupDescription(group: FakeResource) {
  return {
    ReplicationGroupId: group.data.id,
    ARN: group.arn,
    Engine: group.data.engine,
    CacheNodeType: group.data.nodeType,
    MemberClusters: [...group.data.members],
    Status: group.data.status,
    ClusterEnabled: false,
    ReplicationGroupCreateTime: group.data.createdAt,
    ...(group.data.globalDatastoreId
      ? {
          GlobalReplicationGroupInfo: {
            GlobalReplicationGroupId: group.data.globalDatastoreId,
            GlobalReplicationGroupMemberRole: 'PRIMARY',
          },
        }
      : {}),
  };
}

function serverlessIn(account: FakeAccount, name: string, region: string): FakeResource {
  const cache = account.findBy(SERVERLESS_CACHE, 'name', name.toLowerCase(), region);
  if (!cache) throw new FakeAwsError('ServerlessCacheNotFoundFault', `ServerlessCache not found: ${name}`);
  return cache;
}

function serverlessDescription(cache: FakeResource) {
  return {
    ServerlessCacheName: cache.data.name,
    ARN: cache.arn,
    Engine: cache.data.engine,
    MajorEngineVersion: cache.data.majorEngineVersion,
    Status: cache.data.status,
    CreateTime: cache.data.createdAt,
  };
}

/** A new final snapshot, refused when one of that name exists already. */
function putSnapshot(account: FakeAccount, type: string, kind: string, name: string, region: string, sourceId: string): void {
  const arn = buildArn('elasticache', region, account.accountId, `${kind}:${name}`);
  if (account.exists(arn)) {
    const fault = type === ELASTICACHE_SNAPSHOT ? 'SnapshotAlreadyExistsFault' : 'ServerlessCacheSnapshotAlreadyExistsFault';
    throw new FakeAwsError(fault, `Snapshot ${name} already exists.`);
  }
  account.put({ type, arn, region, data: { name, sourceId } });
}

/**
 * ListTagsForResource by ARN. AWS "returns an error" for a resource that is not `available`
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ListTagsForResource.html); played for
 * replication groups and serverless caches, whose plug-ins read tags this way.
 */
function tagsOf(account: FakeAccount, arn: string) {
  const kind = arn.split(':')[5];
  const resource = account.find(arn);
  if (kind === 'replicationgroup' || kind === 'serverlesscache') {
    const [notFound, invalid] =
      kind === 'replicationgroup'
        ? ['ReplicationGroupNotFoundFault', 'InvalidReplicationGroupStateFault']
        : ['ServerlessCacheNotFoundFault', 'InvalidServerlessCacheStateFault'];
    if (!resource) throw new FakeAwsError(notFound, `${kind} not found: ${arn}`);
    if (resource.data.status !== 'available') throw new FakeAwsError(invalid, `${kind} is not in the available state.`);
  }
  return { TagList: tagList((resource ?? account.get(arn)).tags) };
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

  // For clusters, handled so that a per-cluster tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'elasticache', ListTagsForResourceCommand, (input) =>
    tagsOf(account, required(input, 'ResourceName', 'MissingParameter')),
  );

  handle(stub, account, 'elasticache', DescribeReplicationGroupsCommand, (input, region) => {
    if (input.MaxRecords !== undefined && (input.MaxRecords < 20 || input.MaxRecords > 100)) {
      throw new FakeAwsError('InvalidParameterValueException', 'MaxRecords must be between 20 and 100.');
    }
    if (input.ReplicationGroupId) return { ReplicationGroups: [groupDescription(groupIn(account, input.ReplicationGroupId, region))] };
    const groups = account.list(REPLICATION_GROUP, region);
    const { page, next } = paginate(groups, input.Marker || undefined, Math.min(input.MaxRecords ?? 100, account.defaultPageSize));
    return { ReplicationGroups: page.map(groupDescription), Marker: next };
  });

  handle(stub, account, 'elasticache', DeleteReplicationGroupCommand, (input, region) => {
    const group = groupIn(account, required(input, 'ReplicationGroupId', 'MissingParameter'), region);
    if (group.data.globalDatastoreId) {
      throw new FakeAwsError(
        'InvalidReplicationGroupStateFault',
        `Replication group ${group.data.id} is a member of Global Datastore ${group.data.globalDatastoreId}.`,
      );
    }
    if (group.data.status !== 'available') {
      throw new FakeAwsError(
        'InvalidReplicationGroupStateFault',
        `Replication group ${group.data.id} is not in a valid state to be deleted.`,
      );
    }
    if (input.FinalSnapshotIdentifier) {
      putSnapshot(account, ELASTICACHE_SNAPSHOT, 'snapshot', input.FinalSnapshotIdentifier, region, group.data.id);
    }
    group.data.status = 'deleting';
    for (const member of account.list(CLUSTER, region))
      if (member.data.replicationGroupId === group.data.id) member.data.status = 'deleting';
    return { ReplicationGroup: groupDescription(group) };
  });

  handle(stub, account, 'elasticache', DescribeServerlessCachesCommand, (input, region) => {
    if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 100)) {
      throw new FakeAwsError('InvalidParameterValueException', 'MaxResults must be between 1 and 100.');
    }
    if (input.ServerlessCacheName) {
      return { ServerlessCaches: [serverlessDescription(serverlessIn(account, input.ServerlessCacheName, region))] };
    }
    const caches = account.list(SERVERLESS_CACHE, region);
    const { page, next } = paginate(caches, input.NextToken || undefined, Math.min(input.MaxResults ?? 50, account.defaultPageSize));
    return { ServerlessCaches: page.map(serverlessDescription), NextToken: next };
  });

  handle(stub, account, 'elasticache', DeleteServerlessCacheCommand, (input, region) => {
    const cache = serverlessIn(account, required(input, 'ServerlessCacheName', 'MissingParameter'), region);
    if (cache.data.status !== 'available') {
      throw new FakeAwsError(
        'InvalidServerlessCacheStateFault',
        `Serverless cache ${cache.data.name} is not in a valid state to be deleted.`,
      );
    }
    if (input.FinalSnapshotName) {
      putSnapshot(account, ELASTICACHE_SERVERLESS_SNAPSHOT, 'serverlesscachesnapshot', input.FinalSnapshotName, region, cache.data.name);
    }
    cache.data.status = 'deleting';
    return { ServerlessCache: serverlessDescription(cache) };
  });

  return stub;
}
