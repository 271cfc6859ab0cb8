import { describe, expect, it } from 'vitest';
import { isDependencyError } from '../../lambda/core/deletion-errors';
import { clientVpnEndpoint } from '../../lambda/resources/client-vpn-endpoint';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { installEc2, seedClientVpnEndpoint } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: clientVpnEndpoint,
    installers: [installEc2],
    // Without subnets: the contract's one-call deletion; associated ones below.
    seed: (account, options) => seedClientVpnEndpoint(account, { ...options, associatedSubnets: 0 }),
    deleteCommand: 'DeleteClientVpnEndpoint',
    slowDeletion: true,
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('returns the endpoint with its state and its creation time (a zoneless UTC string in EC2)', async () => {
        const endpoint = seedClientVpnEndpoint(h.account, { creationTime: new Date('2026-04-01T09:30:00Z'), tags: { Name: 'remote' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:client-vpn-endpoint',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:client-vpn-endpoint/${endpoint.data.clientVpnEndpointId}`,
            id: endpoint.data.clientVpnEndpointId,
            name: 'remote',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: new Date('2026-04-01T09:30:00Z'),
            tags: { Name: 'remote' },
            details: { state: 'available', vpcId: 'vpc-0a1b2c3d', clientCidrBlock: '10.100.0.0/22' },
          },
        ]);
      });

      it('leaves out endpoints being deleted or deleted', async () => {
        const kept = seedClientVpnEndpoint(h.account);
        seedClientVpnEndpoint(h.account, { state: 'deleting' });
        seedClientVpnEndpoint(h.account, { state: 'deleted' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('deletion', () => {
      it('disassociates every target network first and asks for a later wave, then deletes the endpoint', async () => {
        const endpoint = seedClientVpnEndpoint(h.account, { associatedSubnets: 2 });
        const listed = await h.listed(endpoint.arn);

        const first = await clientVpnEndpoint.delete(h.clients, listed, DEFAULT_DELETION).catch((e: unknown) => e);
        expect(first).toEqual(new RetryLaterError('disassociating 2 target network(s) first'));
        expect(isDependencyError(first)).toBe(true);
        expect(h.account.callsOf('DisassociateClientVpnTargetNetwork').map((c) => c.input.AssociationId)).toEqual(
          endpoint.data.associations.map((a: { associationId: string }) => a.associationId),
        );
        expect(h.account.callsOf('DeleteClientVpnEndpoint')).toEqual([]);
        // Granted with the mark, like the deletion itself (the contract's IAM check sees only the plain path).
        expect(clientVpnEndpoint.iam.delete).toContain('ec2:DisassociateClientVpnTargetNetwork');

        // A wave later, still disassociating: no second disassociation, still waiting.
        await expect(clientVpnEndpoint.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toBeInstanceOf(RetryLaterError);
        expect(h.account.callsOf('DisassociateClientVpnTargetNetwork')).toHaveLength(2);

        h.account.settle();
        expect(await clientVpnEndpoint.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'started',
          note: 'Client VPN endpoint deletion takes minutes; the next run confirms it is gone',
        });
        expect(await h.listAll()).toEqual([]);
      });

      it('throws InvalidClientVpnEndpointId.NotFound when it is already gone', async () => {
        const endpoint = seedClientVpnEndpoint(h.account);
        const listed = await h.listed(endpoint.arn);
        h.account.remove(endpoint.arn);

        await expect(clientVpnEndpoint.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({
          name: 'InvalidClientVpnEndpointId.NotFound',
        });
      });
    });

    it('costs the association hours once subnets are associated', async () => {
      const associated = await h.listed(seedClientVpnEndpoint(h.account).arn);
      const bare = await h.listed(seedClientVpnEndpoint(h.account, { associatedSubnets: 0 }).arn);

      expect(clientVpnEndpoint.costHint?.(associated)).toBe('~$73/month per associated subnet + $0.05/connection-hour');
      expect(clientVpnEndpoint.costHint?.(bare)).toBeUndefined();
    });
  },
);
