import {
  DeleteLoadBalancerCommand,
  DescribeLoadBalancerAttributesCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';

const DELETION_PROTECTION = 'deletion_protection.enabled';

/** us-east-1 hourly price of the load balancer itself (~730 h/month); capacity units come on top. */
const MONTHLY_COST_BY_TYPE: Record<string, string> = {
  application: '~$16/month + LCU',
  network: '~$16/month + NLCU',
  gateway: '~$9/month + GLCU',
};

/**
 * Application, Network and Gateway Load Balancers (ELBv2). Classic load balancers share the tagging
 * API type `elasticloadbalancing:loadbalancer` but have another API and are not handled here.
 * Tags come from the engine's GetResources sweep: ELBv2 only returns tags through DescribeTags,
 * one more call per 20 load balancers.
 */
export const loadBalancer = pagedType({
  id: 'elasticloadbalancing:loadbalancer',
  label: 'Load balancer',
  tagsFromList: false,
  iam: {
    read: ['elasticloadbalancing:DescribeLoadBalancers'],
    tag: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    delete: ['elasticloadbalancing:ModifyLoadBalancerAttributes', 'elasticloadbalancing:DeleteLoadBalancer'],
    deleteUnconditioned: ['elasticloadbalancing:DescribeLoadBalancerAttributes'],
    deleteUnconditionedReason: 'DescribeLoadBalancerAttributes (re-reading deletion protection) has no resource-level permissions.',
  },
  // Before its target groups (30), which stay "in use" while a listener of the load balancer forwards to them.
  deletionOrder: 20,

  listing: {
    pages: (clients) => paginateDescribeLoadBalancers({ client: clients.get(ElasticLoadBalancingV2Client), pageSize: 400 }, {}),
    items: (page) => page.LoadBalancers,
    resource: (lb) => {
      if (!lb.LoadBalancerArn || !lb.LoadBalancerName) return undefined;
      return {
        // The tagging API returns exactly this ARN: loadbalancer/{app|net|gwy}/{name}/{id}.
        arn: lb.LoadBalancerArn,
        id: lb.LoadBalancerArn,
        name: lb.LoadBalancerName,
        createdAt: lb.CreatedTime,
        details: { loadBalancerType: lb.Type, scheme: lb.Scheme, state: lb.State?.Code, dnsName: lb.DNSName },
      };
    },
  },

  async delete(clients, resource, options) {
    const elb = clients.get(ElasticLoadBalancingV2Client);
    // Read now, not at listing: protection may have been switched on since the resource was marked.
    const { Attributes } = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: resource.id }));
    const protectedNow = Attributes?.find((a) => a.Key === DELETION_PROTECTION)?.Value === 'true';
    if (protectedNow) {
      if (!options.disableProtection) return { status: 'skipped', reason: 'deletion protection is on' };
      await elb.send(
        new ModifyLoadBalancerAttributesCommand({
          LoadBalancerArn: resource.id,
          Attributes: [{ Key: DELETION_PROTECTION, Value: 'false' }],
        }),
      );
    }
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: resource.id }));
    return protectedNow ? { status: 'deleted', note: 'deletion protection switched off first' } : { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#LoadBalancer:loadBalancerArn=${r.arn}`,

  costHint: (r) => MONTHLY_COST_BY_TYPE[String(r.details?.loadBalancerType)],
});
