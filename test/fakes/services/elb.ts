import {
  AddTagsCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  ElasticLoadBalancingClient,
  RemoveTagsCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import { classicLoadBalancerArn } from '../../../lambda/resources/classic-load-balancer';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * Classic Load Balancers (the 2012-06-01 API), under the tagging API's shared type
 * `elasticloadbalancing:loadbalancer` and ARN `loadbalancer/{name}`. The ELBv2 fake lists only its
 * own load balancers, and this one only Classic ones, as the two APIs do.
 */

export const CLASSIC_LOAD_BALANCER = 'elasticloadbalancing:classic-loadbalancer';
const TAGGING_TYPE = 'elasticloadbalancing:loadbalancer';

export interface SeedClassicLoadBalancerOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
}

export function seedClassicLoadBalancer(account: FakeAccount, options: SeedClassicLoadBalancerOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('classic-');
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: CLASSIC_LOAD_BALANCER,
    taggingType: TAGGING_TYPE,
    arn: classicLoadBalancerArn(region, account.accountId, name),
    region,
    tags: options.tags,
    data: { name, createdAt: options.createdAt ?? new Date() },
  });
}

const notFound = (names: readonly string[]) =>
  new FakeAwsError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${names.join(', ')}'`);

function byName(account: FakeAccount, name: string, region: string): FakeResource | undefined {
  return account.findBy(CLASSIC_LOAD_BALANCER, 'name', name, region);
}

function oneNamed(account: FakeAccount, names: readonly string[] | undefined, region: string): FakeResource {
  // AddTags and RemoveTags take one load balancer only.
  if (names?.length !== 1) throw new FakeAwsError('ValidationError', 'Specify exactly one load balancer name');
  const lb = byName(account, names[0]!, region);
  if (!lb) throw notFound(names);
  return lb;
}

export function installElb(account: FakeAccount) {
  const stub = fakeService(ElasticLoadBalancingClient, account);

  handle(stub, account, 'elasticloadbalancing', DescribeLoadBalancersCommand, (input, region) => {
    if (input.PageSize !== undefined && (input.PageSize < 1 || input.PageSize > 400)) {
      throw new FakeAwsError('ValidationError', `Value '${input.PageSize}' at 'pageSize' failed to satisfy constraint: between 1 and 400`);
    }
    let lbs = account.list(CLASSIC_LOAD_BALANCER, region);
    const wanted = input.LoadBalancerNames;
    if (wanted?.length) {
      lbs = lbs.filter((lb) => wanted.includes(lb.data.name));
      if (lbs.length < wanted.length) throw notFound(wanted.filter((n) => !byName(account, n, region)));
    }
    const { page, next } = paginate(lbs, input.Marker, Math.min(input.PageSize ?? 400, account.defaultPageSize));
    return {
      LoadBalancerDescriptions: page.map((lb) => ({
        LoadBalancerName: lb.data.name,
        DNSName: `${lb.data.name}-1234567890.${region}.elb.amazonaws.com`,
        Scheme: 'internet-facing',
        VPCId: 'vpc-0fake',
        CreatedTime: lb.data.createdAt,
        Instances: [],
        ListenerDescriptions: [{ Listener: { Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 } }],
      })),
      NextMarker: next,
    };
  });

  handle(stub, account, 'elasticloadbalancing', DescribeTagsCommand, (input, region) => {
    const names = required(input, 'LoadBalancerNames', 'ValidationError');
    if (names.length < 1 || names.length > 20) {
      throw new FakeAwsError(
        'ValidationError',
        "Value at 'loadBalancerNames' failed to satisfy constraint: Member must have length between 1 and 20",
      );
    }
    const missing = names.filter((n) => !byName(account, n, region));
    if (missing.length > 0) throw notFound(missing);
    return { TagDescriptions: names.map((n) => ({ LoadBalancerName: n, Tags: tagList(byName(account, n, region)!.tags) })) };
  });

  handle(stub, account, 'elasticloadbalancing', AddTagsCommand, (input, region) => {
    const lb = oneNamed(account, input.LoadBalancerNames, region);
    account.setTags(lb.arn, Object.fromEntries(required(input, 'Tags', 'ValidationError').map((t) => [t.Key ?? '', t.Value ?? ''])));
    return {};
  });

  handle(stub, account, 'elasticloadbalancing', RemoveTagsCommand, (input, region) => {
    const lb = oneNamed(account, input.LoadBalancerNames, region);
    account.removeTags(
      lb.arn,
      required(input, 'Tags', 'ValidationError').map((t) => t.Key ?? ''),
    );
    return {};
  });

  handle(stub, account, 'elasticloadbalancing', DeleteLoadBalancerCommand, (input, region) => {
    const lb = byName(account, required(input, 'LoadBalancerName', 'ValidationError'), region);
    // "If the load balancer does not exist or has already been deleted, the call to DeleteLoadBalancer still succeeds."
    if (lb) account.remove(lb.arn);
    return {};
  });

  return stub;
}
