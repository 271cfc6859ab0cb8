import {
  DeleteDBClusterSnapshotCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  paginateDescribeDBClusterSnapshots,
  RDSClient,
} from '@aws-sdk/client-rds';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';
import { deleteUnlessShared, snapshotCost, snapshotResource } from './rds-snapshot-common';

/**
 * Engines whose cluster volume is billed by use, not by AllocatedStorage (Aurora reports 1 GB there):
 * no storage figure to price their snapshots by.
 */
const usageBilled = (engine: string | undefined) => !engine || /^(aurora|docdb|neptune)/.test(engine);

/**
 * Manual DB cluster snapshots: Aurora, Multi-AZ DB clusters, and DocumentDB and Neptune clusters,
 * which share RDS's API and ARN space (`cluster-snapshot:`, the same tagging and IAM resource type),
 * so they are covered here too, told apart by `engine`. Automated ones go with their cluster,
 * shared and public ones belong to other accounts: the listing asks for SnapshotType `manual`
 * only. AWS Backup's Aurora backups are manual snapshots and are kept, as are the janitor's own
 * final snapshots (see `rds-snapshot-common.ts`).
 */
export const rdsClusterSnapshot = pagedType({
  // Tagging API type of DB cluster snapshots, ARN `arn:aws:rds:{region}:{account}:cluster-snapshot:{name}`.
  id: 'rds:cluster-snapshot',
  label: 'RDS cluster snapshot',
  // DescribeDBClusterSnapshots returns TagList with every snapshot: no tag join needed.
  tagsFromList: true,
  iam: {
    read: ['rds:DescribeDBClusterSnapshots', 'rds:DescribeDBClusterSnapshotAttributes'],
    tag: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    delete: ['rds:DeleteDBClusterSnapshot'],
  },
  // Nothing depends on a snapshot: the default order.

  listing: {
    // MaxRecords is 20-100 (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusterSnapshots.html).
    pages: (clients) => paginateDescribeDBClusterSnapshots({ client: clients.get(RDSClient), pageSize: 100 }, { SnapshotType: 'manual' }),
    items: (page) => page.DBClusterSnapshots,
    resource: (s) =>
      snapshotResource({
        id: s.DBClusterSnapshotIdentifier,
        arn: s.DBClusterSnapshotArn,
        status: s.Status,
        tagList: s.TagList,
        createdAt: s.SnapshotCreateTime,
        engine: s.Engine,
        allocatedStorageGb: s.AllocatedStorage,
        source: { clusterId: s.DBClusterIdentifier },
      }),
  },

  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBClusterSnapshotAttribute.html
  delete(clients, resource) {
    const rds = clients.get(RDSClient);
    return deleteUnlessShared(
      async () =>
        (await rds.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: resource.id })))
          .DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes,
      () => rds.send(new DeleteDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: resource.id })),
    );
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/rds/home?region=${r.region}#db-snapshot:id=${encodeURIComponent(r.id)}`,

  costHint: (r) => (usageBilled(r.details?.engine as string | undefined) ? undefined : snapshotCost(r.details?.allocatedStorageGb)),
});
