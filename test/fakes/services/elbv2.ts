import {
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/** ELBv2: Application/Network/Gateway Load Balancers and target groups, under the tagging API's ARNs. */

const LOAD_BALANCER = 'elasticloadbalancing:loadbalancer';
const TARGET_GROUP = 'elasticloadbalancing:targetgroup';
const DELETION_PROTECTION = 'deletion_protection.enabled';
const ARN_TYPE_SEGMENT = { application: 'app', network: 'net', gateway: 'gwy' } as const;

export type LoadBalancerKind = keyof typeof ARN_TYPE_SEGMENT;

export interface SeedLoadBalancerOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  kind?: LoadBalancerKind;
  deletionProtection?: boolean;
}

export interface SeedTargetGroupOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  /** A listener of this load balancer forwards to the group: DeleteTargetGroup answers ResourceInUse until it is gone. */
  attachedToLoadBalancer?: FakeResource;
}

/** The 16-hex-digit suffix ELBv2 appends to names in ARNs. */
function elbIdSuffix(account: FakeAccount): string {
  return account.nextId('').padStart(16, '5');
}

export function seedLoadBalancer(account: FakeAccount, options: SeedLoadBalancerOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('lb-');
  const region = options.region ?? 'eu-west-1';
  const kind = options.kind ?? 'application';
  return account.put({
    type: LOAD_BALANCER,
    arn: buildArn(
      'elasticloadbalancing',
      region,
      account.accountId,
      `loadbalancer/${ARN_TYPE_SEGMENT[kind]}/${name}/${elbIdSuffix(account)}`,
    ),
    region,
    tags: options.tags,
    data: {
      name,
      kind,
      createdAt: options.createdAt ?? new Date(),
      attributes: { [DELETION_PROTECTION]: String(options.deletionProtection ?? false) } as Record<string, string>,
    },
  });
}

export function seedTargetGroup(account: FakeAccount, options: SeedTargetGroupOptions = {}): FakeResource {
  const name = options.name ?? account.nextId('tg-');
  const region = options.attachedToLoadBalancer?.region ?? options.region ?? 'eu-west-1';
  return account.put({
    type: TARGET_GROUP,
    arn: buildArn('elasticloadbalancing', region, account.accountId, `targetgroup/${name}/${elbIdSuffix(account)}`),
    region,
    tags: options.tags,
    data: { name, loadBalancerArns: options.attachedToLoadBalancer ? [options.attachedToLoadBalancer.arn] : [] },
  });
}

/** ELBv2 takes 1–400 per page, and may return fewer: pages are capped at the account's page size. */
function page<T>(account: FakeAccount, items: readonly T[], input: { PageSize?: number; Marker?: string }) {
  if (input.PageSize !== undefined && (input.PageSize < 1 || input.PageSize > 400)) {
    throw new FakeAwsError(
      'ValidationError',
      `1 validation error detected: Value '${input.PageSize}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`,
    );
  }
  return paginate(items, input.Marker, Math.min(input.PageSize ?? 400, account.defaultPageSize));
}

function loadBalancerIn(account: FakeAccount, arn: string, region: string): FakeResource {
  const lb = account.find(arn);
  if (!lb || lb.type !== LOAD_BALANCER || lb.region !== region) {
    throw new FakeAwsError('LoadBalancerNotFound', `Load balancer '${arn}' not found`);
  }
  return lb;
}

/** Attachments to load balancers that still exist: deleting a load balancer deletes its listeners. */
function attachedLoadBalancers(account: FakeAccount, group: FakeResource): string[] {
  return (group.data.loadBalancerArns as string[]).filter((arn) => account.exists(arn));
}

