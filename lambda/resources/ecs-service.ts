import {
  DeleteServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  paginateListClusters,
  paginateListServices,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { inBatches } from '../util/batches';
import { clusterNameOf, ecsTags } from './ecs-common';
import { readEach } from './per-resource-reads';
import type { ResourceType } from './resource-type';

const TYPE = 'ecs:service';
/** DescribeServices takes at most 10 services per call. */
const DESCRIBE_BATCH = 10;
/** A service being deleted (DRAINING) or deleted (INACTIVE) is not inventory. */
const GONE_STATUSES = new Set(['DRAINING', 'INACTIVE']);

/**
 * ECS services of every cluster. DescribeServices returns tags with `include: TAGS`. The ARN is the
 * `serviceArn` ECS returns: services created since the long ARN format
 * (`service/{cluster}/{name}`) carry the ARN the tagging API uses.
 */
export const ecsService: ResourceType = {
  id: TYPE,
  label: 'ECS service',
  tagsFromList: true,
  iam: {
    read: ['ecs:ListClusters', 'ecs:ListServices', 'ecs:DescribeServices'],
    tag: ['ecs:TagResource', 'ecs:UntagResource'],
    delete: ['ecs:UpdateService', 'ecs:DeleteService'],
  },
  // Early: a service keeps its cluster (70) and its load balancer's target group (30) in use.
  deletionOrder: 10,

  async *list(clients) {
    const ecs = clients.get(ECSClient);
    const clusters: string[] = [];
    for await (const page of paginateListClusters({ client: ecs, pageSize: 100 }, {})) clusters.push(...(page.clusterArns ?? []));
    // One cluster's pages are a chain; the clusters are not, so a few are read at once.
    const perCluster = await readEach(clusters, (clusterArn) => servicesIn(ecs, clusterArn, clients.target));
    for (const services of perCluster) yield* services;
  },

  async delete(clients, resource) {
    const ecs = clients.get(ECSClient);
    const cluster = String(resource.details?.cluster);
    // Scale to zero first, as AWS asks, so tasks stop through the deployment (deregistered from their
    // target groups and drained) rather than by the forced delete; `force` then covers a scale-in in progress.
    // DAEMON services have no desired count to set (one task per instance); DeleteService stops them.
    if (resource.details?.schedulingStrategy !== 'DAEMON') {
      await ecs.send(new UpdateServiceCommand({ cluster, service: resource.id, desiredCount: 0 }));
    }
    await ecs.send(new DeleteServiceCommand({ cluster, service: resource.id, force: true }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => {
    const cluster = clusterNameOf(String(r.details?.cluster));
    return `${consoleBase(r.region)}/ecs/v2/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(r.name ?? r.id)}/health?region=${r.region}`;
  },

  costHint: (r) => {
    const running = Number(r.details?.runningCount ?? 0);
    return running > 0 ? `${running} running task(s), billed per task (Fargate) or by their EC2 instances` : undefined;
  },
};

async function servicesIn(ecs: ECSClient, clusterArn: string, target: { region: string; accountId: string }): Promise<Resource[]> {
  const found: Resource[] = [];
  for await (const servicePage of paginateListServices({ client: ecs, pageSize: 100 }, { cluster: clusterArn })) {
    for (const batch of inBatches(servicePage.serviceArns ?? [], DESCRIBE_BATCH)) {
      const { services } = await ecs.send(new DescribeServicesCommand({ cluster: clusterArn, services: batch, include: ['TAGS'] }));
      for (const service of services ?? []) {
        if (!service.serviceArn || !service.serviceName || GONE_STATUSES.has(service.status ?? '')) continue;
        found.push({
          type: TYPE,
          arn: service.serviceArn,
          id: service.serviceArn,
          name: service.serviceName,
          region: target.region,
          accountId: target.accountId,
          createdAt: service.createdAt,
          tags: ecsTags(service.tags),
          details: {
            cluster: service.clusterArn ?? clusterArn,
            desiredCount: service.desiredCount,
            runningCount: service.runningCount,
            launchType: service.launchType,
            schedulingStrategy: service.schedulingStrategy,
          },
        });
      }
    }
  }
  return found;
}
