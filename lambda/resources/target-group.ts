import { DeleteTargetGroupCommand, ElasticLoadBalancingV2Client, paginateDescribeTargetGroups } from '@aws-sdk/client-elastic-load-balancing-v2';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

const TYPE = 'elasticloadbalancing:targetgroup';

/**
 * ELBv2 target groups. Free in themselves, but hand-made ones pile up behind deleted load balancers.
 * Tags come from the engine's GetResources sweep (ELBv2 returns tags only through DescribeTags).
 */
export const targetGroup: ResourceType = {
  id: TYPE,
  label: 'Target group',
  tagsFromList: false,
  iam: {
    read: ['elasticloadbalancing:DescribeTargetGroups'],
    tag: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    delete: ['elasticloadbalancing:DeleteTargetGroup'],
  },
  // After load balancers (20): a listener forwarding to the group keeps it "in use".
  deletionOrder: 30,

  async *list(clients) {
    const { region, accountId } = clients.target;
    const pages = paginateDescribeTargetGroups({ client: clients.get(ElasticLoadBalancingV2Client), pageSize: 400 }, {});
    for await (const page of pages) {
      for (const group of page.TargetGroups ?? []) {
        if (!group.TargetGroupArn || !group.TargetGroupName) continue;
        yield {
          type: TYPE,
          arn: group.TargetGroupArn,
          id: group.TargetGroupArn,
          name: group.TargetGroupName,
          region,
          accountId,
          // DescribeTargetGroups has no creation time, so the minimum-age rule cannot apply to target groups.
          createdAt: undefined,
          tags: {},
          details: {
            targetType: group.TargetType,
            protocol: group.Protocol,
            port: group.Port,
            loadBalancers: group.LoadBalancerArns?.length ?? 0,
          },
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource) {
    // While a listener or rule still forwards to it, ELBv2 answers `ResourceInUse`; that error is
    // thrown as is, and the engine retries in a later wave, after the load balancer has gone.
    await clients.get(ElasticLoadBalancingV2Client).send(new DeleteTargetGroupCommand({ TargetGroupArn: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#TargetGroup:targetGroupArn=${r.arn}`,
};
