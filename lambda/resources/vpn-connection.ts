import { DeleteVpnConnectionCommand, DescribeVpnConnectionsCommand, EC2Client, type VpnConnection } from '@aws-sdk/client-ec2';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import type { ResourceType } from './resource-type';

const TYPE = 'ec2:vpn-connection';

/** Connections on their way out are not inventory. */
const GONE_STATES = new Set(['deleting', 'deleted']);

function protectionOf(connection: VpnConnection): string | undefined {
  // Cloud WAN owns the attachment of a VPN connection to its core network.
  if (connection.CoreNetworkArn) return `attached to Cloud WAN core network ${connection.CoreNetworkArn}`;
  return undefined;
}

function resourceOf(connection: VpnConnection, region: string, accountId: string): Resource | undefined {
  if (!connection.VpnConnectionId || GONE_STATES.has(connection.State ?? '')) return undefined;
  const tags = tagsFromList(connection.Tags);
  return {
    type: TYPE,
    arn: buildArn('ec2', region, accountId, `vpn-connection/${connection.VpnConnectionId}`),
    id: connection.VpnConnectionId,
    name: tags.Name,
    region,
    accountId,
    // EC2 reports no creation time for VPN connections: the minimum-age rule cannot apply to them.
    createdAt: undefined,
    tags,
    protectedBecause: protectionOf(connection),
    details: {
      state: connection.State,
      customerGatewayId: connection.CustomerGatewayId,
      vpnGatewayId: connection.VpnGatewayId,
      transitGatewayId: connection.TransitGatewayId,
    },
  };
}

/**
 * Site-to-Site VPN connections, to a virtual private gateway or a transit gateway (whose `vpn`
 * attachment goes with the connection). Their customer and virtual private gateways stay.
 */
export const vpnConnection: ResourceType = {
  id: TYPE,
  label: 'Site-to-Site VPN connection',
  tagsFromList: true,
  iam: {
    read: ['ec2:DescribeVpnConnections'],
    tag: ['ec2:CreateTags', 'ec2:DeleteTags'],
    delete: ['ec2:DeleteVpnConnection'],
  },
  // Before the transit gateway (60) its attachment holds.
  deletionOrder: 20,

  // Not paginated: every connection of the region in one response
  // (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpnConnections.html).
  async *list(clients) {
    const { region, accountId } = clients.target;
    const { VpnConnections } = await clients.get(EC2Client).send(new DescribeVpnConnectionsCommand({}));
    for (const connection of VpnConnections ?? []) {
      const resource = resourceOf(connection, region, accountId);
      if (resource) yield resource;
    }
  },

  async delete(clients, resource) {
    await clients.get(EC2Client).send(new DeleteVpnConnectionCommand({ VpnConnectionId: resource.id }));
    return { status: 'started', note: 'VPN connection deletion takes minutes; its customer and virtual private gateways stay' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/vpcconsole/home?region=${r.region}#VpnConnectionDetails:VpnConnectionId=${r.id}`,

  // $0.05 per connection-hour in us-east-1, plus data transfer out (https://aws.amazon.com/vpn/pricing/).
  costHint: () => '~$36/month + data transfer',
};
