import { DeleteDBSnapshotCommand, DescribeDBSnapshotAttributesCommand, paginateDescribeDBSnapshots, RDSClient } from '@aws-sdk/client-rds';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';
import { deleteUnlessShared, snapshotCost, snapshotResource } from './rds-snapshot-common';

/**
 * Manual RDS DB snapshots (of DB instances). Automated ones go with their instance, shared and
 * public ones belong to other accounts, AWS Backup's (type `awsbackup`) to its backup plans: the
 * listing asks for SnapshotType `manual` only. The janitor's own final snapshots are kept.
 */
export const rdsSnapshot = pagedType({
  // Tagging API type of DB snapshots, ARN `arn:aws:rds:{region}:{account}:snapshot:{name}` (DBSnapshotArn).
  id: 'rds:snapshot',
  label: 'RDS DB snapshot',
  // DescribeDBSnapshots returns TagList with every snapshot: no tag join needed.
  tagsFromList: true,
  iam: {
    read: ['rds:DescribeDBSnapshots', 'rds:DescribeDBSnapshotAttributes'],
    tag: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    delete: ['rds:DeleteDBSnapshot'],
  },
  // Nothing depends on a snapshot: the default order.

  listing: {
    // MaxRecords is 20-100 (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshots.html).
    pages: (clients) => paginateDescribeDBSnapshots({ client: clients.get(RDSClient), pageSize: 100 }, { SnapshotType: 'manual' }),
    items: (page) => page.DBSnapshots,
    resource: (s) =>
      snapshotResource({
        id: s.DBSnapshotIdentifier,
        arn: s.DBSnapshotArn,
        status: s.Status,
        tagList: s.TagList,
        createdAt: s.SnapshotCreateTime,
        engine: s.Engine,
        allocatedStorageGb: s.AllocatedStorage,
        source: { instanceId: s.DBInstanceIdentifier },
      }),
  },

  delete(clients, resource) {
    const rds = clients.get(RDSClient);
    return deleteUnlessShared(
      async () =>
        (await rds.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: resource.id }))).DBSnapshotAttributesResult
          ?.DBSnapshotAttributes,
      () => rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: resource.id })),
    );
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/rds/home?region=${r.region}#db-snapshot:id=${encodeURIComponent(r.id)}`,

  costHint: (r) => snapshotCost(r.details?.allocatedStorageGb),
});
