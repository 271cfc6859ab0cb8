import { EC2Client, paginateDescribeRouteTables, type Route } from '@aws-sdk/client-ec2';
import {
  DeleteFirewallCommand,
  DescribeFirewallCommand,
  DescribeLoggingConfigurationCommand,
  type Firewall,
  type FirewallStatus,
  NetworkFirewallClient,
  paginateListFirewalls,
  UpdateFirewallDeleteProtectionCommand,
} from '@aws-sdk/client-network-firewall';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, noneIf, withoutMetadata } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome, RetryLaterError } from './resource-type';

/**
 * Not inventory: a firewall still PROVISIONING (being created, or its endpoints or policy still being
 * synced) or already DELETING. READY is the only state it takes traffic in
 * (https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_FirewallStatus.html).
 */
const NOT_INVENTORY = new Set(['PROVISIONING', 'DELETING']);

const NOT_FOUND = ['ResourceNotFoundException'];

/** us-east-1 list price per firewall endpoint (one per Availability Zone) and hour, https://aws.amazon.com/network-firewall/pricing/. */
const ENDPOINT_HOURLY = 0.395;

/** Route tables named in a skip reason; the rest are counted. */
const TABLES_NAMED = 5;

interface Described {
  readonly firewall: Firewall;
  readonly status: FirewallStatus;
  /** For optimistic locking: an update with it fails if the firewall changed since it was read. */
  readonly updateToken?: string;
}

async function describeFirewall(client: NetworkFirewallClient, arn: string): Promise<Described> {
  const out = await client.send(new DescribeFirewallCommand({ FirewallArn: arn }));
  if (!out.Firewall || !out.FirewallStatus) throw new Error(`firewall ${arn} was not returned`);
  return { firewall: out.Firewall, status: out.FirewallStatus, updateToken: out.UpdateToken };
}

/** One per firewall subnet; a transit gateway-attached firewall has zones instead of subnets. */
const endpointCount = (f: Firewall) => f.SubnetMappings?.length || f.AvailabilityZoneMappings?.length || 0;

const firewallDetails = ({ firewall: f, status }: Described) => ({
  status: status.Status,
  vpcId: f.VpcId,
  endpoints: endpointCount(f),
  deleteProtection: f.DeleteProtection,
  ...(f.TransitGatewayId ? { transitGatewayId: f.TransitGatewayId } : {}),
  ...(f.NumberOfAssociations ? { vpcEndpointAssociations: f.NumberOfAssociations } : {}),
});

async function completeOne(client: NetworkFirewallClient, resource: Resource): Promise<Resource | undefined> {
  const described = await noneIf(NOT_FOUND, () => describeFirewall(client, resource.arn));
  if (!described || NOT_INVENTORY.has(described.status.Status ?? '')) return undefined;
  // No creation time anywhere in the API (ListFirewalls, DescribeFirewall): the minimum-age rule cannot
  // apply; its FirewallId, new with each creation, tells a re-created firewall from the one announced.
  return {
    ...completedResource(resource, { details: firewallDetails(described) }),
    tags: tagsFromList(described.firewall.Tags),
    ...(described.firewall.FirewallId ? { identity: described.firewall.FirewallId } : {}),
  };
}

/**
 * Why the firewall must stay whatever VPC routes say, or undefined: traffic reaches it from where the
 * janitor does not look. A transit gateway-attached firewall takes what the gateway's route tables
 * (possibly another account's gateway) send to its attachment; VPC endpoint associations give it
 * endpoints in other VPCs, possibly other accounts', whose route tables point at them
 * (https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewalls.html).
 */
function keptBecause(f: Firewall, accountId: string): string | undefined {
  if (f.TransitGatewayId) {
    const owner =
      f.TransitGatewayOwnerAccountId && f.TransitGatewayOwnerAccountId !== accountId ? ` of account ${f.TransitGatewayOwnerAccountId}` : '';
    return (
      `attached to transit gateway ${f.TransitGatewayId}${owner}: traffic its route tables send to the firewall would be dropped ` +
      'once it is gone, and the janitor does not check those routes. Repoint them, then delete the firewall by hand'
    );
  }
  const associations = f.NumberOfAssociations ?? 0;
  if (associations > 0) {
    return (
      `${associations} VPC endpoint association(s) give it endpoints in other VPCs (possibly other accounts'), whose routes ` +
      'the janitor does not check. Repoint their routes and delete the associations first'
    );
  }
  return undefined;
}

