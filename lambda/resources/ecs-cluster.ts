import { DeleteClusterCommand, DescribeClustersCommand, ECSClient, paginateListClusters } from '@aws-sdk/client-ecs';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { inBatches } from '../util/batches';
import { ecsTags } from './ecs-common';
import { type ResourceType, RetryLaterError } from './resource-type';

const TYPE = 'ecs:cluster';
/** DescribeClusters takes at most 100 clusters per call. */
const DESCRIBE_BATCH = 100;
/** Clusters on their way out are not inventory. */
const GONE_STATUSES = new Set(['INACTIVE', 'DEPROVISIONING']);

/** ECS clusters. DescribeClusters returns tags with `include: TAGS`, so no tag call per cluster is needed. */
export const ecsCluster: ResourceType = {
  id: TYPE,
  label: 'ECS cluster',
  tagsFromList: true,
  iam: {
    read: ['ecs:ListClusters', 'ecs:DescribeClusters'],
    tag: ['ecs:TagResource', 'ecs:UntagResource'],
    delete: ['ecs:DescribeClusters', 'ecs:DeleteCluster'],
  },
  // Last among the ECS family: its services (10) must be gone first.
  deletionOrder: 70,

  async *list(clients) {
    const { region, accountId } = clients.target;
    const ecs = clients.get(ECSClient);
    for await (const page of paginateListClusters({ client: ecs, pageSize: 100 }, {})) {
      for (const batch of inBatches(page.clusterArns ?? [], DESCRIBE_BATCH)) {
        const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: batch, include: ['TAGS'] }));
        for (const cluster of clusters ?? []) {
          if (!cluster.clusterArn || !cluster.clusterName || GONE_STATUSES.has(cluster.status ?? '')) continue;
          yield {
            type: TYPE,
            arn: cluster.clusterArn,
            id: cluster.clusterName,
            name: cluster.clusterName,
            region,
            accountId,
            // ECS reports no creation time for clusters, so the minimum-age rule cannot apply to them.
            createdAt: undefined,
            tags: ecsTags(cluster.tags),
            details: {
              status: cluster.status,
              activeServices: cluster.activeServicesCount,
              containerInstances: cluster.registeredContainerInstancesCount,
              runningTasks: cluster.runningTasksCount,
            },
          } satisfies Resource;
        }
      }
    }
  },

  async delete(clients, resource) {
    const ecs = clients.get(ECSClient);
    // Counted now, not at listing: services deleted earlier in this run (ecs:service goes first) are gone by now.
    const { clusters } = await ecs.send(new DescribeClustersCommand({ clusters: [resource.arn] }));
    const cluster = clusters?.find((c) => c.clusterArn === resource.arn);
    const services = cluster?.activeServicesCount ?? 0;
    const containerInstances = cluster?.registeredContainerInstancesCount ?? 0;
    if (services > 0 || containerInstances > 0) {
      throw new RetryLaterError(`cluster still has ${services} services / ${containerInstances} container instances`);
    }
    // Tasks still stopping after their service was deleted make DeleteCluster fail with
    // ClusterContainsTasksException, which the engine also retries in a later wave.
    await ecs.send(new DeleteClusterCommand({ cluster: resource.arn }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ecs/v2/clusters/${encodeURIComponent(r.id)}/services?region=${r.region}`,
};
