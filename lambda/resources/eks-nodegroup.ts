import {
  DeleteNodegroupCommand,
  DescribeNodegroupCommand,
  EKSClient,
  type Nodegroup,
  paginateListClusters,
  paginateListNodegroups,
} from '@aws-sdk/client-eks';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { configurationOr } from './configuration';
import { unlessClusterGone } from './eks-cluster';
import { readEach } from './per-resource-reads';
import type { ResourceType } from './resource-type';

const TYPE = 'eks:nodegroup';

/** A cluster's node group names, every page; none when the cluster went meanwhile. */
async function nodegroupNames(eks: EKSClient, clusterName: string): Promise<string[]> {
  const names: string[] = [];
  const listed = await unlessClusterGone(async () => {
    for await (const page of paginateListNodegroups({ client: eks, pageSize: 100 }, { clusterName }))
      names.push(...(page.nodegroups ?? []));
    return true;
  });
  return listed ? names : [];
}

function resourceOf(group: Nodegroup, target: { region: string; accountId: string }): Resource | undefined {
  const { nodegroupName: name, nodegroupArn: arn, clusterName, status } = group;
  if (!name || !arn || !clusterName || status === 'DELETING') return undefined;
  return {
    type: TYPE,
    arn,
    id: name,
    name,
    region: target.region,
    accountId: target.accountId,
    createdAt: group.createdAt,
    tags: group.tags ?? {},
    details: {
      clusterName,
      status,
      instanceTypes: (group.instanceTypes ?? []).join(','),
      capacityType: group.capacityType,
      desiredSize: group.scalingConfig?.desiredSize,
    },
  };
}

/**
 * EKS managed node groups: the EC2 instances of a cluster, in an Auto Scaling group EKS owns (that
 * group and its instances carry `eks:*` tags, so their own types leave them alone). Tagging API
 * type `eks:nodegroup`, ARN `arn:aws:eks:{region}:{account}:nodegroup/{cluster}/{name}/{uuid}`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html).
 * The UUID is in no list call, so each node group is described while listing, tags included.
 */
export const eksNodegroup: ResourceType = {
  id: TYPE,
  label: 'EKS managed node group',
  // DescribeNodegroup, made for every node group to learn its ARN, returns its tags.
  tagsFromList: true,
  // Before its cluster (70), with the other compute.
  deletionOrder: 15,
  iam: {
    read: ['eks:ListClusters', 'eks:ListNodegroups', 'eks:DescribeNodegroup'],
    tag: ['eks:TagResource', 'eks:UntagResource'],
    delete: ['eks:DeleteNodegroup'],
  },

  async *list(clients) {
    const eks = clients.get(EKSClient);
    const { region, accountId } = clients.target;
    for await (const page of paginateListClusters({ client: eks, pageSize: 100 }, {})) {
      for (const clusterName of page.clusters ?? []) {
        const groups = await readEach(await nodegroupNames(eks, clusterName), async (nodegroupName) => {
          const described = await unlessClusterGone(() => eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName })));
          return described?.nodegroup && resourceOf(described.nodegroup, { region, accountId });
        });
        yield* groups;
      }
    }
  },

  async delete(clients, resource) {
    const clusterName = String(resource.details?.clusterName);
    // Asynchronous: EKS drains and terminates the instances, then deletes the Auto Scaling group.
    await clients.get(EKSClient).send(new DeleteNodegroupCommand({ clusterName, nodegroupName: resource.id }));
    return { status: 'started', note: 'deletion started; EKS drains and terminates its instances' };
  },

  // Scaling, instance types, AMI, launch template, labels and taints.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const input = { clusterName: String(resource.details?.clusterName), nodegroupName: resource.id };
      return { nodegroup: (await clients.get(EKSClient).send(new DescribeNodegroupCommand(input))).nodegroup };
    }),

  consoleUrl: (r) =>
    `${consoleBase(r.region)}/eks/clusters/${encodeURIComponent(String(r.details?.clusterName))}/node-groups/${encodeURIComponent(r.id)}?region=${r.region}`,

  costHint(r) {
    const size = r.details?.desiredSize;
    const types = r.details?.instanceTypes;
    if (size === undefined || !types) return undefined;
    const capacity = r.details?.capacityType === 'SPOT' ? 'Spot' : 'On-Demand';
    return `${size} × ${types} ${capacity} instance${size === 1 ? '' : 's'}, billed as EC2`;
  },
};
