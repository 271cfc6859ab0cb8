import {
  DeleteResolverEndpointCommand,
  GetResolverEndpointCommand,
  paginateListResolverEndpointIpAddresses,
  paginateListResolverEndpoints,
  paginateListResolverRules,
  paginateListTagsForResource,
  type ResolverEndpoint,
  type ResolverRule,
  Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { consoleBase } from '../aws/arn';
import type { Resource, Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, noneIf } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome, RetryLaterError } from './resource-type';

/**
 * Not inventory: an endpoint still being created (not judged yet) or already being deleted
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ResolverEndpoint.html).
 */
const NOT_INVENTORY = new Set(['CREATING', 'DELETING']);

/** Changing on its own (IP addresses being added or removed, an ENI being replaced): retried in a later wave. */
const IN_FLUX = new Set(['UPDATING', 'AUTO_RECOVERING']);

const NOT_FOUND = ['ResourceNotFoundException'];

/** us-east-1 list price per endpoint IP address (one ENI each), https://aws.amazon.com/route53/pricing/. */
const ENI_HOURLY = 0.125;

/** Rules named in a skip reason; the rest are counted. */
const RULES_NAMED = 5;

/**
 * `CreationTime` is a string: ISO 8601 in AWS's examples, "Unix time format" in the API reference's
 * prose. Either is read; anything else leaves the creation time unknown rather than guessed.
 */
