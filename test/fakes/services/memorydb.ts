import {
  type Cluster,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListTagsCommand,
  MemoryDBClient,
  type Shard,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-memorydb';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * Amazon MemoryDB clusters (`memorydb:cluster`) and the snapshots DeleteCluster takes of them
 * (`memorydb:snapshot`, not a janitor type). DeleteCluster moves a cluster to `deleting` and refuses
 * one that is not `available`; `finishMemoryDbDeletions` plays the minutes after. Tags only through
 * ListTags, which refuses a cluster being created or deleted.
 */

const CLUSTER = 'memorydb:cluster';
const SNAPSHOT = 'memorydb:snapshot';

export interface SeedMemoryDbClusterOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** `available` by default; also `creating`, `updating`, `snapshotting`, `deleting`. */
  status?: string;
  engine?: 'valkey' | 'redis';
  nodeType?: string;
  shards?: number;
  replicasPerShard?: number;
  /** A member of this MemoryDB Multi-Region cluster. */
  multiRegionClusterName?: string;
}

export function seedMemoryDbCluster(account: FakeAccount, options: SeedMemoryDbClusterOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('cluster-');
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: CLUSTER,
    arn: buildArn('memorydb', region, account.accountId, `cluster/${name}`),
    region,
    tags: options.tags,
    data: {
      name,
      status: options.status ?? 'available',
      engine: options.engine ?? 'valkey',
      nodeType: options.nodeType ?? 'db.r7g.large',
      shards: options.shards ?? 1,
      replicasPerShard: options.replicasPerShard ?? 1,
      multiRegionClusterName: options.multiRegionClusterName,
      createdAt: options.createdAt ?? new Date(),
    },
  });
}

export function memoryDbSnapshots(account: FakeAccount): FakeResource[] {
  return account.list(SNAPSHOT);
}

/** What MemoryDB does minutes later: every cluster being deleted is gone. */
export function finishMemoryDbDeletions(account: FakeAccount): void {
  for (const c of account.list(CLUSTER)) if (c.data.status === 'deleting') account.remove(c.arn);
}

function clusterIn(account: FakeAccount, name: string, region: string): FakeResource {
  const cluster = account.findBy(CLUSTER, 'name', name, region);
  if (!cluster) throw new FakeAwsError('ClusterNotFoundFault', `Cluster ${name} not found.`);
  return cluster;
}

/** Nodes are created with the cluster; a replica added later would be younger. */
function shardsOf(c: FakeResource): Shard[] {
  return Array.from({ length: c.data.shards }, (_, s) => {
    const nodes = Array.from({ length: 1 + c.data.replicasPerShard }, (_, n) => ({
      Name: `${c.data.name}-000${s + 1}-00${n + 1}`,
      Status: 'available',
      AvailabilityZone: `${c.region}${'abc'[n % 3]}`,
      CreateTime: new Date(c.data.createdAt.getTime() + n * 60_000),
    }));
    return { Name: `000${s + 1}`, Status: 'available', Slots: '0-16383', Nodes: nodes, NumberOfNodes: nodes.length };
  });
}

function clusterOf(c: FakeResource, withShards: boolean): Cluster {
  return {
    Name: c.data.name,
    ARN: c.arn,
    Status: c.data.status,
    ...(c.data.multiRegionClusterName ? { MultiRegionClusterName: c.data.multiRegionClusterName } : {}),
    NumberOfShards: c.data.shards,
    ...(withShards ? { Shards: shardsOf(c) } : {}),
    AvailabilityMode: c.data.replicasPerShard > 0 ? 'multiaz' : 'singleaz',
    NodeType: c.data.nodeType,
    Engine: c.data.engine,
    EngineVersion: c.data.engine === 'valkey' ? '7.3' : '7.1',
    ParameterGroupName: `default.memorydb-${c.data.engine}7`,
    SubnetGroupName: 'default',
    SecurityGroups: [{ SecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
    TLSEnabled: true,
    ACLName: 'open-access',
    SnapshotRetentionLimit: 1,
  };
}

function byArn(account: FakeAccount, arn: string): FakeResource {
  const r = account.find(arn);
  if (!r) throw new FakeAwsError('InvalidARNFault', `${arn} is not a valid ARN of an existing resource.`);
  // InvalidClusterStateFault is among ListTags' documented errors; the fake throws it for a cluster coming or going.
  if (r.type === CLUSTER && (r.data.status === 'creating' || r.data.status === 'deleting')) {
    throw new FakeAwsError('InvalidClusterStateFault', `Cluster ${r.data.name} is ${r.data.status}.`);
  }
  return r;
}

function deleteCluster(account: FakeAccount, name: string, finalSnapshotName: string | undefined, region: string): Cluster {
  const c = clusterIn(account, name, region);
  if (c.data.status !== 'available') throw new FakeAwsError('InvalidClusterStateFault', `Cluster ${name} is ${c.data.status}.`);
  if (finalSnapshotName) {
    const arn = buildArn('memorydb', region, account.accountId, `snapshot/${finalSnapshotName}`);
    if (account.exists(arn)) throw new FakeAwsError('SnapshotAlreadyExistsFault', `Snapshot ${finalSnapshotName} already exists.`);
    account.put({ type: SNAPSHOT, arn, region, data: { name: finalSnapshotName, sourceId: name } });
  }
  c.data.status = 'deleting';
  return clusterOf(c, false);
}

export function installMemoryDb(account: FakeAccount) {
  const stub = fakeService(MemoryDBClient, account);

  handle(stub, account, 'memorydb', DescribeClustersCommand, (input, region) => {
    const withShards = input.ShowShardDetails === true;
    if (input.ClusterName) return { Clusters: [clusterOf(clusterIn(account, input.ClusterName, region), withShards)] };
    const pageSize = Math.min(input.MaxResults ?? 100, account.defaultPageSize);
    const { page, next } = paginate(account.list(CLUSTER, region), input.NextToken, pageSize);
    return { Clusters: page.map((c) => clusterOf(c, withShards)), NextToken: next };
  });

  handle(stub, account, 'memorydb', DeleteClusterCommand, (input, region) => {
    if (input.MultiRegionClusterName)
      throw new FakeAwsError('InvalidParameterValueException', 'the fake does not delete Multi-Region clusters');
    return {
      Cluster: deleteCluster(account, required(input, 'ClusterName', 'InvalidParameterValueException'), input.FinalSnapshotName, region),
    };
  });

  // Handled so that a per-cluster tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'memorydb', ListTagsCommand, (input) => ({
    TagList: tagList(byArn(account, required(input, 'ResourceArn', 'InvalidParameterValueException')).tags),
  }));
  handle(stub, account, 'memorydb', TagResourceCommand, (input) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidParameterValueException'));
    account.setTags(
      r.arn,
      Object.fromEntries(required(input, 'Tags', 'InvalidParameterValueException').map((t) => [t.Key!, t.Value ?? ''])),
    );
    return { TagList: tagList(r.tags) };
  });
  handle(stub, account, 'memorydb', UntagResourceCommand, (input) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidParameterValueException'));
    account.removeTags(r.arn, required(input, 'TagKeys', 'InvalidParameterValueException'));
    return { TagList: tagList(r.tags) };
  });

  return stub;
}
