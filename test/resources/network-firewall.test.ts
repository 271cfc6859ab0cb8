import { describe, expect, it } from 'vitest';
import { networkFirewall } from '../../lambda/resources/network-firewall';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import {
  endpointIdsOf,
  finishFirewallDeletions,
  installFirewallRouteTables,
  installNetworkFirewall,
  seedFirewall,
  seedRouteTable,
} from '../fakes/services/network-firewall';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');
const VPC = 'vpc-0123456789abcdef0';

describePlugin(
  {
    type: networkFirewall,
    installers: [installNetworkFirewall, installFirewallRouteTables],
    noCreationTime: true,
    seed: (account, options) => seedFirewall(account, options),
    deleteCommand: 'DeleteFirewall',
    slowDeletion: true,
    listCommand: 'ListFirewalls',
    completeCommand: 'DescribeFirewall',
    describeCommand: 'DescribeFirewall',
    goneError: 'ResourceNotFoundException',
    // Protection on, switched off: every call deletion can make (routes are read before the switch).
    fullDeletion: { seed: (account) => seedFirewall(account, { deleteProtection: true }), options: { disableProtection: true } },
    tagActions: ['network-firewall:TagResource', 'network-firewall:UntagResource'],
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists name and ARN only, leaving state, endpoints and tags to complete()', async () => {
        const f = seedFirewall(h.account, { name: 'egress-inspection' });

        expect(await h.listAll()).toEqual([
          {
            type: 'network-firewall:firewall',
            arn: `arn:aws:network-firewall:${REGION}:${h.account.accountId}:firewall/egress-inspection`,
            id: f.arn,
            name: 'egress-inspection',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: undefined,
            needsCompletion: true,
          },
        ]);
        expect(h.account.calls.map((c) => c.command)).toEqual(['ListFirewalls']);
      });

      it('reads state, endpoints, protection and tags with one DescribeFirewall; a tagged firewall GetResources misses keeps its tags', async () => {
        const neverTagged = seedFirewall(h.account, { zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], deleteProtection: true });
        const tagged = seedFirewall(h.account, { tags: { team: 'network' } });
        h.account.taggingApiGaps.add(tagged.arn);

        const completed = new Map((await h.listAndComplete()).map((r) => [r.arn, r]));

        expect(completed.get(neverTagged.arn)).toMatchObject({
          tags: {},
          details: { status: 'READY', vpcId: VPC, endpoints: 3, deleteProtection: true },
        });
        expect(completed.get(tagged.arn)?.tags).toEqual({ team: 'network' });
        // Network Firewall reports no creation time: none is made up.
        expect([...completed.values()].every((r) => r.createdAt === undefined && !r.needsCompletion)).toBe(true);
        expect(h.account.callsOf('DescribeFirewall').map((c) => c.input)).toEqual([
          { FirewallArn: neverTagged.arn },
          { FirewallArn: tagged.arn },
        ]);
        expect(h.account.callsOf('ListTagsForResource')).toEqual([]);
      });

      it('leaves out firewalls being provisioned or deleted', async () => {
        const ready = seedFirewall(h.account);
        seedFirewall(h.account, { status: 'PROVISIONING' });
        seedFirewall(h.account, { status: 'DELETING' });

        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([ready.arn]);
      });

      it('keeps the transit gateway attachment of a transit gateway-attached firewall, and its gateway once completed', async () => {
        const f = seedFirewall(h.account, { transitGateway: { id: 'tgw-0a1b2c3d4e5f60718', attachmentId: 'tgw-attach-0a1b2c3d4e5f6071' } });

        expect((await h.listed(f.arn)).details).toEqual({ transitGatewayAttachmentId: 'tgw-attach-0a1b2c3d4e5f6071' });
        expect((await h.completed(f.arn)).details).toMatchObject({ transitGatewayId: 'tgw-0a1b2c3d4e5f60718', endpoints: 2 });
      });
    });

    describe('deletion', () => {
      it('starts the deletion of a firewall no route goes through; gone once Network Firewall finishes', async () => {
        const f = seedFirewall(h.account);
        // Routes elsewhere: through another endpoint, and through this one's id in another VPC (impossible in AWS, ignored).
        seedRouteTable(h.account, { routes: [{ destination: '0.0.0.0/0', gatewayId: 'vpce-0ffffffffffffffff' }] });
        seedRouteTable(h.account, {
          vpcId: 'vpc-0fedcba9876543210',
          routes: [{ destination: '0.0.0.0/0', gatewayId: endpointIdsOf(f)[0]! }],
        });

        expect(await h.deleteListed(f.arn)).toEqual({
          status: 'started',
          note: `its 2 endpoint(s) are being removed; no route of ${VPC} went through them`,
        });
        expect(h.account.callsOf('DescribeRouteTables').map((c) => c.input)).toEqual([
          { Filters: [{ Name: 'vpc-id', Values: [VPC] }], MaxResults: 100 },
        ]);
        expect(h.account.callsOf('DeleteFirewall').map((c) => c.input)).toEqual([{ FirewallArn: f.arn }]);
        expect(h.account.callsOf('UpdateFirewallDeleteProtection')).toEqual([]);
        expect(await h.listAndComplete()).toEqual([]);
        finishFirewallDeletions(h.account);
        expect(h.account.exists(f.arn)).toBe(false);
      });

      it('skips a firewall that routes send traffic through, naming the route tables and destinations', async () => {
        const f = seedFirewall(h.account, { deleteProtection: true });
        const [a, b] = endpointIdsOf(f);
        const egress = seedRouteTable(h.account, {
          routes: [
            { destination: '0.0.0.0/0', gatewayId: a! },
            { destination: '192.168.0.0/16', gatewayId: 'tgw-0a1b2c3d4e5f60718' },
          ],
        });
        const ingress = seedRouteTable(h.account, {
          routes: [
            { destination: '10.0.1.0/24', gatewayId: a! },
            { destination: '10.0.2.0/24', gatewayId: b! },
          ],
        });

        // Even with disableProtection: routes are checked before protection is switched off.
        expect(await h.deleteListed(f.arn, { disableProtection: true })).toEqual({
          status: 'skipped',
          reason:
            `routes in 2 route table(s) of ${VPC} send traffic through its endpoints: ` +
            `${egress.data.routeTableId} (0.0.0.0/0), ${ingress.data.routeTableId} (10.0.1.0/24, 10.0.2.0/24); ` +
            'that traffic would be dropped once the firewall is gone. Repoint the routes first',
        });
        expect(h.account.mutatingCalls()).toEqual([]);
        expect(h.account.get(f.arn).data.deleteProtection).toBe(true);
      });

      it('names five route tables and counts the rest', async () => {
        const f = seedFirewall(h.account);
        const tables = Array.from({ length: 7 }, () =>
          seedRouteTable(h.account, { routes: [{ destination: '0.0.0.0/0', gatewayId: endpointIdsOf(f)[1]! }] }),
        );

        const outcome = await h.deleteListed(f.arn);

        expect(outcome).toMatchObject({
          status: 'skipped',
          reason: expect.stringContaining(`${tables[4]!.data.routeTableId} (0.0.0.0/0) and 2 more;`),
        });
        expect(outcome).toMatchObject({ reason: expect.not.stringContaining(tables[5]!.data.routeTableId) });
        // Seven tables, pages of five: the route check followed NextToken.
        expect(h.account.callsOf('DescribeRouteTables')).toHaveLength(2);
      });

      it('re-reads the routes at deletion: one pointed at the firewall since it was listed keeps it', async () => {
        const f = seedFirewall(h.account);
        const listed = await h.completed(f.arn);
        seedRouteTable(h.account, { routes: [{ destination: '0.0.0.0/0', gatewayId: endpointIdsOf(f)[0]! }] });

        expect(await networkFirewall.delete(h.clients, listed, DEFAULT_DELETION)).toMatchObject({ status: 'skipped' });
        expect(h.account.callsOf('DeleteFirewall')).toEqual([]);
      });

      it('skips a protected firewall by default, without reading routes or changing it', async () => {
        const f = seedFirewall(h.account, { deleteProtection: true });

        expect(await h.deleteListed(f.arn)).toEqual({
          status: 'skipped',
          reason: 'deletion protection is on (deletion.disableProtection switches it off first)',
        });
        expect(h.account.callsOf('DescribeRouteTables')).toEqual([]);
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('with disableProtection, switches protection off with the token it read, then deletes', async () => {
        const f = seedFirewall(h.account, { deleteProtection: true });
        const token = f.data.updateToken;

        expect(await h.deleteListed(f.arn, { disableProtection: true })).toEqual({
          status: 'started',
          note: `its 2 endpoint(s) are being removed; no route of ${VPC} went through them; deletion protection switched off first`,
        });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['UpdateFirewallDeleteProtection', { FirewallArn: f.arn, DeleteProtection: false, UpdateToken: token }],
          ['DeleteFirewall', { FirewallArn: f.arn }],
        ]);
      });

      it('skips a transit gateway-attached firewall, naming the gateway and its owner; its routes are not the VPC ones', async () => {
        const f = seedFirewall(h.account, { transitGateway: { id: 'tgw-0a1b2c3d4e5f60718', ownerAccountId: '210987654321' } });

        expect(await h.deleteListed(f.arn, { disableProtection: true })).toEqual({
          status: 'skipped',
          reason:
            'attached to transit gateway tgw-0a1b2c3d4e5f60718 of account 210987654321: traffic its route tables send to the firewall ' +
            'would be dropped once it is gone, and the janitor does not check those routes. Repoint them, then delete the firewall by hand',
        });
        expect(h.account.callsOf('DescribeRouteTables')).toEqual([]);
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it("names no owner for a transit gateway of the firewall's own account", async () => {
        const f = seedFirewall(h.account, { transitGateway: { id: 'tgw-0a1b2c3d4e5f60718' } });
        expect(await h.deleteListed(f.arn)).toMatchObject({
          reason: expect.stringMatching(/^attached to transit gateway tgw-0a1b2c3d4e5f60718: /),
        });
      });

      it('skips a firewall with VPC endpoint associations: endpoints in other VPCs whose routes are not checked', async () => {
        const f = seedFirewall(h.account, { associations: 2 });

        expect(await h.deleteListed(f.arn)).toEqual({
          status: 'skipped',
          reason:
            "2 VPC endpoint association(s) give it endpoints in other VPCs (possibly other accounts'), whose routes " +
            'the janitor does not check. Repoint their routes and delete the associations first',
        });
        expect(h.account.callsOf('DeleteFirewall')).toEqual([]);
      });

      it('retries a firewall provisioning again (endpoints or policy being synced) in a later wave', async () => {
        const f = seedFirewall(h.account);
        const listed = await h.completed(f.arn);
        h.account.get(f.arn).data.status = 'PROVISIONING';

        await expect(networkFirewall.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toBeInstanceOf(RetryLaterError);
        expect(h.account.callsOf('DeleteFirewall')).toEqual([]);
      });

      it('reports a firewall already being deleted as started, without deleting it again', async () => {
        const f = seedFirewall(h.account);
        const listed = await h.completed(f.arn);
        h.account.get(f.arn).data.status = 'DELETING';

        expect(await networkFirewall.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'started',
          note: 'the firewall was already being deleted',
        });
        expect(h.account.callsOf('DeleteFirewall')).toEqual([]);
      });
    });

    describe('declarations', () => {
      it('describes the firewall, its status and its logging configuration', async () => {
        const f = seedFirewall(h.account, { name: 'central' });
        const configuration = (await networkFirewall.describe!(h.clients, await h.completed(f.arn))) as Record<string, any>;

        expect(configuration.Firewall).toMatchObject({ FirewallName: 'central', VpcId: VPC, SubnetMappings: expect.any(Array) });
        expect(configuration.FirewallStatus).toMatchObject({ Status: 'READY' });
        expect(configuration.loggingConfiguration).toEqual({ LogDestinationConfigs: [] });
        expect(configuration.$metadata).toBeUndefined();
      });

      it('estimates $0.395 per endpoint and hour, data processed on top', async () => {
        const two = await h.completed(seedFirewall(h.account).arn);
        const three = await h.completed(seedFirewall(h.account, { zones: ['a', 'b', 'c'].map((z) => `${REGION}${z}`) }).arn);

        expect(networkFirewall.costHint!(two)).toBe('~$577/month (2 endpoints) + data processed');
        expect(networkFirewall.costHint!(three)).toBe('~$865/month (3 endpoints) + data processed');
        // As listed, before completion: no endpoint count yet.
        expect(networkFirewall.costHint!(await h.listed(two.arn))).toBeUndefined();
      });

      it("links to the firewall's page in the VPC console", async () => {
        const f = await h.listed(seedFirewall(h.account, { name: 'egress' }).arn);
        expect(networkFirewall.consoleUrl(f)).toBe(
          'https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#FirewallDetails:firewallName=egress',
        );
      });
    });
  },
);
