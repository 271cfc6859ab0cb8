import { describe, expect, it } from 'vitest';
import { isDependencyError } from '../../lambda/core/deletion-errors';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { transitGateway } from '../../lambda/resources/transit-gateway';
import { transitGatewayAttachment } from '../../lambda/resources/transit-gateway-attachment';
import { installEc2, seedTransitGateway, seedTransitGatewayAttachment } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: transitGateway,
    installers: [installEc2],
    seed: seedTransitGateway,
    deleteCommand: 'DeleteTransitGateway',
    slowDeletion: true,
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('returns the gateway by the ARN EC2 gives it, with its owner and creation time', async () => {
        const creationTime = new Date('2026-03-02T12:00:00Z');
        const gateway = seedTransitGateway(h.account, { creationTime, tags: { Name: 'hub' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:transit-gateway',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:transit-gateway/${gateway.data.transitGatewayId}`,
            id: gateway.data.transitGatewayId,
            name: 'hub',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: creationTime,
            tags: { Name: 'hub' },
            protectedBecause: undefined,
            details: { state: 'available', ownerId: h.account.accountId, amazonSideAsn: 64512 },
          },
        ]);
      });

      it('leaves out gateways being deleted or deleted', async () => {
        const kept = seedTransitGateway(h.account);
        seedTransitGateway(h.account, { state: 'deleting' });
        seedTransitGateway(h.account, { state: 'deleted' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });

      it('protects a gateway shared with this account through RAM, and one that auto-accepts shared attachments', async () => {
        const shared = seedTransitGateway(h.account, { ownerId: '210987654321' });
        const sharing = seedTransitGateway(h.account, { autoAcceptSharedAttachments: 'enable' });

        expect(shared.arn).toContain(':210987654321:transit-gateway/');
        expect((await h.listed(shared.arn)).protectedBecause).toBe('shared by account 210987654321 (AWS RAM)');
        expect((await h.listed(sharing.arn)).protectedBecause).toBe(
          'accepts shared attachments automatically: meant to be shared through AWS RAM',
        );
      });
    });

    describe('deletion', () => {
      it('only starts the deletion of a gateway without attachments; the next run no longer lists it', async () => {
        const gateway = seedTransitGateway(h.account);

        expect(await h.deleteListed(gateway.arn)).toEqual({
          status: 'started',
          note: 'transit gateway deletion takes minutes; the next run confirms it is gone',
        });
        expect(h.account.callsOf('DeleteTransitGateway').map((c) => c.input)).toEqual([
          { TransitGatewayId: gateway.data.transitGatewayId },
        ]);
        expect(await h.listAll()).toEqual([]);
      });

      it('asks to be retried later while attachments remain, deleting ones included, and goes once they are gone', async () => {
        const gateway = seedTransitGateway(h.account);
        const attachment = seedTransitGatewayAttachment(h.account, { transitGateway: gateway });
        seedTransitGatewayAttachment(h.account, { transitGateway: gateway, state: 'deleted' });
        const listed = await h.listed(gateway.arn);
        const retry = new RetryLaterError(`transit gateway still has 1 attachment(s): ${attachment.data.attachmentId}`);

        const blocked = await transitGateway.delete(h.clients, listed, DEFAULT_DELETION).catch((e: unknown) => e);
        expect(blocked).toEqual(retry);
        expect(isDependencyError(blocked)).toBe(true);

        const listedAttachment = (await collect(transitGatewayAttachment.list(h.clients))).find((r) => r.arn === attachment.arn)!;
        await transitGatewayAttachment.delete(h.clients, listedAttachment, DEFAULT_DELETION);
        // Still deleting: EC2 would refuse DeleteTransitGateway.
        await expect(transitGateway.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toEqual(retry);
        expect(h.account.callsOf('DeleteTransitGateway')).toEqual([]);

        h.account.settle();
        expect((await transitGateway.delete(h.clients, listed, DEFAULT_DELETION)).status).toBe('started');
      });

      it("passes on EC2's IncorrectState when an attachment is made between the re-read and DeleteTransitGateway", async () => {
        const gateway = seedTransitGateway(h.account);
        const listed = await h.listed(gateway.arn);
        // Made just as DeleteTransitGateway arrives (the fault's matcher runs first and injects nothing).
        h.account.failNext(
          'DeleteTransitGateway',
          () => new Error('not injected'),
          1,
          undefined,
          () => {
            seedTransitGatewayAttachment(h.account, { transitGateway: gateway, state: 'pending' });
            return false;
          },
        );

        await expect(transitGateway.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'IncorrectState' });
        expect(gateway.data.state).toBe('available');
      });
    });

    it('says it costs nothing itself, its attachments do', async () => {
      const listed = await h.listed(seedTransitGateway(h.account).arn);
      expect(transitGateway.costHint?.(listed)).toBe('no charge itself; ~$36/month per attachment + $0.02/GB processed');
    });
  },
);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
