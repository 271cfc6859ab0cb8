import { describe, expect, it } from 'vitest';
import { mqBroker } from '../../lambda/resources/mq-broker';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { finishMqDeletions, installMq, seedBroker } from '../fakes/services/mq';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: mqBroker,
    installers: [installMq],
    seed: (account, options) => seedBroker(account, options),
    deleteCommand: 'DeleteBroker',
    slowDeletion: true,
    goneError: 'NotFoundException',
    describeCommand: 'DescribeBroker',
    tagActions: ['mq:CreateTags', 'mq:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('finds a never-tagged broker from ListBrokers alone: ARN, creation time, engine, mode and instance type', async () => {
        const createdAt = new Date('2025-02-03T04:05:06Z');
        const b = seedBroker(h.account, { name: 'orders', createdAt, deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ' });

        expect(await h.listAll()).toEqual([
          {
            type: 'mq:broker',
            arn: `arn:aws:mq:${REGION}:${h.account.accountId}:broker:orders:${b.data.id}`,
            id: b.data.id,
            name: 'orders',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: {},
            details: {
              state: 'RUNNING',
              engineType: 'ACTIVEMQ',
              deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ',
              hostInstanceType: 'mq.m5.large',
            },
          },
        ]);
        expect(await h.arnsFromTaggingApi()).toEqual([]);
        // No per-broker read: the tags come from the engine's GetResources sweep.
        expect(h.account.calls.filter((c) => c.service === 'mq').map((c) => c.command)).toEqual(['ListBrokers']);
      });

      it('leaves out a broker being created and one being deleted; a rebooting one is inventory', async () => {
        const running = seedBroker(h.account);
        const rebooting = seedBroker(h.account, { state: 'REBOOT_IN_PROGRESS' });
        seedBroker(h.account, { state: 'CREATION_IN_PROGRESS' });
        seedBroker(h.account, { state: 'DELETION_IN_PROGRESS' });

        expect((await h.listAll()).map((r) => r.arn).sort()).toEqual([running.arn, rebooting.arn].sort());
      });

      it('protects the replica of a cross-Region data replication pair', async () => {
        const replica = seedBroker(h.account, { state: 'REPLICA' });

        expect((await h.listed(replica.arn)).protectedBecause).toBe('the replica broker of a cross-Region data replication pair');
      });
    });

    describe('deletion', () => {
      it('starts the deletion; the broker is no longer listed, and gone once Amazon MQ finishes', async () => {
        const b = seedBroker(h.account, { tags: { 'janitor:delete-after': '2026-11-20T00:00:00Z' } });

        expect(await h.deleteListed(b.arn)).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; messages still on the broker are lost',
        });
        expect(h.account.callsOf('DeleteBroker').map((c) => c.input)).toEqual([{ BrokerId: b.data.id }]);
        expect(await h.listAll()).toEqual([]);
        finishMqDeletions(h.account);
        expect(h.account.exists(b.arn)).toBe(false);
      });

      it('keeps a primary broker paired for cross-Region replication since it was listed', async () => {
        const b = seedBroker(h.account);
        const listed = await h.listed(b.arn);
        h.account.get(b.arn).data.crdr = true;

        expect(await mqBroker.delete(h.clients, listed, { backup: true, disableProtection: false, emptyFirst: false })).toMatchObject({
          status: 'skipped',
          reason: expect.stringContaining('cross-Region data replication'),
        });
        expect(h.account.callsOf('DeleteBroker')).toEqual([]);
      });

      it('retries a rebooting broker in a later wave instead of failing', async () => {
        const b = seedBroker(h.account, { state: 'REBOOT_IN_PROGRESS' });

        await expect(h.deleteListed(b.arn)).rejects.toBeInstanceOf(RetryLaterError);
        expect(h.account.callsOf('DeleteBroker')).toEqual([]);
      });
    });

    describe('declarations', () => {
      it('estimates the cost by instance type and deployment mode (approximate), none for an unknown type', async () => {
        const single = await h.listed(seedBroker(h.account).arn);
        const pair = await h.listed(seedBroker(h.account, { deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ' }).arn);
        const cluster = await h.listed(
          seedBroker(h.account, { engineType: 'RABBITMQ', deploymentMode: 'CLUSTER_MULTI_AZ', hostInstanceType: 'mq.m5.xlarge' }).arn,
        );
        const odd = await h.listed(seedBroker(h.account, { hostInstanceType: 'mq.m7g.large' }).arn);

        expect(mqBroker.costHint!(single)).toBe('~$210/month (mq.m5.large) + storage');
        expect(mqBroker.costHint!(pair)).toBe('~$420/month (2 × mq.m5.large) + storage');
        expect(mqBroker.costHint!(cluster)).toBe('~$1261/month (3 × mq.m5.xlarge) + storage');
        expect(mqBroker.costHint!(odd)).toBeUndefined();
      });

      it('links to the broker in the Amazon MQ console', async () => {
        const b = seedBroker(h.account);
        expect(mqBroker.consoleUrl(await h.listed(b.arn))).toBe(
          `https://eu-west-1.console.aws.amazon.com/amazon-mq/home?region=eu-west-1#/brokers/details?id=${b.data.id}`,
        );
      });
    });
  },
);