export function creationTimeOf(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = /^\d+(\.\d+)?$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const endpointDetails = (e: ResolverEndpoint) => ({
  direction: e.Direction,
  status: e.Status,
  ipAddressCount: e.IpAddressCount,
  vpcId: e.HostVPCId,
  endpointType: e.ResolverEndpointType,
  ...(e.OutpostArn ? { outpostArn: e.OutpostArn } : {}),
});

async function getEndpoint(client: Route53ResolverClient, id: string): Promise<ResolverEndpoint> {
  const { ResolverEndpoint: endpoint } = await client.send(new GetResolverEndpointCommand({ ResolverEndpointId: id }));
  if (!endpoint) throw new Error(`Resolver endpoint ${id} was not returned`);
  return endpoint;
}

async function endpointTags(client: Route53ResolverClient, arn: string): Promise<Tags> {
  const tags: { Key?: string; Value?: string }[] = [];
  for await (const page of paginateListTagsForResource({ client }, { ResourceArn: arn })) tags.push(...(page.Tags ?? []));
  return tagsFromList(tags);
}

async function rulesWhere(client: Route53ResolverClient, filters: { Name: string; Values: string[] }[]): Promise<ResolverRule[]> {
  const rules: ResolverRule[] = [];
  for await (const page of paginateListResolverRules({ client, pageSize: 100 }, filters.length > 0 ? { Filters: filters } : {})) {
    rules.push(...(page.ResolverRules ?? []));
  }
  return rules;
}

async function endpointIps(client: Route53ResolverClient, id: string): Promise<string[]> {
  const ips: string[] = [];
  for await (const page of paginateListResolverEndpointIpAddresses({ client, pageSize: 100 }, { ResolverEndpointId: id })) {
    for (const a of page.IpAddresses ?? []) ips.push(...[a.Ip, a.Ipv6].filter((ip): ip is string => Boolean(ip)));
  }
  return ips;
}

/** "rslvr-rr-1 (corp.example.com., shared through RAM), rslvr-rr-2 (…) and 3 more". */
function ruleList(rules: readonly ResolverRule[]): string {
  const named = rules.slice(0, RULES_NAMED).map((r) => {
    const shared =
      r.ShareStatus === 'SHARED_BY_ME'
        ? ', shared through RAM with other accounts'
        : r.ShareStatus === 'SHARED_WITH_ME'
          ? `, account ${r.OwnerId ?? '?'}'s, shared with this one`
          : '';
    return `${r.Id ?? '?'} (${r.DomainName ?? r.Name ?? 'no domain'}${shared})`;
  });
  const more = rules.length > RULES_NAMED ? ` and ${rules.length - RULES_NAMED} more` : '';
  return `${named.join(', ')}${more}`;
}

/**
 * Why the endpoint must stay, or undefined. An outbound endpoint: the forwarding rules that send
 * queries through it (AWS refuses the deletion while any exists, "[RSLVR-00600] Cannot delete
 * resolver endpoint unless its related resolver rules are deleted"; their VPC associations, in this
 * account or, for a rule shared through RAM, in others, would lose the forwarding). An inbound
 * endpoint: this account's rules forwarding to its addresses (a hub's outbound rules, say), which
 * AWS does not check; DNS servers elsewhere (on premises, other accounts' rules) cannot be seen.
 */
async function keptBecause(client: Route53ResolverClient, id: string, endpoint: ResolverEndpoint): Promise<string | undefined> {
  if (endpoint.Direction === 'OUTBOUND') {
    // ListResolverRules' ResolverEndpointId filter (FORWARD rules, the only ones an endpoint serves):
    // https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_Filter.html
    const rules = await rulesWhere(client, [{ Name: 'ResolverEndpointId', Values: [id] }]);
    if (rules.length === 0) return undefined;
    return `outbound endpoint used by ${rules.length} Resolver rule(s): ${ruleList(rules)}; VPCs associated with them would stop forwarding those domains. Delete or repoint the rules first`;
  }
  const ips = new Set(await endpointIps(client, id));
  if (ips.size === 0) return undefined;
  const targeting = (await rulesWhere(client, [])).filter((r) =>
    (r.TargetIps ?? []).some((t) => ips.has(t.Ip ?? '') || ips.has(t.Ipv6 ?? '')),
  );
  if (targeting.length === 0) return undefined;
  return `inbound endpoint that ${targeting.length} Resolver rule(s) of this account forward to: ${ruleList(targeting)}. Repoint the rules first`;
}

async function completeOne(client: Route53ResolverClient, resource: Resource): Promise<Resource | undefined> {
  const endpoint = await noneIf(NOT_FOUND, () => getEndpoint(client, resource.id));
  if (!endpoint || NOT_INVENTORY.has(endpoint.Status ?? '')) return undefined;
  const tags = await noneIf(NOT_FOUND, () => endpointTags(client, resource.arn));
  if (!tags) return undefined;
  return { ...completedResource(resource, { createdAt: creationTimeOf(endpoint.CreationTime), details: endpointDetails(endpoint) }), tags };
}

/**
 * Route 53 Resolver inbound and outbound endpoints: the ENIs (two or more, one per IP address) that
 * carry DNS queries between VPCs and other networks. ListResolverEndpoints has state, direction and
 * IP address count but no tags: `complete` reads each candidate's from Route 53 Resolver itself.
 * The forwarding rules that use an endpoint are not a type of the janitor's: an endpoint that rules
 * still use is skipped, naming them.
 */
export const route53ResolverEndpoint = pagedType({
  // Tagging API type `route53resolver:resolver-endpoint`, ARN `arn:aws:route53resolver:{region}:{account}:resolver-endpoint/{id}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonroute53resolver.html), the endpoint's Arn.
  id: 'route53resolver:resolver-endpoint',
  label: 'Route 53 Resolver endpoint',
  tagsFromList: false,
  completeReadsTags: true,
  // list_amazonroute53resolver.html: DeleteResolverEndpoint, TagResource and UntagResource authorize against
  // `resolver-endpoint`, which supports aws:ResourceTag; the List calls have no resource type (read on `*`).
  iam: {
    read: [
      'route53resolver:ListResolverEndpoints',
      'route53resolver:GetResolverEndpoint',
      'route53resolver:ListTagsForResource',
      'route53resolver:ListResolverRules',
      'route53resolver:ListResolverEndpointIpAddresses',
    ],
    tag: ['route53resolver:TagResource', 'route53resolver:UntagResource'],
    delete: ['route53resolver:DeleteResolverEndpoint'],
  },
  // Before security groups (80): the endpoint's ENIs hold its groups until they are gone.
  deletionOrder: 50,

  listing: {
    // MaxResults is 1-100 (https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_ListResolverEndpoints.html).
    pages: (clients) => paginateListResolverEndpoints({ client: clients.get(Route53ResolverClient), pageSize: 100 }, {}),
    items: (page) => page.ResolverEndpoints,
    resource: (e) => {
      if (!e.Id || !e.Arn || NOT_INVENTORY.has(e.Status ?? '')) return undefined;
      return { arn: e.Arn, id: e.Id, name: e.Name || undefined, details: endpointDetails(e), needsCompletion: true };
    },
  },

  // GetResolverEndpoint (state, creation time) and ListTagsForResource for each candidate.
  complete: (clients, resources) => readEach(resources, (r) => completeOne(clients.get(Route53ResolverClient), r)),

  async delete(clients, resource): Promise<DeletionOutcome> {
    const client = clients.get(Route53ResolverClient);
    // Read again: rules may have been pointed at it, or its addresses changed, since it was listed.
    const endpoint = await getEndpoint(client, resource.id);
    if (endpoint.Status === 'DELETING') return { status: 'started', note: 'the endpoint was already being deleted' };
    if (endpoint.Status === 'CREATING' || IN_FLUX.has(endpoint.Status ?? '')) {
      throw new RetryLaterError(`Resolver endpoint ${resource.id} is ${endpoint.Status}`);
    }
    const kept = await keptBecause(client, resource.id, endpoint);
    if (kept) return { status: 'skipped', reason: kept };
    // Asynchronous: the endpoint is DELETING while its ENIs are removed
    // (https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_DeleteResolverEndpoint.html).
    await client.send(new DeleteResolverEndpointCommand({ ResolverEndpointId: resource.id }));
    const effect =
      endpoint.Direction === 'OUTBOUND'
        ? 'no Resolver rule used it'
        : 'DNS servers that forward to its addresses (on premises, or rules in other accounts) get no answer from it any more';
    return { status: 'started', note: `its ${endpoint.IpAddressCount ?? 'network'} IP address(es) are being released; ${effect}` };
  },

  // Direction, VPC, security groups, protocols, and each IP address with its subnet: what recreating it takes.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const client = clients.get(Route53ResolverClient);
      const endpoint = await getEndpoint(client, resource.id);
      const ipAddresses = [];
      for await (const page of paginateListResolverEndpointIpAddresses({ client, pageSize: 100 }, { ResolverEndpointId: resource.id })) {
        ipAddresses.push(...(page.IpAddresses ?? []).map((a) => ({ subnetId: a.SubnetId, ip: a.Ip, ipv6: a.Ipv6 })));
      }
      return { endpoint, ipAddresses };
    }),

  // The console's endpoint list of the endpoint's direction (its detail page is one click away).
  consoleUrl: (r) =>
    `${consoleBase(r.region)}/route53resolver/home?region=${r.region}#/${r.details?.direction === 'OUTBOUND' ? 'outbound' : 'inbound'}-endpoints`,

  costHint: (r) => {
    const enis = Number(r.details?.ipAddressCount);
    if (!Number.isInteger(enis) || enis < 1) return undefined;
    return `~$${Math.round(ENI_HOURLY * enis * 730)}/month (${enis} IP addresses) + $0.40 per million queries`;
  },
});
