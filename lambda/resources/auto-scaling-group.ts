import { AutoScalingClient, DeleteAutoScalingGroupCommand, paginateDescribeAutoScalingGroups } from '@aws-sdk/client-auto-scaling';
import { consoleBase } from '../aws/arn';
import type { Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { pagedType } from './paged-list';

/** DescribeAutoScalingGroups keeps returning a group while it is being deleted, with this status. */
const DELETING_STATUS = 'Delete in progress';

/**
 * Services that create and own Auto Scaling groups but tag them with their own (not `aws:`) keys,
 * so the engine's managed-tag rule does not see them. Deleting such a group breaks its owner.
 */
const OWNER_TAGS: readonly { key: string; owner: (value: string) => string }[] = [
  { key: 'eks:nodegroup-name', owner: (v) => `EKS managed node group ${v}` },
  { key: 'elasticbeanstalk:environment-name', owner: (v) => `Elastic Beanstalk environment ${v}` },
  { key: 'AmazonECSManaged', owner: () => 'an ECS capacity provider' },
];

function ownedBecause(tags: Tags): string | undefined {
  for (const { key, owner } of OWNER_TAGS) {
    if (tags[key] !== undefined) return `managed by ${owner(tags[key])}; delete it there (tag ${key})`;
  }
  return undefined;
}

/**
 * EC2 Auto Scaling groups. Tags come from DescribeAutoScalingGroups itself: the Resource Groups
 * Tagging API can tag Auto Scaling groups, but its GetResources returns nothing for them
 * (docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/supported-services.html).
 */
export const autoScalingGroup = pagedType({
  id: 'autoscaling:autoScalingGroup',
  label: 'Auto Scaling group',
  tagsFromList: true,
  iam: {
    read: ['autoscaling:DescribeAutoScalingGroups'],
    tag: ['autoscaling:CreateOrUpdateTags', 'autoscaling:DeleteTags'],
    delete: ['autoscaling:DeleteAutoScalingGroup'],
  },
  // First: otherwise the group replaces the instances that are deleted, and keeps its load balancer's target group busy.
  deletionOrder: 5,

  listing: {
    pages: (clients) => paginateDescribeAutoScalingGroups({ client: clients.get(AutoScalingClient), pageSize: 100 }, {}),
    items: (page) => page.AutoScalingGroups,
    resource: (group) => {
      if (!group.AutoScalingGroupARN || !group.AutoScalingGroupName || group.Status === DELETING_STATUS) return undefined;
      const tags = tagsFromList(group.Tags);
      return {
        // autoScalingGroup:{uuid}:autoScalingGroupName/{name}, as TagResources expects it.
        arn: group.AutoScalingGroupARN,
        id: group.AutoScalingGroupName,
        name: group.AutoScalingGroupName,
        createdAt: group.CreatedTime,
        tags,
        protectedBecause: ownedBecause(tags),
        details: {
          instances: group.Instances?.length ?? 0,
          desiredCapacity: group.DesiredCapacity,
          minSize: group.MinSize,
          maxSize: group.MaxSize,
        },
      };
    },
  },

  async delete(clients, resource) {
    // ForceDelete terminates the group's instances too; without it AWS refuses while any are left.
    await clients.get(AutoScalingClient).send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: resource.id, ForceDelete: true }));
    const instances = Number(resource.details?.instances ?? 0);
    return {
      status: 'started',
      note:
        instances > 0
          ? `${instances} instance(s) are terminating; the next run confirms`
          : 'the group is being deleted; the next run confirms',
    };
  },

  consoleUrl: (r) =>
    `${consoleBase(r.region)}/ec2/home?region=${r.region}#AutoScalingGroupDetails:id=${encodeURIComponent(r.id)};view=details`,

  costHint: (r) => {
    const instances = Number(r.details?.instances ?? 0);
    return instances > 0 ? `${instances} running instance(s), billed as EC2` : undefined;
  },
});
