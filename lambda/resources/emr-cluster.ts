import {
  type Cluster,
  DescribeClusterCommand,
  EMRClient,
  paginateListClusters,
  SetTerminationProtectionCommand,
  TerminateJobFlowsCommand,
} from '@aws-sdk/client-emr';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { configurationOr, withoutMetadata } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource } from './resource-type';

/**
 * The states a cluster can be terminated in. Terminated clusters stay listed long after they stop
 * billing, so the listing asks for these only (https://docs.aws.amazon.com/emr/latest/APIReference/API_ListClusters.html,
 * https://docs.aws.amazon.com/emr/latest/ManagementGuide/UsingEMR_TerminateJobFlow.html).
 */
const LIVE_STATES = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'] as const;
const LIVE: ReadonlySet<string> = new Set(LIVE_STATES);

/** DescribeCluster of an id EMR does not know: InvalidRequestException. */
async function describedOrGone(emr: EMRClient, ClusterId: string): Promise<Cluster | undefined> {
  try {
    return (await emr.send(new DescribeClusterCommand({ ClusterId }))).Cluster;
  } catch (error) {
    if ((error as { name?: string }).name === 'InvalidRequestException') return undefined;
    throw error;
  }
}

function completedCluster(listed: Resource, cluster: Cluster): Resource {
  const tags = Object.fromEntries((cluster.Tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? '']] : [])));
  return {
    ...completedResource(listed, {
      createdAt: cluster.Status?.Timeline?.CreationDateTime,
      details: {
        state: cluster.Status?.State,
        terminationProtected: cluster.TerminationProtected === true,
        releaseLabel: cluster.ReleaseLabel,
        instanceCollectionType: cluster.InstanceCollectionType,
      },
    }),
    tags,
  };
}

/**
 * Amazon EMR clusters: a WAITING cluster runs, and bills, until someone terminates it. Tagging API
 * type `elasticmapreduce:cluster`, ARN `arn:aws:elasticmapreduce:{region}:{account}:cluster/{id}`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonemr.html).
 * Its EC2 instances carry `aws:elasticmapreduce:*` tags and go with it.
 */
export const emrCluster = pagedType({
  id: 'elasticmapreduce:cluster',
  label: 'EMR cluster',
  // ListClusters returns no tags; DescribeCluster, per candidate, does.
  tagsFromList: false,
  completeReadsTags: true,
  // Compute: the first wave.
  deletionOrder: 10,
  iam: {
    read: ['elasticmapreduce:ListClusters', 'elasticmapreduce:DescribeCluster'],
    tag: ['elasticmapreduce:AddTags', 'elasticmapreduce:RemoveTags'],
    delete: ['elasticmapreduce:TerminateJobFlows', 'elasticmapreduce:SetTerminationProtection'],
  },

  listing: {
    // 50 clusters a page, no page size to set.
    pages: (clients) => paginateListClusters({ client: clients.get(EMRClient) }, { ClusterStates: [...LIVE_STATES] }),
    items: (page) => page.Clusters,
    resource: ({ Id: id, Name: name, ClusterArn: arn, Status }) => {
      if (!id || !arn || !LIVE.has(Status?.State ?? '')) return undefined;
      return { arn, id, name, details: { state: Status?.State }, needsCompletion: true };
    },
  },

  async complete(clients, resources) {
    const emr = clients.get(EMRClient);
    return readEach(resources, async (resource) => {
      const cluster = await describedOrGone(emr, resource.id);
      if (!cluster || !LIVE.has(cluster.Status?.State ?? '')) return undefined;
      if (cluster.ClusterArn !== resource.arn) throw new Error(`DescribeCluster gave ${cluster.ClusterArn} for ${resource.arn}`);
      return completedCluster(resource, cluster);
    });
  },

  async delete(clients, resource, options) {
    const emr = clients.get(EMRClient);
    const JobFlowIds = [resource.id];
    // Read again: protection may have been switched on since the cluster was listed.
    const cluster = await emr.send(new DescribeClusterCommand({ ClusterId: resource.id }));
    if (cluster.Cluster?.TerminationProtected === true) {
      if (!options.disableProtection) {
        return { status: 'skipped', reason: 'termination protection is on (deletion.disableProtection switches it off first)' };
      }
      await emr.send(new SetTerminationProtectionCommand({ JobFlowIds, TerminationProtected: false }));
    }
    // Asynchronous: 5 to 20 minutes until the instances are released; HDFS data is lost.
    await emr.send(new TerminateJobFlowsCommand({ JobFlowIds }));
    return { status: 'started', note: 'termination started; data on the cluster (HDFS) is lost, logs already in S3 stay' };
  },

  // Applications, release, roles, network, security and auto-termination settings.
  describe: (clients, resource) =>
    configurationOr(resource, async () =>
      withoutMetadata(await clients.get(EMRClient).send(new DescribeClusterCommand({ ClusterId: resource.id }))),
    ),

  consoleUrl: (r) => `${consoleBase(r.region)}/emr/home?region=${r.region}#/clusterDetails/${encodeURIComponent(r.id)}`,

  // EC2 plus the EMR fee per instance-hour: 3 × m5.xlarge ≈ $0.24/hour each (https://aws.amazon.com/emr/pricing/).
  costHint: () => '~$525/month for 3 × m5.xlarge (EC2 + EMR fee per instance-hour), more for larger clusters',
});
