import {
  DeleteResolverEndpointCommand,
  GetResolverEndpointCommand,
  type IpAddressResponse,
  ListResolverEndpointIpAddressesCommand,
  ListResolverEndpointsCommand,
  ListResolverRulesCommand,
  ListTagsForResourceCommand,
  type ResolverEndpoint,
  type ResolverEndpointDirection,
  type ResolverEndpointStatus,
  type ResolverRule,
  Route53ResolverClient,
  type ShareStatus,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-route53resolver';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * Route 53 Resolver endpoints (`route53resolver:resolver-endpoint`) and the forwarding rules that
 * use them (`route53resolver:resolver-rule`, not a janitor type). DeleteResolverEndpoint moves an
 * endpoint to DELETING and refuses while rules name it, as AWS does; `finishResolverDeletions`
 * plays the minutes after. Tags only through ListTagsForResource.
 */

const ENDPOINT = 'route53resolver:resolver-endpoint';
const RULE = 'route53resolver:resolver-rule';

export interface SeedResolverEndpointOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  direction?: ResolverEndpointDirection;
  status?: ResolverEndpointStatus;
  /** One per ENI; two by default, in two subnets. */
  ips?: string[];
}

export function seedResolverEndpoint(account: FakeAccount, options: SeedResolverEndpointOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const direction = options.direction ?? 'INBOUND';
  const id = `rslvr-${direction === 'OUTBOUND' ? 'out' : 'in'}-${account.nextId('').padStart(17, '0')}`;
  const n = account.resources.size;
  return account.put({
    type: ENDPOINT,
    arn: buildArn('route53resolver', region, account.accountId, `resolver-endpoint/${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      name: options.name ?? `endpoint-${n}`,
      direction,
      status: options.status ?? 'OPERATIONAL',
      ips: options.ips ?? [`10.0.${n % 250}.10`, `10.0.${n % 250}.138`],
      vpcId: 'vpc-0123456789abcdef0',
      securityGroupIds: ['sg-0123456789abcdef0'],
      createdAt: options.createdAt ?? new Date(),
    },
  });
}

export interface SeedResolverRuleOptions {
  region?: string;
  domainName?: string;
  /** The outbound endpoint it forwards through. */
  endpointId?: string;
  targetIps?: string[];
  shareStatus?: ShareStatus;
  ownerId?: string;
}

export function seedResolverRule(account: FakeAccount, options: SeedResolverRuleOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const id = `rslvr-rr-${account.nextId('').padStart(17, '0')}`;
  return account.put({
    type: RULE,
    arn: buildArn('route53resolver', region, account.accountId, `resolver-rule/${id}`),
    region,
    data: {
      id,
      domainName: options.domainName ?? 'corp.example.com.',
      endpointId: options.endpointId,
      targetIps: options.targetIps ?? ['192.168.0.2'],
      shareStatus: options.shareStatus ?? 'NOT_SHARED',
      ownerId: options.ownerId ?? account.accountId,
    },
  });
}

/** What Route 53 Resolver does minutes later: every endpoint being deleted is gone. */
export function finishResolverDeletions(account: FakeAccount): void {
  for (const e of account.list(ENDPOINT)) if (e.data.status === 'DELETING') account.remove(e.arn);
}

function endpointIn(account: FakeAccount, id: string, region: string): FakeResource {
  const endpoint = account.findBy(ENDPOINT, 'id', id, region);
  if (!endpoint) throw new FakeAwsError('ResourceNotFoundException', `[RSLVR-00100] Resolver endpoint with ID "${id}" does not exist.`);
  return endpoint;
}

function byArn(account: FakeAccount, arn: string): FakeResource {
  const r = account.find(arn);
  if (!r) throw new FakeAwsError('ResourceNotFoundException', `Resource ${arn} does not exist.`);
  return r;
}

function endpointOf(e: FakeResource): ResolverEndpoint {
  return {
    Id: e.data.id,
    Arn: e.arn,
    Name: e.data.name,
    Direction: e.data.direction,
    Status: e.data.status,
    IpAddressCount: e.data.ips.length,
    HostVPCId: e.data.vpcId,
    SecurityGroupIds: [...e.data.securityGroupIds],
    ResolverEndpointType: 'IPV4',
    Protocols: ['Do53'],
    CreatorRequestId: `req-${e.data.id}`,
    CreationTime: e.data.createdAt.toISOString(),
    ModificationTime: e.data.createdAt.toISOString(),
  };
}

function ruleOf(r: FakeResource): ResolverRule {
  return {
    Id: r.data.id,
    Arn: r.arn,
    DomainName: r.data.domainName,
    Name: r.data.domainName,
    RuleType: 'FORWARD',
    Status: 'COMPLETE',
    ResolverEndpointId: r.data.endpointId,
    TargetIps: r.data.targetIps.map((Ip: string) => ({ Ip, Port: 53 })),
    ShareStatus: r.data.shareStatus,
    OwnerId: r.data.ownerId,
  };
}

const pageSizeOf = (maxResults: number | undefined, account: FakeAccount) => {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > 100)) {
    throw new FakeAwsError('InvalidParameterException', 'MaxResults must be between 1 and 100.');
  }
  return Math.min(maxResults ?? 10, account.defaultPageSize);
};

export function installRoute53Resolver(account: FakeAccount) {
  const stub = fakeService(Route53ResolverClient, account);

  handle(stub, account, 'route53resolver', ListResolverEndpointsCommand, (input, region) => {
    if (input.Filters?.length) throw new FakeAwsError('InvalidParameterException', 'the fake does not filter endpoints');
    const { page, next } = paginate(account.list(ENDPOINT, region), input.NextToken, pageSizeOf(input.MaxResults, account));
    return { ResolverEndpoints: page.map(endpointOf), NextToken: next, MaxResults: input.MaxResults };
  });

  handle(stub, account, 'route53resolver', GetResolverEndpointCommand, (input, region) => ({
    ResolverEndpoint: endpointOf(endpointIn(account, required(input, 'ResolverEndpointId', 'InvalidParameterException'), region)),
  }));

  handle(stub, account, 'route53resolver', ListResolverEndpointIpAddressesCommand, (input, region) => {
    const e = endpointIn(account, required(input, 'ResolverEndpointId', 'InvalidParameterException'), region);
    const addresses: IpAddressResponse[] = e.data.ips.map((ip: string, i: number) => ({
      IpId: `rni-${e.data.id}-${i}`,
      SubnetId: `subnet-0${i}23456789abcdef0`,
      Ip: ip,
      Status: 'ATTACHED' as const,
    }));
    const { page, next } = paginate(addresses, input.NextToken, pageSizeOf(input.MaxResults, account));
    return { IpAddresses: page, NextToken: next, MaxResults: input.MaxResults };
  });

  handle(stub, account, 'route53resolver', ListResolverRulesCommand, (input, region) => {
    let rules = account.list(RULE, region);
    for (const filter of input.Filters ?? []) {
      if (filter.Name !== 'ResolverEndpointId')
        throw new FakeAwsError('InvalidParameterException', `the fake does not filter on ${filter.Name}`);
      rules = rules.filter((r) => (filter.Values ?? []).includes(r.data.endpointId));
    }
    const { page, next } = paginate(rules, input.NextToken, pageSizeOf(input.MaxResults, account));
    return { ResolverRules: page.map(ruleOf), NextToken: next, MaxResults: input.MaxResults };
  });

  handle(stub, account, 'route53resolver', DeleteResolverEndpointCommand, (input, region) => {
    const e = endpointIn(account, required(input, 'ResolverEndpointId', 'InvalidParameterException'), region);
    const rules = account.list(RULE, region).filter((r) => r.data.endpointId === e.data.id);
    if (rules.length > 0) {
      const ids = rules.map((r) => `"${r.data.id}"`).join(', ');
      throw new FakeAwsError(
        'InvalidRequestException',
        `[RSLVR-00600] Cannot delete resolver endpoint unless its related resolver rules are deleted. The following rules still exist for this resolver endpoint: ${ids}`,
      );
    }
    if (e.data.status !== 'OPERATIONAL' && e.data.status !== 'ACTION_NEEDED') {
      throw new FakeAwsError('InvalidRequestException', `Resolver endpoint ${e.data.id} is ${e.data.status}.`);
    }
    e.data.status = 'DELETING';
    return { ResolverEndpoint: endpointOf(e) };
  });

  // Handled so that a per-endpoint tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'route53resolver', ListTagsForResourceCommand, (input) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidParameterException'));
    const { page, next } = paginate(tagList(r.tags), input.NextToken, input.MaxResults ?? 50);
    return { Tags: page, NextToken: next };
  });
  handle(stub, account, 'route53resolver', TagResourceCommand, (input) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidParameterException'));
    account.setTags(r.arn, Object.fromEntries(required(input, 'Tags', 'InvalidParameterException').map((t) => [t.Key!, t.Value!])));
    return {};
  });
  handle(stub, account, 'route53resolver', UntagResourceCommand, (input) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidParameterException'));
    account.removeTags(r.arn, required(input, 'TagKeys', 'InvalidParameterException'));
    return {};
  });

  return stub;
}
