import { type Cluster, DeleteClusterCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  paginate,
  required,
  type SeedOptions,
  seedResource,
  tagList,
} from '../fake-account';

/**
 * Redshift provisioned clusters (`redshift:cluster`) and the final snapshots their deletion leaves
 * (`redshift:snapshot`). DeleteCluster moves a cluster to `final-snapshot` (with a snapshot) or
 * `deleting`; `finishRedshiftDeletions` plays the minutes after.
 */

const CLUSTER = 'redshift:cluster';
export const REDSHIFT_SNAPSHOT = 'redshift:snapshot';

export interface SeedRedshiftClusterOptions extends SeedOptions {
  nodeType?: string;
  nodes?: number;
  /** ClusterStatus, `available` unless given (`paused`, `deleting`, `final-snapshot`, ...). */
  status?: string;
}

export function seedRedshiftCluster(account: FakeAccount, options: SeedRedshiftClusterOptions = {}): FakeResource {
  // Redshift stores identifiers in lower case.
  const named = { ...options, name: (options.name ?? account.nextId('redshift-cluster-')).toLowerCase() };
  return seedResource(account, { type: CLUSTER, namePrefix: 'redshift-cluster-' }, named, ({ name, region, createdAt }) => ({
    arn: buildArn('redshift', region, account.accountId, `cluster:${name}`),
    data: {
      id: name,
      nodeType: options.nodeType ?? 'ra3.xlplus',
      nodes: options.nodes ?? 2,
      status: options.status ?? 'available',
      createdAt,
    },
  }));
}

export function redshiftSnapshots(account: FakeAccount): FakeResource[] {
  return account.list(REDSHIFT_SNAPSHOT);
}

/** What Redshift does minutes later: the final snapshot is taken, and every cluster being deleted is gone. */
export function finishRedshiftDeletions(account: FakeAccount): void {
  for (const c of account.list(CLUSTER)) if (['deleting', 'final-snapshot'].includes(c.data.status)) account.remove(c.arn);
}

function clusterIn(account: FakeAccount, id: string, region: string): FakeResource {
  const cluster = account.findBy(CLUSTER, 'id', id.toLowerCase(), region);
  if (!cluster) throw new FakeAwsError('ClusterNotFoundFault', `Cluster ${id} not found.`);
  return cluster;
}

function description(cluster: FakeResource): Cluster {
  return {
    ClusterIdentifier: cluster.data.id,
    NodeType: cluster.data.nodeType,
    NumberOfNodes: cluster.data.nodes,
    ClusterStatus: cluster.data.status,
    ClusterCreateTime: cluster.data.createdAt,
    Tags: tagList(cluster.tags),
  };
}

/**
 * Snapshot identifiers: 1-255 letters, digits and hyphens, a letter first, no double or trailing
 * hyphen (https://docs.aws.amazon.com/redshift/latest/APIReference/API_DeleteCluster.html).
 */
function takeFinalSnapshot(account: FakeAccount, cluster: FakeResource, snapshotId: string): void {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(snapshotId) || snapshotId.includes('--') || snapshotId.endsWith('-')) {
    throw new FakeAwsError('InvalidParameterValue', `Invalid FinalClusterSnapshotIdentifier: ${snapshotId}`);
  }
  const arn = buildArn('redshift', cluster.region, account.accountId, `snapshot:${cluster.data.id}/${snapshotId.toLowerCase()}`);
  if (account.list(REDSHIFT_SNAPSHOT, cluster.region).some((s) => s.data.id === snapshotId.toLowerCase())) {
    throw new FakeAwsError('ClusterSnapshotAlreadyExistsFault', `Snapshot ${snapshotId} already exists.`);
  }
  account.put({ type: REDSHIFT_SNAPSHOT, arn, region: cluster.region, data: { id: snapshotId.toLowerCase(), sourceId: cluster.data.id } });
}

export function installRedshift(account: FakeAccount) {
  const stub = fakeService(RedshiftClient, account);

  handle(stub, account, 'redshift', DescribeClustersCommand, (input, region) => {
    if (input.MaxRecords !== undefined && (input.MaxRecords < 20 || input.MaxRecords > 100)) {
      throw new FakeAwsError('InvalidParameterValue', 'MaxRecords must be between 20 and 100.');
    }
    if (input.ClusterIdentifier) return { Clusters: [description(clusterIn(account, input.ClusterIdentifier, region))] };
    const { page, next } = paginate(
      account.list(CLUSTER, region),
      input.Marker || undefined,
      Math.min(input.MaxRecords ?? 100, account.defaultPageSize),
    );
    return { Clusters: page.map(description), Marker: next };
  });

  handle(stub, account, 'redshift', DeleteClusterCommand, (input, region) => {
    const cluster = clusterIn(account, required(input, 'ClusterIdentifier', 'MissingParameter'), region);
    if (['deleting', 'final-snapshot'].includes(cluster.data.status)) {
      throw new FakeAwsError('InvalidClusterStateFault', `There is an operation running on the Cluster ${cluster.data.id}.`);
    }
    // SkipFinalClusterSnapshot defaults to false, and then the snapshot must be named.
    const skip = input.SkipFinalClusterSnapshot === true;
    if (skip && input.FinalClusterSnapshotIdentifier) {
      throw new FakeAwsError(
        'InvalidParameterCombination',
        'FinalClusterSnapshotIdentifier cannot be given when SkipFinalClusterSnapshot is true.',
      );
    }
    if (!skip && !input.FinalClusterSnapshotIdentifier) {
      throw new FakeAwsError(
        'InvalidParameterCombination',
        'FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is true.',
      );
    }
    if (input.FinalClusterSnapshotIdentifier) takeFinalSnapshot(account, cluster, input.FinalClusterSnapshotIdentifier);
    cluster.data.status = skip ? 'deleting' : 'final-snapshot';
    return { Cluster: description(cluster) };
  });

  return stub;
}