/** A firewall endpoint is a Gateway Load Balancer endpoint, reported as a route's `GatewayId`; any field naming it counts. */
const targetsAny = (route: Route, endpointIds: ReadonlySet<string>) =>
  Object.values(route).some((v) => typeof v === 'string' && endpointIds.has(v));

const destinationOf = (r: Route) => r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '?';

/**
 * The VPC route tables (ingress ones on the internet gateway included) with a route through one of
 * the firewall's endpoints, as "rtb-1 (0.0.0.0/0), …". Endpoints live in the firewall's VPC and only
 * that VPC's routes can target them. DescribeRouteTables has no filter on a route's endpoint, so
 * routes are matched here; MaxResults is 5-100
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRouteTables.html).
 */
async function routeTablesThrough(ec2: EC2Client, vpcId: string, endpointIds: ReadonlySet<string>): Promise<string[]> {
  const tables: string[] = [];
  const pages = paginateDescribeRouteTables({ client: ec2, pageSize: 100 }, { Filters: [{ Name: 'vpc-id', Values: [vpcId] }] });
  for await (const page of pages) {
    for (const table of page.RouteTables ?? []) {
      const routes = (table.Routes ?? []).filter((r) => targetsAny(r, endpointIds));
      if (routes.length > 0) tables.push(`${table.RouteTableId ?? '?'} (${routes.map(destinationOf).join(', ')})`);
    }
  }
  return tables;
}

/** Why VPC routes keep it, or undefined. The endpoint ids come from the sync states, one per zone. */
async function routedBecause(ec2: EC2Client, { firewall, status }: Described): Promise<string | undefined> {
  const endpointIds = new Set(
    Object.values(status.SyncStates ?? {}).flatMap((s) => (s.Attachment?.EndpointId ? [s.Attachment.EndpointId] : [])),
  );
  if (!firewall.VpcId || endpointIds.size < endpointCount(firewall)) {
    throw new RetryLaterError(`firewall ${firewall.FirewallName} does not report every endpoint yet; its routes cannot be checked`);
  }
  const tables = await routeTablesThrough(ec2, firewall.VpcId, endpointIds);
  if (tables.length === 0) return undefined;
  const more = tables.length > TABLES_NAMED ? ` and ${tables.length - TABLES_NAMED} more` : '';
  return (
    `routes in ${tables.length} route table(s) of ${firewall.VpcId} send traffic through its endpoints: ` +
    `${tables.slice(0, TABLES_NAMED).join(', ')}${more}; that traffic would be dropped once the firewall is gone. Repoint the routes first`
  );
}

/**
 * AWS Network Firewall firewalls: one endpoint per Availability Zone, each billed by the hour,
 * sitting in the traffic path of the VPC routes that point at it. ListFirewalls has names and ARNs
 * only: `complete` reads each candidate's state and tags from DescribeFirewall. A firewall that
 * routes still send traffic through (or that traffic reaches from where the janitor cannot see) is
 * skipped, naming what to repoint. Its firewall policy and rule groups (free) are left alone.
 */
