import {
  type DBInstance,
  DeleteDBInstanceCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  paginateDescribeDBInstances,
  RDSClient,
} from '@aws-sdk/client-rds';
import { consoleBase } from '../aws/arn';
import { MARK_TAG } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, theOne } from './configuration';
import { FINAL_BACKUP_PREFIX, finalSnapshotIdentifier } from './final-backup-name';
import { pagedType } from './paged-list';
import { rdsInstanceCost } from './rds-pricing';

/** The janitor's final DB snapshots, the only new resources its unconditioned grants reach. */
const FINAL_DB_SNAPSHOT_ARN = `arn:\${Partition}:rds:*:*:snapshot:${FINAL_BACKUP_PREFIX}-*`;

/** An instance on its way out is not inventory. */
const GONE_STATUSES = new Set(['deleting']);

/** RDS deletes instances in these states only with SkipFinalSnapshot, so a backup is impossible. */
const NO_SNAPSHOT_STATUSES = new Set(['failed', 'incompatible-restore', 'incompatible-network']);

async function describeInstance(rds: RDSClient, id: string): Promise<DBInstance> {
  const { DBInstances } = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
  const instance = DBInstances?.[0];
  // RDS throws DBInstanceNotFoundFault itself; an empty answer would be a service bug, reported the same way.
  if (!instance) throw Object.assign(new Error(`DBInstance ${id} not found.`), { name: 'DBInstanceNotFoundFault' });
  return instance;
}

/**
 * Standalone RDS DB instances (MySQL, PostgreSQL, MariaDB, Oracle, SQL Server). Instances that
 * belong to a cluster (Aurora, Multi-AZ DB clusters, Neptune, DocumentDB) are left out: they go
 * with their cluster (see `aurora-cluster.ts`).
 */
export const rdsInstance = pagedType({
  // Tagging API type of DB instances (AWS::RDS::DBInstance in Tag Editor / Resource Explorer),
  // ARN `arn:aws:rds:{region}:{account}:db:{id}` (DBInstanceArn).
  id: 'rds:db',
  label: 'RDS database',
  // DescribeDBInstances returns TagList with every instance: no tag join needed.
  tagsFromList: true,
  iam: {
    read: ['rds:DescribeDBInstances'],
    tag: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    // Since 2024-08 a final snapshot needs rds:CreateDBSnapshot, and rds:AddTagsToResource on the
    // snapshot when CopyTagsToSnapshot is on (AWS notice quoted in convox/convox#856).
    // CreateDBSnapshot authorizes against the instance (marked: conditioned) and the new snapshot.
    delete: ['rds:DescribeDBInstances', 'rds:ModifyDBInstance', 'rds:DeleteDBInstance', 'rds:CreateDBSnapshot'],
    deleteUnconditioned: ['rds:CreateDBSnapshot', 'rds:AddTagsToResource'],
    deleteUnconditionedReason:
      'The final snapshot is new, so it has no tags when CreateDBSnapshot and AddTagsToResource authorize against it (janitor-final-* DB snapshots only).',
    resources: {
      deleteUnconditioned: {
        'rds:CreateDBSnapshot': [FINAL_DB_SNAPSHOT_ARN],
        'rds:AddTagsToResource': [FINAL_DB_SNAPSHOT_ARN],
      },
    },
  },
  // Before security groups (80) and subnet groups; after compute (10) that talks to it.
  deletionOrder: 30,

  listing: {
    // MaxRecords is 20-100 for DescribeDBInstances.
    pages: (clients) => paginateDescribeDBInstances({ client: clients.get(RDSClient), pageSize: 100 }, {}),
    items: (page) => page.DBInstances,
    resource: (db) => {
      if (!db.DBInstanceIdentifier || !db.DBInstanceArn || GONE_STATUSES.has(db.DBInstanceStatus ?? '')) return undefined;
      if (db.DBClusterIdentifier) return undefined;
      return {
        arn: db.DBInstanceArn,
        id: db.DBInstanceIdentifier,
        name: db.DBInstanceIdentifier,
        createdAt: db.InstanceCreateTime,
        tags: tagsFromList(db.TagList),
        details: {
          status: db.DBInstanceStatus,
          engine: db.Engine,
          instanceClass: db.DBInstanceClass,
          multiAz: db.MultiAZ ?? false,
          allocatedStorageGb: db.AllocatedStorage,
          deletionProtection: db.DeletionProtection ?? false,
        },
      };
    },
  },

  async delete(clients, resource, options) {
    const rds = clients.get(RDSClient);
    // Read again: protection, status or replication may have changed since the listing.
    const db = await describeInstance(rds, resource.id);
    const status = db.DBInstanceStatus ?? '';
    // RDS refuses a final snapshot of a read replica: the source instance holds the data.
    const replicaOf = db.ReadReplicaSourceDBInstanceIdentifier ?? db.ReadReplicaSourceDBClusterIdentifier;
    const takeSnapshot = options.backup && !replicaOf;

    if (db.DeletionProtection && !options.disableProtection) return { status: 'skipped', reason: 'deletion protection is on' };
    if (takeSnapshot && NO_SNAPSHOT_STATUSES.has(status)) {
      return { status: 'skipped', reason: `status ${status}: RDS can only delete it without a final snapshot, and backups are required` };
    }
    if (db.DeletionProtection) {
      // Applied at once; should RDS still refuse the delete while it is "modifying", the engine
      // retries in a later wave (InvalidDBInstanceState), when protection is already off.
      await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: resource.id, DeletionProtection: false, ApplyImmediately: true }));
    }

    if (!takeSnapshot) {
      await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: resource.id, SkipFinalSnapshot: true }));
      const why = replicaOf ? `read replica of ${replicaOf}, so no final snapshot` : 'no final snapshot (backups are off)';
      return { status: 'started', note: `deletion takes several minutes; ${why}` };
    }

    const snapshotId = finalSnapshotIdentifier(resource.id, new Date());
    await rds.send(
      new DeleteDBInstanceCommand({
        DBInstanceIdentifier: resource.id,
        SkipFinalSnapshot: false,
        FinalDBSnapshotIdentifier: snapshotId,
        // Kept: point-in-time restore stays possible for the retention period.
        DeleteAutomatedBackups: false,
      }),
    );
    // Trap: with CopyTagsToSnapshot the final snapshot inherits the instance's tags, the janitor's
    // mark (an expired deadline) included; `rds:snapshot` protects `janitor-final-*` snapshots, or
    // this backup would be deleted the next night.
    const copiesMark = db.CopyTagsToSnapshot === true && tagsFromList(db.TagList)[MARK_TAG] !== undefined;
    return {
      status: 'started',
      note: `deletion takes several minutes${copiesMark ? `; the snapshot copies the instance's tags, ${MARK_TAG} included` : ''}`,
      backup: `final snapshot ${snapshotId}`,
    };
  },

  // Engine and version, class, storage, parameter and option groups, network, backups: one DescribeDBInstances.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { DBInstances } = await clients.get(RDSClient).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: resource.id }));
      return theOne(DBInstances, `DB instance ${resource.id}`);
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/rds/home?region=${r.region}#database:id=${encodeURIComponent(r.id)};is-cluster=false`,

  costHint: (r) =>
    rdsInstanceCost(
      r.details?.instanceClass as string | undefined,
      r.details?.multiAz === true,
      r.details?.allocatedStorageGb as number | undefined,
    ),
});
