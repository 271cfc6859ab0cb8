import { describe, expect, it } from 'vitest';
import { vpnConnection } from '../../lambda/resources/vpn-connection';
import { installEc2, seedTransitGatewayAttachment, seedVpnConnection } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: vpnConnection,
    installers: [installEc2],
    seed: seedVpnConnection,
    deleteCommand: 'DeleteVpnConnection',
    slowDeletion: true,
    unpaginated: true,
    goneError: 'InvalidVpnConnectionID.NotFound',
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('returns the connection with its gateways (EC2 reports no creation time)', async () => {
        const connection = seedVpnConnection(h.account, { tags: { Name: 'office' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:vpn-connection',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:vpn-connection/${connection.data.vpnConnectionId}`,
            id: connection.data.vpnConnectionId,
            name: 'office',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: undefined,
            tags: { Name: 'office' },
            protectedBecause: undefined,
            details: {
              state: 'available',
              customerGatewayId: connection.data.customerGatewayId,
              vpnGatewayId: connection.data.vpnGatewayId,
              transitGatewayId: undefined,
            },
          },
        ]);
      });

      it('leaves out connections being deleted or deleted', async () => {
        const kept = seedVpnConnection(h.account);
        seedVpnConnection(h.account, { state: 'deleting' });
        seedVpnConnection(h.account, { state: 'deleted' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });

      it('protects a connection attached to a Cloud WAN core network', async () => {
        const coreNetworkArn = 'arn:aws:networkmanager::123456789012:core-network/core-network-0abc';
        const connection = seedVpnConnection(h.account, { coreNetworkArn });

        expect((await h.listed(connection.arn)).protectedBecause).toBe(`attached to Cloud WAN core network ${coreNetworkArn}`);
      });
    });

    describe('deletion', () => {
      it('only starts the deletion, and takes its transit gateway attachment with it', async () => {
        const connection = seedVpnConnection(h.account, { transitGatewayId: 'tgw-0123' });
        const attachment = seedTransitGatewayAttachment(h.account, { resourceType: 'vpn', resourceId: connection.data.vpnConnectionId });

        expect(await h.deleteListed(connection.arn)).toEqual({
          status: 'started',
          note: 'VPN connection deletion takes minutes; its customer and virtual private gateways stay',
        });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['DeleteVpnConnection', { VpnConnectionId: connection.data.vpnConnectionId }],
        ]);
        expect(await h.listAll()).toEqual([]);
        h.account.settle();
        expect(h.account.exists(attachment.arn)).toBe(false);
      });

      it('goes before the transit gateway its attachment holds', async () => {
        const { transitGateway } = await import('../../lambda/resources/transit-gateway');
        expect(vpnConnection.deletionOrder!).toBeLessThan(transitGateway.deletionOrder!);
        expect(await vpnConnection.delete(h.clients, await h.listed(seedVpnConnection(h.account).arn), DEFAULT_DELETION)).toMatchObject({
          status: 'started',
        });
      });
    });

    it('costs the connection hours', async () => {
      const listed = await h.listed(seedVpnConnection(h.account).arn);
      expect(vpnConnection.costHint?.(listed)).toBe('~$36/month + data transfer');
    });
  },
);
