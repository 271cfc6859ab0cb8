import { DescribeRouteTablesCommand, EC2Client, type Route } from '@aws-sdk/client-ec2';
import {
  DeleteFirewallCommand,
  DescribeFirewallCommand,
  DescribeLoggingConfigurationCommand,
  type Firewall,
  type FirewallStatus,
  type FirewallStatusValue,
  ListFirewallsCommand,
  ListTagsForResourceCommand,
  NetworkFirewallClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFirewallDeleteProtectionCommand,
} from '@aws-sdk/client-network-firewall';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * AWS Network Firewall firewalls (`network-firewall:firewall`), one endpoint (`vpce-…`) per
 * Availability Zone, and (stand-in, see `installFirewallRouteTables`) the VPC route tables that may
 * send traffic to those endpoints. DeleteFirewall refuses while delete protection is on, as AWS
 * does, and moves the firewall to DELETING; `finishFirewallDeletions` plays the minutes after.
 * Network Firewall reports no creation time, so none is stored.
 */

const FIREWALL = 'network-firewall:firewall';
const ROUTE_TABLE = 'ec2:route-table';

export interface SeedFirewallOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  /** Accepted for the shared seed signature; Network Firewall has no creation time to report. */
  createdAt?: Date;
  status?: FirewallStatusValue;
  /** AWS turns it on at creation; off here so that the contract battery can delete. */
  deleteProtection?: boolean;
  /** One firewall subnet (and endpoint) per zone; two by default. */
  zones?: string[];
  vpcId?: string;
  /** A transit gateway-attached firewall: its endpoints sit in AWS-managed subnets, no subnet mappings. */
  transitGateway?: { id: string; ownerAccountId?: string; attachmentId?: string };
  /** VpcEndpointAssociations that give it endpoints in other VPCs. */
  associations?: number;
}

export function seedFirewall(account: FakeAccount, options: SeedFirewallOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const name = options.name ?? account.nextId('firewall-');
  const zones = options.zones ?? [`${region}a`, `${region}b`];
  // Unique per creation, as AWS's FirewallId is: a firewall re-created under the same name gets a new one.
  const n = Number.parseInt(account.nextId(''), 16);
  const tgw = options.transitGateway;
  return account.put({
    type: FIREWALL,
    arn: buildArn('network-firewall', region, account.accountId, `firewall/${name}`),
    region,
    tags: options.tags,
    data: {
      name,
      id: `${n.toString(16).padStart(8, '0')}-1a2b-3c4d-5e6f-0123456789ab`,
      status: options.status ?? 'READY',
      deleteProtection: options.deleteProtection ?? false,
      vpcId: tgw ? undefined : (options.vpcId ?? 'vpc-0123456789abcdef0'),
      endpoints: zones.map((zone, i) => ({
        zone,
        subnetId: tgw ? undefined : `subnet-0${i}${n.toString(16).padStart(15, '0')}`,
        endpointId: `vpce-0${i}${n.toString(16).padStart(15, '0')}`,
      })),
      transitGateway: tgw,
      associations: options.associations ?? 0,
      updateToken: `token-${account.nextId('')}`,
    },
  });
}

export interface SeedRouteTableOptions {
  region?: string;
  vpcId?: string;
  /** Destination CIDR and target (`GatewayId`, where EC2 reports a Gateway Load Balancer endpoint such as a firewall's). */
  routes?: { destination: string; gatewayId: string }[];
}

export function seedRouteTable(account: FakeAccount, options: SeedRouteTableOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const id = `rtb-${account.nextId('').padStart(17, '0')}`;
  return account.put({
    type: ROUTE_TABLE,
    arn: buildArn('ec2', region, account.accountId, `route-table/${id}`),
    region,
    data: { routeTableId: id, vpcId: options.vpcId ?? 'vpc-0123456789abcdef0', routes: options.routes ?? [] },
  });
}

/** The endpoint ids of a seeded firewall, in zone order. */
export const endpointIdsOf = (firewall: FakeResource): string[] => firewall.data.endpoints.map((e: { endpointId: string }) => e.endpointId);

/** What Network Firewall does minutes later: every firewall being deleted is gone. */
export function finishFirewallDeletions(account: FakeAccount): void {
  for (const f of account.list(FIREWALL)) if (f.data.status === 'DELETING') account.remove(f.arn);
}