export function installElbv2(account: FakeAccount) {
  const stub = fakeService(ElasticLoadBalancingV2Client, account);

  handle(stub, account, 'elasticloadbalancing', DescribeLoadBalancersCommand, (input, region) => {
    const wanted: string[] | undefined = input.LoadBalancerArns ?? input.Names;
    let lbs = account.list(LOAD_BALANCER, region);
    if (wanted?.length) {
      lbs = lbs.filter((lb) => wanted.includes(lb.arn) || wanted.includes(lb.data.name));
      if (lbs.length < wanted.length) throw new FakeAwsError('LoadBalancerNotFound', 'One or more load balancers not found');
    }
    const { page: lbPage, next } = page(account, lbs, input);
    return {
      LoadBalancers: lbPage.map((lb) => ({
        LoadBalancerArn: lb.arn,
        LoadBalancerName: lb.data.name,
        Type: lb.data.kind,
        Scheme: 'internet-facing',
        State: { Code: 'active' },
        CreatedTime: lb.data.createdAt,
        DNSName: `${lb.data.name}-1234567890.${region}.elb.amazonaws.com`,
        VpcId: 'vpc-0fake',
      })),
      NextMarker: next,
    };
  });

  handle(stub, account, 'elasticloadbalancing', DescribeLoadBalancerAttributesCommand, (input, region) => {
    const lb = loadBalancerIn(account, required(input, 'LoadBalancerArn', 'MissingParameter'), region);
    return { Attributes: Object.entries(lb.data.attributes as Record<string, string>).map(([Key, Value]) => ({ Key, Value })) };
  });

  handle(stub, account, 'elasticloadbalancing', ModifyLoadBalancerAttributesCommand, (input, region) => {
    const lb = loadBalancerIn(account, required(input, 'LoadBalancerArn', 'MissingParameter'), region);
    for (const { Key, Value } of input.Attributes ?? []) if (Key !== undefined) lb.data.attributes[Key] = Value;
    return { Attributes: Object.entries(lb.data.attributes as Record<string, string>).map(([Key, Value]) => ({ Key, Value })) };
  });

  handle(stub, account, 'elasticloadbalancing', DeleteLoadBalancerCommand, (input, region) => {
    const lb = account.find(required(input, 'LoadBalancerArn', 'MissingParameter'));
    // "If the load balancer does not exist or has already been deleted, the call succeeds."
    if (!lb || lb.type !== LOAD_BALANCER || lb.region !== region) return {};
    if (lb.data.attributes[DELETION_PROTECTION] === 'true') {
      throw new FakeAwsError('OperationNotPermitted', `Load balancer '${lb.arn}' cannot be deleted because deletion protection is enabled`);
    }
    account.remove(lb.arn);
    return {};
  });

  handle(stub, account, 'elasticloadbalancing', DescribeTargetGroupsCommand, (input, region) => {
    const wanted: string[] | undefined = input.TargetGroupArns ?? input.Names;
    let groups = account.list(TARGET_GROUP, region);
    if (input.LoadBalancerArn)
      groups = groups.filter((g) => attachedLoadBalancers(account, g).includes(required(input, 'LoadBalancerArn', 'MissingParameter')));
    if (wanted?.length) {
      groups = groups.filter((g) => wanted.includes(g.arn) || wanted.includes(g.data.name));
      if (groups.length < wanted.length) throw new FakeAwsError('TargetGroupNotFound', 'One or more target groups not found');
    }
    const { page: groupPage, next } = page(account, groups, input);
    return {
      TargetGroups: groupPage.map((g) => ({
        TargetGroupArn: g.arn,
        TargetGroupName: g.data.name,
        Protocol: 'HTTP',
        Port: 80,
        VpcId: 'vpc-0fake',
        TargetType: 'instance',
        LoadBalancerArns: attachedLoadBalancers(account, g),
      })),
      NextMarker: next,
    };
  });

  handle(stub, account, 'elasticloadbalancing', DeleteTargetGroupCommand, (input, region) => {
    const group = account.find(required(input, 'TargetGroupArn', 'MissingParameter'));
    if (!group || group.type !== TARGET_GROUP || group.region !== region) {
      throw new FakeAwsError('TargetGroupNotFound', `Target groups '${input.TargetGroupArn}' not found`);
    }
    if (attachedLoadBalancers(account, group).length > 0) {
      throw new FakeAwsError('ResourceInUse', `Target group '${group.arn}' is currently in use by a listener or a rule`);
    }
    account.remove(group.arn);
    return {};
  });

  // Handled so that a per-resource tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'elasticloadbalancing', DescribeTagsCommand, (input, region) => {
    const arns: string[] = input.ResourceArns ?? [];
    if (arns.length > 20) throw new FakeAwsError('ValidationError', 'At most 20 resources can be described');
    return {
      TagDescriptions: arns.map((arn) => {
        const r = account.find(arn);
        if (!r || r.region !== region) throw new FakeAwsError('LoadBalancerNotFound', `Load balancer '${arn}' not found`);
        return { ResourceArn: arn, Tags: tagList(r.tags) };
      }),
    };
  });

  return stub;
}
