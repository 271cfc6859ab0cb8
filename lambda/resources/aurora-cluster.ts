import {
  AddTagsToResourceCommand,
  type DBCluster,
  type DBInstance,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  ModifyDBClusterCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  RDSClient,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-rds';
import { consoleBase } from '../aws/arn';
import { MARK_TAG, type Resource } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { logger } from '../logger';
import { errorText } from '../util/errors';
import { configurationOr, theOne } from './configuration';
import { FINAL_BACKUP_PREFIX, finalSnapshotIdentifier } from './final-backup-name';
import { auroraClusterCost } from './rds-pricing';
import type { ResourceType } from './resource-type';

/** The janitor's final cluster snapshots, the only new resources its unconditioned grants reach. */
const FINAL_CLUSTER_SNAPSHOT_ARN = `arn:\${Partition}:rds:*:*:cluster-snapshot:${FINAL_BACKUP_PREFIX}-*`;

/** A cluster (or member) on its way out is not inventory, and not deleted twice. */
const GONE_STATUSES = new Set(['deleting']);

/**
 * DescribeDBClusters also returns Multi-AZ DB clusters (engine mysql/postgres), Neptune and
 * DocumentDB clusters; only Aurora is covered here.
 */
const isAurora = (cluster: DBCluster) => cluster.Engine?.startsWith('aurora') ?? false;

async function describeCluster(rds: RDSClient, id: string): Promise<DBCluster> {
  const { DBClusters } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
  const cluster = DBClusters?.[0];
  // RDS throws DBClusterNotFoundFault itself; an empty answer would be a service bug, reported the same way.
  if (!cluster) throw Object.assign(new Error(`DBCluster ${id} not found.`), { name: 'DBClusterNotFoundFault' });
  return cluster;
}

/** The cluster's member instances with their status, which DBClusterMembers does not carry. */
async function memberInstances(rds: RDSClient, clusterId: string): Promise<DBInstance[]> {
  const members: DBInstance[] = [];
  const filter = { Filters: [{ Name: 'db-cluster-id', Values: [clusterId] }] };
  for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 100 }, filter)) members.push(...(page.DBInstances ?? []));
  return members;
}

/** Instance classes of every live cluster member in the region, by cluster id: one sweep, for the cost hint. */
async function memberClassesByCluster(rds: RDSClient): Promise<Map<string, string[]>> {
  const classes = new Map<string, string[]>();
  for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 100 }, {})) {
    for (const db of page.DBInstances ?? []) {
      if (!db.DBClusterIdentifier || !db.DBInstanceClass || GONE_STATUSES.has(db.DBInstanceStatus ?? '')) continue;
      classes.set(db.DBClusterIdentifier, [...(classes.get(db.DBClusterIdentifier) ?? []), db.DBInstanceClass]);
    }
  }
  return classes;
}

/**
 * Deletes one member instance of the cluster being deleted. DeleteDBInstance is granted only on
 * instances carrying the mark, and only the cluster is marked: a member without the mark first
 * gets the cluster's (same value). Should the deletion then fail, that mark is taken off again (it
 * was written for this deletion only) and the error goes to the engine, which retries. Without a
 * cluster mark (the engine deletes only marked clusters) nothing is written, and IAM refuses the
 * member unless it carries a mark of its own.
 */
async function deleteMember(rds: RDSClient, db: DBInstance, clusterMark: string | undefined): Promise<void> {
  const arn = db.DBInstanceArn;
  const marked =
    clusterMark !== undefined && arn !== undefined && tagsFromList(db.TagList)[MARK_TAG] === undefined ? clusterMark : undefined;
  if (marked !== undefined) await rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: MARK_TAG, Value: marked }] }));
  try {
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: db.DBInstanceIdentifier, SkipFinalSnapshot: true }));
  } catch (error) {
    if (marked !== undefined) {
      try {
        await rds.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: [MARK_TAG] }));
      } catch (untagError) {
        logger.warn('could not take the mark off a cluster member whose deletion failed', { arn, error: errorText(untagError) });
      }
    }
    throw error;
  }
}