export const networkFirewall = pagedType({
  // Tagging API type `network-firewall:firewall`, ARN `arn:aws:network-firewall:{region}:{account}:firewall/{name}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsnetworkfirewall.html), the firewall's FirewallArn.
  id: 'network-firewall:firewall',
  label: 'Network Firewall firewall',
  tagsFromList: false,
  completeReadsTags: true,
  // list_awsnetworkfirewall.html: DeleteFirewall, UpdateFirewallDeleteProtection, TagResource and UntagResource
  // authorize against `Firewall`, which supports aws:ResourceTag. DescribeRouteTables has no resource type (read on `*`).
  iam: {
    read: [
      'network-firewall:ListFirewalls',
      'network-firewall:DescribeFirewall',
      'network-firewall:DescribeLoggingConfiguration',
      'ec2:DescribeRouteTables',
    ],
    tag: ['network-firewall:TagResource', 'network-firewall:UntagResource'],
    delete: ['network-firewall:DeleteFirewall', 'network-firewall:UpdateFirewallDeleteProtection'],
  },
  // Its endpoints are ENIs in its subnets, nothing the janitor's other types wait for.
  deletionOrder: 50,

  listing: {
    // MaxResults is 1-100 (https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListFirewalls.html).
    pages: (clients) => paginateListFirewalls({ client: clients.get(NetworkFirewallClient), pageSize: 100 }, {}),
    items: (page) => page.Firewalls,
    resource: (f) => {
      if (!f.FirewallArn || !f.FirewallName) return undefined;
      const details = f.TransitGatewayAttachmentId ? { transitGatewayAttachmentId: f.TransitGatewayAttachmentId } : undefined;
      return { arn: f.FirewallArn, id: f.FirewallArn, name: f.FirewallName, details, needsCompletion: true };
    },
  },

  // DescribeFirewall for each candidate: state, endpoints and tags in one call.
  complete: (clients, resources) => readEach(resources, (r) => completeOne(clients.get(NetworkFirewallClient), r)),

  async delete(clients, resource, options): Promise<DeletionOutcome> {
    const nfw = clients.get(NetworkFirewallClient);
    // Read again: routes, protection and endpoints may all have changed since it was marked.
    const described = await describeFirewall(nfw, resource.arn);
    const { firewall, status } = described;
    if (status.Status === 'DELETING') return { status: 'started', note: 'the firewall was already being deleted' };
    if (status.Status !== 'READY') throw new RetryLaterError(`firewall ${resource.name} is ${status.Status}`);
    const kept = keptBecause(firewall, resource.accountId);
    if (kept) return { status: 'skipped', reason: kept };
    // DeleteFirewall requires DeleteProtection false
    // (https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_DeleteFirewall.html).
    if (firewall.DeleteProtection && !options.disableProtection) {
      return { status: 'skipped', reason: 'deletion protection is on (deletion.disableProtection switches it off first)' };
    }
    const routed = await routedBecause(clients.get(EC2Client), described);
    if (routed) return { status: 'skipped', reason: routed };
    if (firewall.DeleteProtection) {
      // With the token read above: fails (InvalidTokenException) if the firewall changed since.
      await nfw.send(
        new UpdateFirewallDeleteProtectionCommand({
          FirewallArn: resource.arn,
          DeleteProtection: false,
          UpdateToken: described.updateToken,
        }),
      );
    }
    // Asynchronous: the firewall is DELETING while its endpoints are removed.
    await nfw.send(new DeleteFirewallCommand({ FirewallArn: resource.arn }));
    const protection = firewall.DeleteProtection ? '; deletion protection switched off first' : '';
    return {
      status: 'started',
      note: `its ${endpointCount(firewall)} endpoint(s) are being removed; no route of ${firewall.VpcId} went through them${protection}`,
    };
  },

  // Policy, subnets, protections, encryption and logging destinations: what recreating it takes.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const nfw = clients.get(NetworkFirewallClient);
      const firewall = withoutMetadata(await nfw.send(new DescribeFirewallCommand({ FirewallArn: resource.arn })));
      const logging = await nfw.send(new DescribeLoggingConfigurationCommand({ FirewallArn: resource.arn }));
      return { ...firewall, loggingConfiguration: logging.LoggingConfiguration };
    }),

  consoleUrl: (r) =>
    `${consoleBase(r.region)}/vpcconsole/home?region=${r.region}#FirewallDetails:firewallName=${encodeURIComponent(r.name ?? r.id)}`,

  costHint: (r) => {
    const endpoints = Number(r.details?.endpoints);
    if (!Number.isInteger(endpoints) || endpoints < 1) return undefined;
    return `~$${Math.round(ENDPOINT_HOURLY * endpoints * 730)}/month (${endpoints} endpoints) + data processed`;
  },
});