function firewallIn(account: FakeAccount, input: { FirewallArn?: string; FirewallName?: string }, region: string): FakeResource {
  const found = input.FirewallArn
    ? account.find(input.FirewallArn)
    : input.FirewallName
      ? account.findBy(FIREWALL, 'name', input.FirewallName, region)
      : undefined;
  if (!input.FirewallArn && !input.FirewallName) throw new FakeAwsError('InvalidRequestException', 'You must specify the ARN or the name');
  if (!found || found.type !== FIREWALL || found.region !== region) {
    throw new FakeAwsError('ResourceNotFoundException', `Firewall ${input.FirewallArn ?? input.FirewallName} not found`);
  }
  return found;
}

function firewallOf(f: FakeResource): Firewall {
  const tgw = f.data.transitGateway;
  return {
    FirewallName: f.data.name,
    FirewallArn: f.arn,
    FirewallId: f.data.id,
    FirewallPolicyArn: f.arn.replace(/:firewall\/.*/, ':firewall-policy/inspection'),
    VpcId: f.data.vpcId,
    SubnetMappings: tgw ? [] : f.data.endpoints.map((e: { subnetId: string }) => ({ SubnetId: e.subnetId, IPAddressType: 'IPV4' })),
    DeleteProtection: f.data.deleteProtection,
    SubnetChangeProtection: false,
    FirewallPolicyChangeProtection: false,
    Tags: tagList(f.tags),
    NumberOfAssociations: f.data.associations,
    ...(tgw
      ? {
          TransitGatewayId: tgw.id,
          TransitGatewayOwnerAccountId: tgw.ownerAccountId ?? f.arn.split(':')[4],
          AvailabilityZoneMappings: f.data.endpoints.map((e: { zone: string }) => ({ AvailabilityZone: e.zone })),
        }
      : {}),
  };
}

function statusOf(f: FakeResource): FirewallStatus {
  const attachment = f.data.status === 'READY' ? 'READY' : f.data.status === 'DELETING' ? 'DELETING' : 'CREATING';
  const tgw = f.data.transitGateway;
  return {
    Status: f.data.status,
    ConfigurationSyncStateSummary: f.data.status === 'READY' ? 'IN_SYNC' : 'PENDING',
    SyncStates: Object.fromEntries(
      f.data.endpoints.map((e: { zone: string; subnetId?: string; endpointId: string }) => [
        e.zone,
        { Attachment: { SubnetId: e.subnetId, EndpointId: e.endpointId, Status: attachment } },
      ]),
    ),
    ...(tgw?.attachmentId
      ? { TransitGatewayAttachmentSyncState: { AttachmentId: tgw.attachmentId, TransitGatewayAttachmentStatus: 'READY' } }
      : {}),
  };
}

