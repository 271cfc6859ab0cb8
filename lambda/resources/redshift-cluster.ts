import {
  type Cluster,
  DeleteClusterCommand,
  DescribeClustersCommand,
  paginateDescribeClusters,
  RedshiftClient,
} from '@aws-sdk/client-redshift';
import { buildArn, consoleBase } from '../aws/arn';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, theOne } from './configuration';
import { finalSnapshotIdentifier } from './final-backup-name';
import { pagedType } from './paged-list';

/**
 * A cluster on its way out is not inventory: with a final snapshot Redshift reports `final-snapshot`
 * while taking it, then `deleting` (https://docs.aws.amazon.com/redshift/latest/APIReference/API_DeleteCluster.html).
 */
const GONE_STATUSES = new Set(['deleting', 'final-snapshot']);

/** us-east-1 on-demand USD per node-hour (https://aws.amazon.com/redshift/pricing/), common node types only. */
const NODE_HOURLY: Readonly<Record<string, number>> = {
  'dc2.large': 0.25,
  'dc2.8xlarge': 4.8,
  'ra3.large': 0.543,
  'ra3.xlplus': 1.086,
  'ra3.4xlarge': 3.26,
  'ra3.16xlarge': 13.04,
};

async function describeCluster(redshift: RedshiftClient, id: string): Promise<Cluster> {
  const { Clusters } = await redshift.send(new DescribeClustersCommand({ ClusterIdentifier: id }));
  return theOne(Clusters, `Redshift cluster ${id}`);
}

/** Redshift provisioned clusters. Redshift has no deletion protection; the final snapshot is the safety net. */
export const redshiftCluster = pagedType({
  // Tagging API type `redshift:cluster`; ARN `arn:aws:redshift:{region}:{account}:cluster:{id}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshift.html).
  // DescribeClusters returns no ARN, so it is built from the identifier.
  id: 'redshift:cluster',
  label: 'Redshift cluster',
  // DescribeClusters returns each cluster's Tags.
  tagsFromList: true,
  iam: {
    read: ['redshift:DescribeClusters'],
    tag: ['redshift:CreateTags', 'redshift:DeleteTags'],
    // DeleteCluster authorizes against the cluster only, the final snapshot included in the call.
    delete: ['redshift:DeleteCluster'],
  },
  deletionOrder: 30,

  listing: {
    // MaxRecords is 20-100 for DescribeClusters.
    pages: (clients) => paginateDescribeClusters({ client: clients.get(RedshiftClient), pageSize: 100 }, {}),
    items: (page) => page.Clusters,
    resource: (cluster, { region, accountId }) => {
      const id = cluster.ClusterIdentifier;
      if (!id || GONE_STATUSES.has(cluster.ClusterStatus ?? '')) return undefined;
      return {
        arn: buildArn('redshift', region, accountId, `cluster:${id}`),
        id,
        name: id,
        createdAt: cluster.ClusterCreateTime,
        tags: tagsFromList(cluster.Tags),
        details: {
          status: cluster.ClusterStatus,
          nodeType: cluster.NodeType,
          nodes: cluster.NumberOfNodes,
        },
      };
    },
  },

  async delete(clients, resource, options) {
    const redshift = clients.get(RedshiftClient);
    // Read again: a deletion started since the listing must not be asked for twice.
    const cluster = await describeCluster(redshift, resource.id);
    if (GONE_STATUSES.has(cluster.ClusterStatus ?? '')) return { status: 'skipped', reason: `already ${cluster.ClusterStatus}` };
    if (!options.backup) {
      await redshift.send(new DeleteClusterCommand({ ClusterIdentifier: resource.id, SkipFinalClusterSnapshot: true }));
      return { status: 'started', note: 'deletion takes several minutes; no final snapshot (backups are off)' };
    }
    const snapshotId = finalSnapshotIdentifier(resource.id, new Date());
    // The final snapshot is kept until deleted by hand (retention -1, the default).
    await redshift.send(
      new DeleteClusterCommand({
        ClusterIdentifier: resource.id,
        SkipFinalClusterSnapshot: false,
        FinalClusterSnapshotIdentifier: snapshotId,
      }),
    );
    return { status: 'started', note: 'final snapshot, then deletion: several minutes', backup: `final snapshot ${snapshotId}` };
  },

  // Node type and count, network, parameter groups, encryption, IAM roles: one DescribeClusters.
  describe: (clients, resource) => configurationOr(resource, () => describeCluster(clients.get(RedshiftClient), resource.id)),

  consoleUrl: (r) => `${consoleBase(r.region)}/redshiftv2/home?region=${r.region}#cluster-details?cluster=${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const hourly = NODE_HOURLY[String(r.details?.nodeType)];
    const nodes = Number(r.details?.nodes ?? 1);
    if (hourly === undefined) return undefined;
    const storage = String(r.details?.nodeType).startsWith('ra3') ? ' + managed storage' : '';
    return `~$${Math.round(hourly * 730 * nodes)}/month (${nodes > 1 ? `${nodes} × ` : ''}${r.details?.nodeType})${storage}`;
  },
});
