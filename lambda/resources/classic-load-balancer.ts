import {
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
  type LoadBalancerDescription,
  paginateDescribeLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { inBatches } from '../util/batches';
import { configurationOr, theOne } from './configuration';
import type { ResourceType } from './resource-type';

/** The tagging API's type for Classic and ELBv2 load balancers alike. */
const SHARED_TAGGING_TYPE = 'elasticloadbalancing:loadbalancer';

// DescribeTags takes 1-20 names (https://docs.aws.amazon.com/elasticloadbalancing/2012-06-01/APIReference/API_DescribeTags.html).
const NAMES_PER_TAG_READ = 20;

// PageSize is 1-400 (https://docs.aws.amazon.com/elasticloadbalancing/2012-06-01/APIReference/API_DescribeLoadBalancers.html).
const PAGE_SIZE = 400;

/**
 * A Classic load balancer's ARN, which DescribeLoadBalancers does not return:
 * `loadbalancer/{name}`, where ELBv2's are `loadbalancer/{app|net|gwy}/{name}/{id}`
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-tags.html).
 */
export function classicLoadBalancerArn(region: string, accountId: string, name: string): string {
  return buildArn('elasticloadbalancing', region, accountId, `loadbalancer/${name}`);
}

/**
 * Classic Load Balancers (the 2012-06-01 API). They share the tagging API type with ELBv2
 * (`elasticloadbalancing:loadbalancer`) but not its API: each API lists only its own load
 * balancers, so neither type claims the other's. Tags come with the listing: one DescribeTags per
 * 20 load balancers. Those Kubernetes (`kubernetes.io/cluster/*`, `kubernetes.io/service-name`) or
 * Elastic Beanstalk (`elasticbeanstalk:*`) created are protected by the engine's controller tags.
 */
export const classicLoadBalancer: ResourceType = {
  id: 'elasticloadbalancing:classic-loadbalancer',
  taggingType: SHARED_TAGGING_TYPE,
  label: 'Classic load balancer',
  tagsFromList: true,
  iam: {
    read: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTags'],
    // Classic's AddTags and RemoveTags authorize against loadbalancer/{name}
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_elasticloadbalancing.html).
    tag: ['elasticloadbalancing:AddTags', 'elasticloadbalancing:RemoveTags'],
    delete: ['elasticloadbalancing:DeleteLoadBalancer'],
  },
  // As ELBv2: after the instances behind it (10), before security groups (80).
  deletionOrder: 20,

  async *list(clients) {
    const { region, accountId } = clients.target;
    const elb = clients.get(ElasticLoadBalancingClient);
    for await (const page of paginateDescribeLoadBalancers({ client: elb, pageSize: PAGE_SIZE }, {})) {
      const lbs = (page.LoadBalancerDescriptions ?? []).filter((lb): lb is LoadBalancerDescription & { LoadBalancerName: string } =>
        Boolean(lb.LoadBalancerName),
      );
      for (const batch of inBatches(lbs, NAMES_PER_TAG_READ)) {
        const { TagDescriptions } = await elb.send(new DescribeTagsCommand({ LoadBalancerNames: batch.map((lb) => lb.LoadBalancerName) }));
        const tagsByName = new Map((TagDescriptions ?? []).map((d) => [d.LoadBalancerName, tagsFromList(d.Tags)]));
        for (const lb of batch) {
          const name = lb.LoadBalancerName;
          yield {
            type: classicLoadBalancer.id,
            arn: classicLoadBalancerArn(region, accountId, name),
            id: name,
            name,
            region,
            accountId,
            createdAt: lb.CreatedTime,
            tags: tagsByName.get(name) ?? {},
            details: { scheme: lb.Scheme, dnsName: lb.DNSName, vpcId: lb.VPCId, instances: lb.Instances?.length ?? 0 },
          } satisfies Resource;
        }
      }
    }
  },

  // "If the load balancer does not exist or has already been deleted, the call to DeleteLoadBalancer
  // still succeeds" (https://docs.aws.amazon.com/elasticloadbalancing/2012-06-01/APIReference/API_DeleteLoadBalancer.html).
  // Classic load balancers have no deletion protection; the registered instances are only deregistered.
  async delete(clients, resource) {
    await clients.get(ElasticLoadBalancingClient).send(new DeleteLoadBalancerCommand({ LoadBalancerName: resource.id }));
    return { status: 'deleted' };
  },

  // Listeners, health check, subnets, security groups and instances: one DescribeLoadBalancers.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { LoadBalancerDescriptions } = await clients
        .get(ElasticLoadBalancingClient)
        .send(new DescribeLoadBalancersCommand({ LoadBalancerNames: [resource.id] }));
      return theOne(LoadBalancerDescriptions, `Classic load balancer ${resource.id}`);
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/ec2/home?region=${r.region}#LoadBalancers:search=${encodeURIComponent(r.id)}`,

  // us-east-1: $0.025 per load balancer-hour (~730 h/month) and $0.008 per GB processed
  // (https://aws.amazon.com/elasticloadbalancing/pricing/, "Classic Load Balancer").
  costHint: () => '~$18/month + data processed',
};