export function installNetworkFirewall(account: FakeAccount) {
  const stub = fakeService(NetworkFirewallClient, account);

  // MaxResults 1–100 (https://docs.aws.amazon.com/network-firewall/latest/APIReference/API_ListFirewalls.html). Firewalls being deleted are still listed.
  handle(stub, account, 'network-firewall', ListFirewallsCommand, (input, region) => {
    if (input.VpcIds?.length) throw new FakeAwsError('InvalidRequestException', 'the fake does not filter firewalls by VPC');
    if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > 100)) {
      throw new FakeAwsError('InvalidRequestException', 'MaxResults must be between 1 and 100');
    }
    const pageSize = Math.min(input.MaxResults ?? 100, account.defaultPageSize);
    const { page, next } = paginate(account.list(FIREWALL, region), input.NextToken, pageSize);
    return {
      Firewalls: page.map((f) => ({
        FirewallName: f.data.name,
        FirewallArn: f.arn,
        ...(f.data.transitGateway?.attachmentId ? { TransitGatewayAttachmentId: f.data.transitGateway.attachmentId } : {}),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'network-firewall', DescribeFirewallCommand, (input, region) => {
    const f = firewallIn(account, input, region);
    return { UpdateToken: f.data.updateToken, Firewall: firewallOf(f), FirewallStatus: statusOf(f) };
  });

  handle(stub, account, 'network-firewall', DescribeLoggingConfigurationCommand, (input, region) => {
    const f = firewallIn(account, input, region);
    return { FirewallArn: f.arn, LoggingConfiguration: { LogDestinationConfigs: [] } };
  });

  // The token, when given, must be the current one (optimistic locking), as AWS checks.
  handle(stub, account, 'network-firewall', UpdateFirewallDeleteProtectionCommand, (input, region) => {
    const f = firewallIn(account, input, region);
    const protect = required(input, 'DeleteProtection', 'InvalidRequestException');
    if (input.UpdateToken !== undefined && input.UpdateToken !== f.data.updateToken) {
      throw new FakeAwsError('InvalidTokenException', 'The token you provided is stale or is not valid for the operation.');
    }
    f.data.deleteProtection = protect;
    f.data.updateToken = `token-${account.nextId('')}`;
    return { FirewallArn: f.arn, FirewallName: f.data.name, DeleteProtection: protect, UpdateToken: f.data.updateToken };
  });

  handle(stub, account, 'network-firewall', DeleteFirewallCommand, (input, region) => {
    const f = firewallIn(account, input, region);
    if (f.data.deleteProtection) {
      throw new FakeAwsError('InvalidOperationException', `Firewall ${f.data.name} has delete protection enabled.`);
    }
    if (f.data.status !== 'READY') throw new FakeAwsError('InvalidOperationException', `Firewall ${f.data.name} is ${f.data.status}.`);
    f.data.status = 'DELETING';
    return { Firewall: firewallOf(f), FirewallStatus: statusOf(f) };
  });

  // Handled so that a per-firewall tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'network-firewall', ListTagsForResourceCommand, (input) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidRequestException'));
    const { page, next } = paginate(tagList(r.tags), input.NextToken, input.MaxResults ?? 100);
    return { Tags: page, NextToken: next };
  });
  handle(stub, account, 'network-firewall', TagResourceCommand, (input) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidRequestException'));
    account.setTags(r.arn, Object.fromEntries(required(input, 'Tags', 'InvalidRequestException').map((t) => [t.Key!, t.Value!])));
    return {};
  });
  handle(stub, account, 'network-firewall', UntagResourceCommand, (input) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidRequestException'));
    account.removeTags(r.arn, required(input, 'TagKeys', 'InvalidRequestException'));
    return {};
  });

  return stub;
}

function byArn(account: FakeAccount, arn: string): FakeResource {
  const r = account.find(arn);
  if (!r) throw new FakeAwsError('ResourceNotFoundException', `Resource ${arn} not found`);
  return r;
}

/**
 * STAND-IN until the EC2 fake (ec2.ts) answers DescribeRouteTables: a second EC2 fake that answers
 * only that call (mockFakeServices and the HTTP endpoint both merge fakes of one client). Filters
 * `vpc-id` and `route.gateway-id`; MaxResults 5–100
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRouteTables.html).
 */
export function installFirewallRouteTables(account: FakeAccount) {
  const stub = fakeService(EC2Client, account);
  handle(stub, account, 'ec2', DescribeRouteTablesCommand, (input, region) => {
    if (input.RouteTableIds?.length) throw new FakeAwsError('InvalidParameterValue', 'the fake does not look up route tables by id');
    if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 100)) {
      throw new FakeAwsError(
        'InvalidParameterValue',
        `Value (${input.MaxResults}) for parameter maxResults is invalid. Expecting a value between 5 and 100.`,
      );
    }
    const tables = account.list(ROUTE_TABLE, region).filter((t) =>
      (input.Filters ?? []).every(({ Name, Values = [] }) => {
        if (Name === 'vpc-id') return Values.includes(t.data.vpcId);
        if (Name === 'route.gateway-id') return t.data.routes.some((r: { gatewayId: string }) => Values.includes(r.gatewayId));
        throw new Error(`the route-table fake does not implement filter ${Name}`);
      }),
    );
    const { page, next } = paginate(tables, input.NextToken || undefined, Math.min(input.MaxResults ?? 100, account.defaultPageSize));
    return {
      RouteTables: page.map((t) => ({
        RouteTableId: t.data.routeTableId,
        VpcId: t.data.vpcId,
        OwnerId: account.accountId,
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
          ...t.data.routes.map(
            (r: { destination: string; gatewayId: string }): Route => ({
              DestinationCidrBlock: r.destination,
              GatewayId: r.gatewayId,
              Origin: 'CreateRoute',
              State: 'active',
            }),
          ),
        ],
        Associations: [],
      })),
      NextToken: next,
    };
  });
  return stub;
}
