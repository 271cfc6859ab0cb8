import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { transferServer } from '../../lambda/resources/transfer-server';
import { installTransfer, seedTransferServer } from '../fakes/services/transfer';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: transferServer,
    installers: [installTransfer],
    seed: (account, options) => seedTransferServer(account, options),
    deleteCommand: 'DeleteServer',
    listCommand: 'ListServers',
    completeCommand: 'DescribeServer',
    describeCommand: 'DescribeServer',
    goneError: 'ResourceNotFoundException',
    // An AS2 server makes every call deletion makes: its agreements are counted.
    fullDeletion: { seed: (account) => seedTransferServer(account, { protocols: ['SFTP', 'AS2'], agreements: ['a-00000000000000001'] }) },
    tagActions: ['transfer:TagResource', 'transfer:UntagResource'],
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists ARN, state, endpoint, identity provider and user count, leaving creation time and tags to complete()', async () => {
        const s = seedTransferServer(h.account, { users: ['alice', 'bob'] });

        expect(await h.listAll()).toEqual([
          {
            type: 'transfer:server',
            arn: `arn:aws:transfer:${REGION}:${h.account.accountId}:server/${s.data.id}`,
            id: s.data.id,
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: { state: 'ONLINE', endpointType: 'PUBLIC', identityProviderType: 'SERVICE_MANAGED', domain: 'S3', userCount: 2 },
            needsCompletion: true,
          },
        ]);
        expect(h.account.calls.map((c) => c.command)).toEqual(['ListServers']);
      });

      it('reads tags from DescribeServer: a tagged server GetResources misses keeps its tags, with no ListTagsForResource', async () => {
        const neverTagged = seedTransferServer(h.account);
        const tagged = seedTransferServer(h.account, { tags: { team: 'edi' } });
        h.account.taggingApiGaps.add(tagged.arn);

        const completed = new Map((await h.listAndComplete()).map((r) => [r.arn, r.tags]));

        expect(completed).toEqual(
          new Map([
            [neverTagged.arn, {}],
            [tagged.arn, { team: 'edi' }],
          ]),
        );
        expect(h.account.callsOf('ListTagsForResource')).toEqual([]);
      });

      it('takes the earliest host key as the creation time; adds the protocols to the details', async () => {
        const createdAt = new Date('2025-02-03T04:05:06Z');
        const s = seedTransferServer(h.account, {
          createdAt,
          protocols: ['SFTP', 'FTPS'],
          laterHostKeys: [new Date('2026-01-01T00:00:00Z')],
        });

        const completed = await h.completed(s.arn);

        expect(completed.createdAt).toEqual(createdAt);
        expect(completed.details).toMatchObject({ protocols: 'SFTP,FTPS', state: 'ONLINE' });
        expect(completed.needsCompletion).toBeUndefined();
      });

      it('leaves the creation time unknown for a server without SFTP, reading no host keys', async () => {
        const s = seedTransferServer(h.account, { protocols: ['AS2'] });

        const completed = await h.completed(s.arn);

        expect(completed.createdAt).toBeUndefined();
        expect(h.account.callsOf('ListHostKeys')).toEqual([]);
      });

      it('lists servers in every state, starting, stopping and failed ones included', async () => {
        const states = ['ONLINE', 'OFFLINE', 'STARTING', 'STOPPING', 'START_FAILED', 'STOP_FAILED'] as const;
        const arns = states.map((state) => seedTransferServer(h.account, { state }).arn);

        expect((await h.listAndComplete()).map((r) => r.arn).sort()).toEqual(arns.sort());
      });
    });

    describe('deletion', () => {
      it('deletes the server, saying how many users go with it', async () => {
        const s = seedTransferServer(h.account, { users: ['alice', 'bob', 'carol'] });

        expect(await h.deleteListed(s.arn)).toEqual({
          status: 'started',
          note: 'deletion takes a few minutes; its 3 user(s) (home directories, SSH public keys) go with it; their S3 data stays',
        });
        expect(h.account.callsOf('DeleteServer').map((c) => c.input)).toEqual([{ ServerId: s.data.id }]);
        expect(h.account.exists(s.arn)).toBe(false);
      });

      it('names what stays behind: Elastic IPs, workflows, the custom hostname record', async () => {
        const s = seedTransferServer(h.account, {
          endpointType: 'VPC',
          addressAllocationIds: ['eipalloc-0aaa', 'eipalloc-0bbb'],
          workflowIds: ['w-0123456789abcdef0'],
          domain: 'EFS',
          tags: { 'transfer:customHostname': 'sftp.example.com', 'transfer:route53HostedZoneId': '/hostedzone/Z123' },
        });

        expect(await h.deleteListed(s.arn)).toEqual({
          status: 'started',
          note:
            'deletion takes a few minutes; its 0 user(s) (home directories, SSH public keys) go with it; their EFS data stays; ' +
            'workflow(s) w-0123456789abcdef0 are kept; ' +
            'its Elastic IP(s) eipalloc-0aaa, eipalloc-0bbb stay allocated (and billed): release them if unused; ' +
            'the DNS record of its custom hostname sftp.example.com (Route 53 zone /hostedzone/Z123) is not removed: delete or repoint it',
        });
      });

      it('counts the AS2 agreements of an AS2 server; an external identity provider and a legacy VPC endpoint are kept', async () => {
        const s = seedTransferServer(h.account, {
          protocols: ['AS2'],
          agreements: ['a-00000000000000001', 'a-00000000000000002'],
          identityProviderType: 'AWS_LAMBDA',
          endpointType: 'VPC_ENDPOINT',
          vpcEndpointId: 'vpce-0123456789abcdef0',
          tags: { 'aws:transfer:customHostname': 'as2.example.com' },
        });

        expect(await h.deleteListed(s.arn)).toEqual({
          status: 'started',
          note:
            'deletion takes a few minutes; its users live in its AWS_LAMBDA identity provider, which is kept; ' +
            'its 2 AS2 agreement(s) with trading partners, which belong to the server, stop working; ' +
            'VPC endpoint vpce-0123456789abcdef0 is kept; ' +
            'the DNS record of its custom hostname as2.example.com is not removed: delete or repoint it',
        });
        expect(h.account.callsOf('ListAgreements').map((c) => c.input.ServerId)).toEqual([s.data.id]);
      });

      it('re-reads the server at deletion: users added since it was listed are counted', async () => {
        const s = seedTransferServer(h.account);
        const listed = await h.completed(s.arn);
        h.account.get(s.arn).data.users.push('late-user');

        expect(await transferServer.delete(h.clients, listed, DEFAULT_DELETION)).toMatchObject({
          status: 'started',
          note: expect.stringContaining('its 1 user(s)'),
        });
      });

      it('retries a server that is starting or stopping in a later wave', async () => {
        for (const state of ['STARTING', 'STOPPING'] as const) {
          const s = seedTransferServer(h.account, { state });
          await expect(h.deleteListed(s.arn)).rejects.toBeInstanceOf(RetryLaterError);
        }
        expect(h.account.callsOf('DeleteServer')).toEqual([]);
      });

      it('deletes a stopped server or one whose start or stop failed (all still bill)', async () => {
        for (const state of ['OFFLINE', 'START_FAILED', 'STOP_FAILED'] as const) {
          const s = seedTransferServer(h.account, { state });
          expect(await h.deleteListed(s.arn)).toMatchObject({ status: 'started' });
        }
        expect(h.account.callsOf('DeleteServer')).toHaveLength(3);
      });
    });

    describe('declarations', () => {
      it('describes the server with its service-managed users and AS2 agreements', async () => {
        const s = seedTransferServer(h.account, { protocols: ['SFTP', 'AS2'], users: ['alice'], agreements: ['a-00000000000000001'] });
        const configuration = (await transferServer.describe!(h.clients, await h.completed(s.arn))) as Record<string, any>;

        expect(configuration.server).toMatchObject({ ServerId: s.data.id, Protocols: ['SFTP', 'AS2'] });
        expect(configuration.users).toEqual([expect.objectContaining({ UserName: 'alice', HomeDirectory: '/bucket/alice' })]);
        expect(configuration.agreements).toEqual(['a-00000000000000001']);
      });

      it('lists no users of a server with an external identity provider (ListUsers would refuse)', async () => {
        const s = seedTransferServer(h.account, { identityProviderType: 'API_GATEWAY' });
        const configuration = (await transferServer.describe!(h.clients, await h.completed(s.arn))) as Record<string, any>;

        expect(configuration.users).toEqual([]);
        expect(h.account.callsOf('ListUsers')).toEqual([]);
      });

      it('estimates $0.30 per protocol and hour once the protocols are read', async () => {
        const one = await h.completed(seedTransferServer(h.account).arn);
        const three = await h.completed(seedTransferServer(h.account, { protocols: ['SFTP', 'FTPS', 'FTP'] }).arn);

        expect(transferServer.costHint!(one)).toBe('~$219/month (SFTP) + data transferred');
        expect(transferServer.costHint!(three)).toBe('~$657/month (SFTP, FTPS, FTP) + data transferred');
        expect(transferServer.costHint!(await h.listed(seedTransferServer(h.account).arn))).toBeUndefined();
      });

      it('links to the server in the Transfer Family console', async () => {
        const s = seedTransferServer(h.account);
        expect(transferServer.consoleUrl(await h.listed(s.arn))).toBe(
          `https://eu-west-1.console.aws.amazon.com/transfer/home?region=eu-west-1#/servers/${s.data.id}`,
        );
      });
    });
  },
);
