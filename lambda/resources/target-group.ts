import {
  DeleteTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';

/**
 * ELBv2 target groups. Free in themselves, but hand-made ones pile up behind deleted load balancers.
 * Tags come from the engine's GetResources sweep (ELBv2 returns tags only through DescribeTags).
 */
export const targetGroup = pagedType({
  id: 'elasticloadbalancing:targetgroup',
  label: 'Target group',
  tagsFromList: false,
  iam: {
    read: ['elasticloadbalancing:DescribeTargetGroups'],
    tag: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    delete: ['elasticloadbalancing:DeleteTargetGroup'],
  },
  // After load balancers (20): a listener forwarding to the group keeps it "in use".
  deletionOrder: 30,

  listing: {
    pages: (clients) => paginateDescribeTargetGroups({ client: clients.get(ElasticLoadBalancingV2Client), pageSize: 400 }, {}),
    items: (page) => page.TargetGroups,
    resource: (group) => {
      if (!group.TargetGroupArn || !group.TargetGroupName) return undefined;
      return {
        arn: group.TargetGroupArn,
        id: group.TargetGroupArn,
        name: group.TargetGroupName,
        // DescribeTargetGroups has no creation time, so the minimum-age rule cannot apply to target groups.
        createdAt: undefined,
        details: {
          targetType: group.TargetType,
          protocol: group.Protocol,
          port: group.Port,
          loadBalancers: group.LoadBalancerArns?.length ?? 0,
        },
      };
    },
  },

  async delete(clients, resource) {
    // While a listener or rule still forwards to it, ELBv2 answers `ResourceInUse`; that error is
    // thrown as is, and the engine retries in a later wave, after the load balancer has gone.
    await clients.get(ElasticLoadBalancingV2Client).send(new DeleteTargetGroupCommand({ TargetGroupArn: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#TargetGroup:targetGroupArn=${r.arn}`,
});
