import { describe, expect, it } from 'vitest';
import { transitGatewayAttachment } from '../../lambda/resources/transit-gateway-attachment';
import { installEc2, seedTransitGateway, seedTransitGatewayAttachment } from '../fakes/services/ec2';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: transitGatewayAttachment,
    installers: [installEc2],
    seed: seedTransitGatewayAttachment,
    deleteCommand: 'DeleteTransitGatewayVpcAttachment',
    slowDeletion: true,
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('returns the attachment with its kind, what it attaches, its gateway and creation time', async () => {
        const creationTime = new Date('2026-05-04T10:00:00Z');
        const gateway = seedTransitGateway(h.account);
        const attachment = seedTransitGatewayAttachment(h.account, { transitGateway: gateway, creationTime, resourceId: 'vpc-0111' });

        expect(await h.listed(attachment.arn)).toEqual({
          type: 'ec2:transit-gateway-attachment',
          arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:transit-gateway-attachment/${attachment.data.attachmentId}`,
          id: attachment.data.attachmentId,
          name: undefined,
          region: REGION,
          accountId: h.account.accountId,
          createdAt: creationTime,
          tags: {},
          protectedBecause: undefined,
          details: { state: 'available', resourceType: 'vpc', resourceId: 'vpc-0111', transitGatewayId: gateway.data.transitGatewayId },
        });
      });

      it('leaves out attachments being deleted, deleted, rejected or failed', async () => {
        const kept = seedTransitGatewayAttachment(h.account);
        for (const state of ['deleting', 'deleted', 'rejecting', 'rejected', 'failing', 'failed'])
          seedTransitGatewayAttachment(h.account, { state });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('protections', () => {
      it("protects an attachment to another account's gateway shared through RAM, and another account's VPC on ours", async () => {
        const shared = seedTransitGateway(h.account, { ownerId: '210987654321' });
        const toShared = seedTransitGatewayAttachment(h.account, { transitGateway: shared });
        const theirVpc = seedTransitGatewayAttachment(h.account, { resourceOwnerId: '345678901234', resourceId: 'vpc-0999' });

        expect((await h.listed(toShared.arn)).protectedBecause).toBe(
          `attaches to transit gateway ${shared.data.transitGatewayId} of account 210987654321 (shared through AWS RAM)`,
        );
        expect((await h.listed(theirVpc.arn)).protectedBecause).toBe('its vpc vpc-0999 belongs to account 345678901234');
      });

      it('protects VPN, Direct Connect and network-function attachments, and Cloud WAN peerings, which other APIs own', async () => {
        const vpn = seedTransitGatewayAttachment(h.account, { resourceType: 'vpn', resourceId: 'vpn-0123' });
        const dx = seedTransitGatewayAttachment(h.account, { resourceType: 'direct-connect-gateway' });
        const nf = seedTransitGatewayAttachment(h.account, { resourceType: 'network-function' });
        const wan = seedTransitGatewayAttachment(h.account, { resourceType: 'peering', resourceId: 'core-network-0abc' });
        const peering = seedTransitGatewayAttachment(h.account, { resourceType: 'peering' });

        expect((await h.listed(vpn.arn)).protectedBecause).toBe('deleted with its VPN connection vpn-0123 (type ec2:vpn-connection)');
        expect((await h.listed(dx.arn)).protectedBecause).toBe('a direct-connect-gateway attachment, managed through its own service');
        expect((await h.listed(nf.arn)).protectedBecause).toBe('a network-function attachment, managed through its own service');
        expect((await h.listed(wan.arn)).protectedBecause).toBe('peers with core-network-0abc, not a transit gateway (Cloud WAN)');
        expect((await h.listed(peering.arn)).protectedBecause).toBeUndefined();
      });
    });

    describe('deletion', () => {
      it('deletes each kind through its own call and only starts the deletion; the next run no longer lists it', async () => {
        const vpc = seedTransitGatewayAttachment(h.account);
        const peering = seedTransitGatewayAttachment(h.account, { resourceType: 'peering' });
        const connect = seedTransitGatewayAttachment(h.account, { resourceType: 'connect' });
        const started = { status: 'started', note: 'attachment deletion takes minutes; its transit gateway can go once it is gone' };

        for (const a of [vpc, peering, connect]) expect(await h.deleteListed(a.arn)).toEqual(started);

        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['DeleteTransitGatewayVpcAttachment', { TransitGatewayAttachmentId: vpc.data.attachmentId }],
          ['DeleteTransitGatewayPeeringAttachment', { TransitGatewayAttachmentId: peering.data.attachmentId }],
          ['DeleteTransitGatewayConnect', { TransitGatewayAttachmentId: connect.data.attachmentId }],
        ]);
        expect(await h.listAll()).toEqual([]);
        h.account.settle();
        expect([vpc, peering, connect].some((a) => h.account.exists(a.arn))).toBe(false);
      });

      it('throws InvalidTransitGatewayAttachmentID.NotFound when it is already gone', async () => {
        const attachment = seedTransitGatewayAttachment(h.account);
        const listed = await h.listed(attachment.arn);
        h.account.remove(attachment.arn);

        await expect(
          transitGatewayAttachment.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false }),
        ).rejects.toMatchObject({
          name: 'InvalidTransitGatewayAttachmentID.NotFound',
        });
      });

      it('goes before its transit gateway', async () => {
        const { transitGateway } = await import('../../lambda/resources/transit-gateway');
        expect(transitGatewayAttachment.deletionOrder!).toBeLessThan(transitGateway.deletionOrder!);
      });
    });

    it('costs the hourly attachment charge plus data processed, us-east-1', async () => {
      const listed = await h.listed(seedTransitGatewayAttachment(h.account).arn);
      expect(transitGatewayAttachment.costHint?.(listed)).toBe('~$36/month + $0.02/GB processed');
    });
  },
);
