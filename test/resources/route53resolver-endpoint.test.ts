import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { creationTimeOf, route53ResolverEndpoint } from '../../lambda/resources/route53resolver-endpoint';
import { finishResolverDeletions, installRoute53Resolver, seedResolverEndpoint, seedResolverRule } from '../fakes/services/route53resolver';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: route53ResolverEndpoint,
    installers: [installRoute53Resolver],
    seed: (account, options) => seedResolverEndpoint(account, options),
    deleteCommand: 'DeleteResolverEndpoint',
    slowDeletion: true,
    listCommand: 'ListResolverEndpoints',
    completeCommand: 'GetResolverEndpoint',
    describeCommand: 'GetResolverEndpoint',
    goneError: 'ResourceNotFoundException',
    // An outbound endpoint makes every call deletion makes: its rules are looked up by endpoint.
    fullDeletion: { seed: (account) => seedResolverEndpoint(account, { direction: 'OUTBOUND' }) },
    tagActions: ['route53resolver:TagResource', 'route53resolver:UntagResource'],
    // A tag read, granted in iam.read (checked below) rather than among the tag writes.
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists ARN, direction, state and IP address count, leaving creation time and tags to complete()', async () => {
        const e = seedResolverEndpoint(h.account, {
          name: 'to-on-prem',
          direction: 'OUTBOUND',
          ips: ['10.0.1.10', '10.0.2.10', '10.0.3.10'],
        });

        expect(await h.listAll()).toEqual([
          {
            type: 'route53resolver:resolver-endpoint',
            arn: `arn:aws:route53resolver:${REGION}:${h.account.accountId}:resolver-endpoint/${e.data.id}`,
            id: e.data.id,
            name: 'to-on-prem',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: {
              direction: 'OUTBOUND',
              status: 'OPERATIONAL',
              ipAddressCount: 3,
              vpcId: 'vpc-0123456789abcdef0',
              endpointType: 'IPV4',
            },
            needsCompletion: true,
          },
        ]);
        expect(h.account.calls.map((c) => c.command)).toEqual(['ListResolverEndpoints']);
      });

      it('reads tags from Route 53 Resolver itself: a tagged endpoint GetResources misses keeps its tags', async () => {
        const neverTagged = seedResolverEndpoint(h.account);
        const tagged = seedResolverEndpoint(h.account, { tags: { team: 'network' } });
        h.account.taggingApiGaps.add(tagged.arn);

        const completed = new Map((await h.listAndComplete()).map((r) => [r.arn, r.tags]));

        expect(completed).toEqual(
          new Map([
            [neverTagged.arn, {}],
            [tagged.arn, { team: 'network' }],
          ]),
        );
        expect(h.account.callsOf('ListTagsForResource').map((c) => c.input.ResourceArn)).toEqual([neverTagged.arn, tagged.arn]);
      });

      it('leaves out endpoints being created or deleted; one updating, recovering or needing action is inventory', async () => {
        const kept = ['OPERATIONAL', 'UPDATING', 'AUTO_RECOVERING', 'ACTION_NEEDED'].map(
          (status) => seedResolverEndpoint(h.account, { status: status as never }).arn,
        );
        seedResolverEndpoint(h.account, { status: 'CREATING' });
        seedResolverEndpoint(h.account, { status: 'DELETING' });

        expect((await h.listAndComplete()).map((r) => r.arn).sort()).toEqual(kept.sort());
      });

      it('leaves out an endpoint whose deletion started between the listing and completion', async () => {
        const e = seedResolverEndpoint(h.account);
        const listed = await h.listAll();
        h.account.get(e.arn).data.status = 'DELETING';

        expect(await route53ResolverEndpoint.complete!(h.clients, listed)).toEqual([]);
      });

      it('reads CreationTime as ISO 8601 or as Unix seconds, and nothing else', () => {
        expect(creationTimeOf('2025-02-03T04:05:06.789Z')).toEqual(new Date('2025-02-03T04:05:06.789Z'));
        expect(creationTimeOf('1738555506')).toEqual(new Date('2025-02-03T04:05:06Z'));
        expect(creationTimeOf('yesterday')).toBeUndefined();
        expect(creationTimeOf(undefined)).toBeUndefined();
      });
    });

    describe('deletion', () => {
      it('starts the deletion of an unused outbound endpoint; gone once Resolver finishes', async () => {
        const e = seedResolverEndpoint(h.account, { direction: 'OUTBOUND' });
        seedResolverRule(h.account, { endpointId: 'rslvr-out-someoneelse' });

        expect(await h.deleteListed(e.arn)).toEqual({
          status: 'started',
          note: 'its 2 IP address(es) are being released; no Resolver rule used it',
        });
        expect(h.account.callsOf('ListResolverRules').map((c) => c.input.Filters)).toEqual([
          [{ Name: 'ResolverEndpointId', Values: [e.data.id] }],
        ]);
        expect(h.account.callsOf('DeleteResolverEndpoint').map((c) => c.input)).toEqual([{ ResolverEndpointId: e.data.id }]);
        expect(await h.listAll()).toEqual([]);
        finishResolverDeletions(h.account);
        expect(h.account.exists(e.arn)).toBe(false);
      });

      it('skips an outbound endpoint that forwarding rules use, naming them (shared ones said so); AWS would refuse anyway', async () => {
        const e = seedResolverEndpoint(h.account, { direction: 'OUTBOUND' });
        const own = seedResolverRule(h.account, { endpointId: e.data.id, domainName: 'corp.example.com.' });
        const shared = seedResolverRule(h.account, { endpointId: e.data.id, domainName: 'ad.example.com.', shareStatus: 'SHARED_BY_ME' });

        expect(await h.deleteListed(e.arn)).toEqual({
          status: 'skipped',
          reason:
            `outbound endpoint used by 2 Resolver rule(s): ${own.data.id} (corp.example.com.), ` +
            `${shared.data.id} (ad.example.com., shared through RAM with other accounts); ` +
            'VPCs associated with them would stop forwarding those domains. Delete or repoint the rules first',
        });
        expect(h.account.callsOf('DeleteResolverEndpoint')).toEqual([]);
      });

      it('names five rules and counts the rest', async () => {
        const e = seedResolverEndpoint(h.account, { direction: 'OUTBOUND' });
        for (let i = 0; i < 7; i++) seedResolverRule(h.account, { endpointId: e.data.id, domainName: `d${i}.example.com.` });

        const outcome = await h.deleteListed(e.arn);

        expect(outcome).toMatchObject({ status: 'skipped', reason: expect.stringContaining('(d4.example.com.) and 2 more;') });
        expect(outcome).toMatchObject({ reason: expect.not.stringContaining('d5.example.com.') });
      });

      it('skips an inbound endpoint that rules of this account (or shared with it) forward to', async () => {
        const inbound = seedResolverEndpoint(h.account, { ips: ['10.1.0.10', '10.1.1.10'] });
        const hub = seedResolverRule(h.account, {
          endpointId: 'rslvr-out-elsewhere',
          targetIps: ['10.1.1.10'],
          domainName: 'aws.example.com.',
        });
        const foreign = seedResolverRule(h.account, {
          endpointId: 'rslvr-out-theirs',
          targetIps: ['10.1.0.10'],
          domainName: 'svc.example.com.',
          shareStatus: 'SHARED_WITH_ME',
          ownerId: '210987654321',
        });
        seedResolverRule(h.account, { endpointId: 'rslvr-out-elsewhere', targetIps: ['192.168.9.9'] });

        expect(await h.deleteListed(inbound.arn)).toEqual({
          status: 'skipped',
          reason:
            `inbound endpoint that 2 Resolver rule(s) of this account forward to: ${hub.data.id} (aws.example.com.), ` +
            `${foreign.data.id} (svc.example.com., account 210987654321's, shared with this one). Repoint the rules first`,
        });
        expect(h.account.callsOf('DeleteResolverEndpoint')).toEqual([]);
      });

      it('deletes an inbound endpoint no rule forwards to, warning about forwarders it cannot see', async () => {
        const inbound = seedResolverEndpoint(h.account);
        seedResolverRule(h.account, { endpointId: 'rslvr-out-elsewhere', targetIps: ['192.168.9.9'] });

        expect(await h.deleteListed(inbound.arn)).toEqual({
          status: 'started',
          note: 'its 2 IP address(es) are being released; DNS servers that forward to its addresses (on premises, or rules in other accounts) get no answer from it any more',
        });
      });

      it('re-reads the rules at deletion: one pointed at the endpoint since it was listed keeps it', async () => {
        const e = seedResolverEndpoint(h.account, { direction: 'OUTBOUND' });
        const listed = await h.completed(e.arn);
        seedResolverRule(h.account, { endpointId: e.data.id });

        expect(await route53ResolverEndpoint.delete(h.clients, listed, DEFAULT_DELETION)).toMatchObject({ status: 'skipped' });
        expect(h.account.callsOf('DeleteResolverEndpoint')).toEqual([]);
      });

      it('retries an endpoint that is updating or auto-recovering in a later wave', async () => {
        for (const status of ['UPDATING', 'AUTO_RECOVERING'] as const) {
          const e = seedResolverEndpoint(h.account, { status });
          await expect(h.deleteListed(e.arn)).rejects.toBeInstanceOf(RetryLaterError);
        }
        expect(h.account.callsOf('DeleteResolverEndpoint')).toEqual([]);
      });

      it('deletes an endpoint in ACTION_NEEDED (a broken one still bills its ENIs)', async () => {
        const e = seedResolverEndpoint(h.account, { status: 'ACTION_NEEDED', direction: 'OUTBOUND' });
        expect(await h.deleteListed(e.arn)).toMatchObject({ status: 'started' });
      });

      it('reports an endpoint already being deleted as started, without deleting it again', async () => {
        const e = seedResolverEndpoint(h.account);
        const listed = await h.completed(e.arn);
        h.account.get(e.arn).data.status = 'DELETING';

        expect(await route53ResolverEndpoint.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'started',
          note: 'the endpoint was already being deleted',
        });
        expect(h.account.callsOf('DeleteResolverEndpoint')).toEqual([]);
      });
    });

    describe('declarations', () => {
      it('describes direction, VPC and each IP address with its subnet', async () => {
        const e = seedResolverEndpoint(h.account, { ips: ['10.0.9.10', '10.0.9.138'] });
        const configuration = (await route53ResolverEndpoint.describe!(h.clients, await h.completed(e.arn))) as Record<string, any>;

        expect(configuration.endpoint).toMatchObject({ Id: e.data.id, Direction: 'INBOUND', HostVPCId: 'vpc-0123456789abcdef0' });
        expect(configuration.ipAddresses).toEqual([
          { subnetId: 'subnet-0023456789abcdef0', ip: '10.0.9.10', ipv6: undefined },
          { subnetId: 'subnet-0123456789abcdef0', ip: '10.0.9.138', ipv6: undefined },
        ]);
      });

      it('estimates $0.125 per IP address (ENI) and hour, queries on top', async () => {
        const two = await h.listed(seedResolverEndpoint(h.account).arn);
        const six = await h.listed(seedResolverEndpoint(h.account, { ips: ['1', '2', '3', '4', '5', '6'].map((i) => `10.9.0.${i}`) }).arn);

        expect(route53ResolverEndpoint.costHint!(two)).toBe('~$183/month (2 IP addresses) + $0.40 per million queries');
        expect(route53ResolverEndpoint.costHint!(six)).toBe('~$548/month (6 IP addresses) + $0.40 per million queries');
        expect(route53ResolverEndpoint.costHint!({ ...two, details: {} })).toBeUndefined();
      });

      it('links to the endpoint list of its direction in the Route 53 Resolver console', async () => {
        const inbound = await h.listed(seedResolverEndpoint(h.account).arn);
        const outbound = await h.listed(seedResolverEndpoint(h.account, { direction: 'OUTBOUND' }).arn);

        expect(route53ResolverEndpoint.consoleUrl(inbound)).toBe(
          'https://eu-west-1.console.aws.amazon.com/route53resolver/home?region=eu-west-1#/inbound-endpoints',
        );
        expect(route53ResolverEndpoint.consoleUrl(outbound)).toBe(
          'https://eu-west-1.console.aws.amazon.com/route53resolver/home?region=eu-west-1#/outbound-endpoints',
        );
      });
    });
  },
);
