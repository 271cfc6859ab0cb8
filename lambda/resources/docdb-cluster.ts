import {
  AddTagsToResourceCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeGlobalClustersCommand,
  DocDBClient,
  ListTagsForResourceCommand,
  ModifyDBClusterCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-docdb';
import { consoleBase } from '../aws/arn';
import type { AwsClients } from '../aws/clients';
import { MARK_TAG, type Resource } from '../core/model';
import { logger } from '../logger';
import { errorText } from '../util/errors';
import { configurationOr, noneIf } from './configuration';
import { FINAL_BACKUP_PREFIX, finalSnapshotIdentifier } from './final-backup-name';
import { readEach } from './per-resource-reads';
import { type ClusterFacts, type EngineClusterApi, type MemberFacts, rdsFamilyApi } from './rds-family-api';
import { completedResource, type DeletionOutcome, type ResourceType } from './resource-type';

/** What DocumentDB and Neptune clusters share with RDS: one API, one ARN space, one IAM prefix (`rds:`). */

export interface EngineClusterSpec {
  readonly id: string;
  readonly label: string;
  readonly api: EngineClusterApi;
  readonly consoleUrl: (r: Resource) => string;
  /** us-east-1 on-demand USD per instance-hour, common classes only. */
  readonly instanceHourly: Readonly<Record<string, number>>;
}

/** A cluster (or member) on its way out is not inventory, and not deleted twice. */
const GONE_STATUSES = new Set(['deleting']);

/** The janitor's final cluster snapshots, the only new resources its unconditioned grants reach. */
const FINAL_CLUSTER_SNAPSHOT_ARN = `arn:\${Partition}:rds:*:*:cluster-snapshot:${FINAL_BACKUP_PREFIX}-*`;

const NOT_FOUND = ['DBClusterNotFoundFault'];

/**
 * Deletes one member of the cluster being deleted under the cluster's mark, as the Aurora type
 * does: DeleteDBInstance is granted only on marked instances, so an unmarked member gets the
 * cluster's mark first, taken off again should its deletion fail.
 */
async function deleteMember(api: EngineClusterApi, clients: AwsClients, member: MemberFacts, clusterMark: string | undefined) {
  const arn = member.arn;
  const marked = clusterMark !== undefined && arn !== undefined && (await api.tags(clients, arn))[MARK_TAG] === undefined;
  if (marked) await api.setMark(clients, arn, clusterMark);
  try {
    await api.deleteMember(clients, member.id);
  } catch (error) {
    if (marked) {
      try {
        await api.setMark(clients, arn, undefined);
      } catch (untagError) {
        logger.warn('could not take the mark off a cluster member whose deletion failed', { arn, error: errorText(untagError) });
      }
    }
    throw error;
  }
}

async function deleteCluster(
  spec: EngineClusterSpec,
  clients: AwsClients,
  resource: Resource,
  backup: boolean,
  disableProtection: boolean,
): Promise<DeletionOutcome> {
  const { api } = spec;
  // Read again: protection may have been switched on, or the cluster joined a global database.
  const cluster = await api.cluster(clients, resource.id);
  const global = cluster.globalClusterId ?? (await api.globalMembers(clients)).get(cluster.arn);
  if (global) return { status: 'skipped', reason: `member of global cluster ${global}: remove it from the global cluster first` };
  // Checked before any member goes: a protected cluster must not lose its instances either.
  if (cluster.deletionProtection && !disableProtection) return { status: 'skipped', reason: 'deletion protection is on' };
  if (cluster.deletionProtection) await api.disableProtection(clients, resource.id);

  // The cluster refuses deletion while a member is not yet `deleting`; the cluster snapshot holds their data.
  const members = (await api.members(clients, resource.id)).filter((m) => !GONE_STATUSES.has(m.status ?? ''));
  for (const member of members) await deleteMember(api, clients, member, resource.tags[MARK_TAG]);

  const snapshotId = backup ? finalSnapshotIdentifier(resource.id, new Date()) : undefined;
  // Should the cluster still refuse (InvalidDBClusterStateFault), the engine retries in a later wave.
  await api.deleteCluster(clients, resource.id, snapshotId);
  const note =
    members.length > 0 ? `${members.length} member instance(s) and the cluster are being deleted` : 'the cluster is being deleted';
  if (!snapshotId) return { status: 'started', note: `${note}; no final snapshot (backups are off)` };
  return { status: 'started', note, backup: `final snapshot ${snapshotId}` };
}

/** One engine's clusters as a plug-in: swept under `rds:cluster`, tags read from the service on completion. */
export function engineClusterType(spec: EngineClusterSpec): ResourceType {
  const { api } = spec;
  return {
    id: spec.id,
    // The tagging API knows these clusters as `rds:cluster`, ARN `arn:aws:rds:{region}:{account}:cluster:{id}`.
    taggingType: 'rds:cluster',
    label: spec.label,
    // The engine's DescribeDBClusters returns no TagList: `complete` reads each candidate's tags.
    tagsFromList: false,
    completeReadsTags: true,
    iam: {
      read: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribeGlobalClusters', 'rds:ListTagsForResource'],
      // Also carry the cluster's mark onto its members just before deleting them (see deleteMember).
      tag: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
      // As for Aurora: DeleteDBCluster and CreateDBClusterSnapshot authorize against the cluster
      // (marked: conditioned) and the new final snapshot (unconditioned, janitor-final-* only).
      delete: ['rds:ModifyDBCluster', 'rds:DeleteDBInstance', 'rds:CreateDBClusterSnapshot', 'rds:DeleteDBCluster'],
      deleteUnconditioned: ['rds:CreateDBClusterSnapshot', 'rds:DeleteDBCluster', 'rds:AddTagsToResource'],
      deleteUnconditionedReason:
        'The final snapshot is new, so it has no tags when DeleteDBCluster, CreateDBClusterSnapshot and AddTagsToResource authorize against it (janitor-final-* cluster snapshots only).',
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
      const clusters: ClusterFacts[] = [];
      for await (const page of api.clusters(clients)) clusters.push(...page.filter((c) => !GONE_STATUSES.has(c.status ?? '')));
      if (clusters.length === 0) return;
      const globals = await api.globalMembers(clients);
      const classes = new Map<string, string[]>();
      for (const m of await api.members(clients)) {
        if (m.clusterId && m.instanceClass && !GONE_STATUSES.has(m.status ?? ''))
          classes.set(m.clusterId, [...(classes.get(m.clusterId) ?? []), m.instanceClass]);
      }
      for (const c of clusters) {
        const global = c.globalClusterId ?? globals.get(c.arn);
        yield {
          type: spec.id,
          arn: c.arn,
          id: c.id,
          name: c.id,
          region,
          accountId,
          tags: {},
          details: { status: c.status, deletionProtection: c.deletionProtection, memberClasses: (classes.get(c.id) ?? []).join(',') },
          ...(global ? { protectedBecause: `member of global cluster ${global}` } : {}),
          needsCompletion: true,
        } satisfies Resource;
      }
    },

    // DescribeDBClusters (state, creation time, protection) and ListTagsForResource for each candidate.
    async complete(clients, resources) {
      return readEach(resources, async (resource) => {
        const cluster = await noneIf(NOT_FOUND, () => api.cluster(clients, resource.id));
        if (!cluster || GONE_STATUSES.has(cluster.status ?? '')) return undefined;
        const tags = await noneIf(NOT_FOUND, () => api.tags(clients, resource.arn));
        if (!tags) return undefined;
        const details = { ...resource.details, status: cluster.status, deletionProtection: cluster.deletionProtection };
        return { ...completedResource(resource, { createdAt: cluster.createdAt, details }), tags };
      });
    },

    delete: (clients, resource, options) => deleteCluster(spec, clients, resource, options.backup, options.disableProtection),

    describe: (clients, resource) => configurationOr(resource, () => api.describe(clients, resource.id)),

    consoleUrl: spec.consoleUrl,

    costHint: (r) => {
      const classes = String(r.details?.memberClasses ?? '')
        .split(',')
        .filter(Boolean);
      const hourly = classes.map((c) => spec.instanceHourly[c]);
      if (classes.length === 0 || hourly.some((h) => h === undefined)) return undefined;
      const monthly = Math.round(hourly.reduce((sum: number, h) => sum + (h ?? 0), 0) * 730);
      const label = classes.every((c) => c === classes[0]) && classes.length > 1 ? `${classes.length} × ${classes[0]}` : classes.join(', ');
      return `~$${monthly}/month (${label}) + storage and I/O`;
    },
  };
}

/** DocumentDB through its own client; without the engine filter its calls also return RDS and Neptune clusters. */
const docdbApi = rdsFamilyApi(
  {
    Client: DocDBClient,
    DescribeDBClustersCommand,
    DescribeDBInstancesCommand,
    DescribeGlobalClustersCommand,
    ListTagsForResourceCommand,
    AddTagsToResourceCommand,
    RemoveTagsFromResourceCommand,
    DeleteDBInstanceCommand,
    ModifyDBClusterCommand,
    DeleteDBClusterCommand,
  },
  { engine: 'docdb', label: 'DocumentDB cluster' },
);

/** Amazon DocumentDB (instance-based) clusters, with their member instances. */
export const docdbCluster = engineClusterType({
  id: 'docdb:cluster',
  label: 'DocumentDB cluster',
  api: docdbApi,
  consoleUrl: (r) => `${consoleBase(r.region)}/docdb/home?region=${r.region}#cluster-details/${encodeURIComponent(r.id)}`,
  // https://aws.amazon.com/documentdb/pricing/ (standard storage configuration).
  instanceHourly: { 'db.t3.medium': 0.078, 'db.t4g.medium': 0.075, 'db.r5.large': 0.277, 'db.r6g.large': 0.263 },
});