/** Aurora DB clusters (MySQL and PostgreSQL compatible, provisioned and Serverless v2), with their member instances. */
export const auroraCluster: ResourceType = {
  // Tagging API type of DB clusters (AWS::RDS::DBCluster in Tag Editor / Resource Explorer),
  // ARN `arn:aws:rds:{region}:{account}:cluster:{id}` (DBClusterArn).
  id: 'rds:cluster',
  label: 'Aurora cluster',
  // DescribeDBClusters returns TagList with every cluster: no tag join needed.
  tagsFromList: true,
  iam: {
    read: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances'],
    // AddTagsToResource/RemoveTagsFromResource also carry the cluster's mark onto its member
    // instances just before deleting them (and take it off again should the deletion fail), so
    // DeleteDBInstance is conditioned like the rest.
    tag: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    // A final cluster snapshot needs rds:CreateDBClusterSnapshot since 2024-08, and
    // rds:AddTagsToResource when CopyTagsToSnapshot is on (AWS notice quoted in convox/convox#856).
    // DeleteDBCluster and CreateDBClusterSnapshot authorize against the cluster (marked: conditioned)
    // and the new final snapshot (unconditioned, but only on janitor-final-* cluster snapshots).
    delete: ['rds:DescribeDBClusters', 'rds:ModifyDBCluster', 'rds:DeleteDBInstance', 'rds:CreateDBClusterSnapshot', 'rds:DeleteDBCluster'],
    deleteUnconditioned: ['rds:DescribeDBInstances', 'rds:CreateDBClusterSnapshot', 'rds:DeleteDBCluster', 'rds:AddTagsToResource'],
    deleteUnconditionedReason:
      'Member instances are listed by cluster filter (DescribeDBInstances without an instance, so no resource-level permission); the final snapshot is new, so it has no tags when DeleteDBCluster, CreateDBClusterSnapshot and AddTagsToResource authorize against it (janitor-final-* cluster snapshots only).',
    resources: {
      deleteUnconditioned: {
        'rds:CreateDBClusterSnapshot': [FINAL_CLUSTER_SNAPSHOT_ARN],
        'rds:DeleteDBCluster': [FINAL_CLUSTER_SNAPSHOT_ARN],
        'rds:AddTagsToResource': [FINAL_CLUSTER_SNAPSHOT_ARN],
      },
    },
  },
  deletionOrder: 30,

  async *list(clients) {
    const { region, accountId } = clients.target;
    const rds = clients.get(RDSClient);
    const clusters: { id: string; arn: string; cluster: DBCluster }[] = [];
    // MaxRecords is 20-100 for DescribeDBClusters.
    for await (const page of paginateDescribeDBClusters({ client: rds, pageSize: 100 }, {})) {
      for (const cluster of page.DBClusters ?? []) {
        const { DBClusterIdentifier: id, DBClusterArn: arn } = cluster;
        if (id && arn && isAurora(cluster) && !GONE_STATUSES.has(cluster.Status ?? '')) clusters.push({ id, arn, cluster });
      }
    }
    if (clusters.length === 0) return;
    const memberClasses = await memberClassesByCluster(rds);

    for (const { id, arn, cluster } of clusters) {
      yield {
        type: 'rds:cluster',
        arn,
        id,
        name: id,
        region,
        accountId,
        createdAt: cluster.ClusterCreateTime,
        tags: tagsFromList(cluster.TagList),
        details: {
          status: cluster.Status,
          engine: cluster.Engine,
          deletionProtection: cluster.DeletionProtection ?? false,
          members: (cluster.DBClusterMembers ?? []).map((m) => m.DBInstanceIdentifier).join(','),
          memberClasses: (memberClasses.get(id) ?? []).join(','),
          serverlessMinAcu: cluster.ServerlessV2ScalingConfiguration?.MinCapacity,
        },
      } satisfies Resource;
    }
  },

  async delete(clients, resource, options) {
    const rds = clients.get(RDSClient);
    // Read again: protection may have been switched on, or the cluster joined a global database.
    const cluster = await describeCluster(rds, resource.id);
    if (cluster.GlobalClusterIdentifier) {
      return {
        status: 'skipped',
        reason: `member of global database ${cluster.GlobalClusterIdentifier}: remove it from the global database first`,
      };
    }
    // Checked before any member goes: a protected cluster must not lose its instances either.
    if (cluster.DeletionProtection && !options.disableProtection) return { status: 'skipped', reason: 'deletion protection is on' };
    if (cluster.DeletionProtection) {
      await rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: resource.id, DeletionProtection: false, ApplyImmediately: true }));
    }

    // RDS refuses DeleteDBCluster while a member is not yet `deleting`; a member takes no snapshot
    // of its own (RDS forbids one), the cluster snapshot covers its data.
    const members = (await memberInstances(rds, resource.id)).filter((db) => !GONE_STATUSES.has(db.DBInstanceStatus ?? ''));
    for (const db of members) await deleteMember(rds, db, resource.tags[MARK_TAG]);

    const snapshotId = options.backup ? finalSnapshotIdentifier(resource.id, new Date()) : undefined;
    // Should RDS still refuse (InvalidDBClusterStateFault), the error reaches the engine, which
    // retries in a later wave or the next run; members already `deleting` are not deleted again.
    await rds.send(
      new DeleteDBClusterCommand(
        snapshotId
          ? {
              DBClusterIdentifier: resource.id,
              SkipFinalSnapshot: false,
              FinalDBSnapshotIdentifier: snapshotId,
              DeleteAutomatedBackups: false,
            }
          : { DBClusterIdentifier: resource.id, SkipFinalSnapshot: true },
      ),
    );

    const membersNote =
      members.length > 0 ? `${members.length} member instance(s) and the cluster are being deleted` : 'the cluster is being deleted';
    if (!snapshotId) return { status: 'started', note: `${membersNote}; no final snapshot (backups are off)` };
    // Trap: with CopyTagsToSnapshot the final snapshot inherits the janitor's mark; `rds:cluster-snapshot`
    // protects `janitor-final-*` snapshots for this reason.
    const copiesMark = cluster.CopyTagsToSnapshot === true && tagsFromList(cluster.TagList)[MARK_TAG] !== undefined;
    return {
      status: 'started',
      note: `${membersNote}${copiesMark ? `; the snapshot copies the cluster's tags, ${MARK_TAG} included` : ''}`,
      backup: `final snapshot ${snapshotId}`,
    };
  },

  // Engine and version, parameter group, network, backups, scaling: one DescribeDBClusters. The member
  // instances' classes were read when listing; the members themselves are deleted with the cluster.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { DBClusters } = await clients.get(RDSClient).send(new DescribeDBClustersCommand({ DBClusterIdentifier: resource.id }));
      return { cluster: theOne(DBClusters, `DB cluster ${resource.id}`), memberClasses: resource.details?.memberClasses };
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/rds/home?region=${r.region}#database:id=${encodeURIComponent(r.id)};is-cluster=true`,

  costHint: (r) => {
    const classes = String(r.details?.memberClasses ?? '');
    return auroraClusterCost(classes ? classes.split(',') : [], r.details?.serverlessMinAcu as number | undefined);
  },
};
