import { describe, expect, it } from 'vitest';
import { dmsReplicationInstance } from '../../lambda/resources/dms-replication-instance';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { FakeAwsError } from '../fakes/fake-account';
import { finishDmsDeletions, installDms, seedReplicationInstance, seedReplicationTask } from '../fakes/services/dms';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: dmsReplicationInstance,
    installers: [installDms],
    seed: (account, options) => seedReplicationInstance(account, options),
    deleteCommand: 'DeleteReplicationInstance',
    slowDeletion: true,
    listCommand: 'DescribeReplicationInstances',
    completeCommand: 'DescribeReplicationInstances',
    describeCommand: 'DescribeReplicationInstances',
    goneError: 'ResourceNotFoundFault',
    tagActions: ['dms:AddTagsToResource', 'dms:RemoveTagsFromResource'],
    // A tag read, granted in iam.read (checked below) rather than among the tag writes.
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists ARN, identifier, state and class, leaving creation time and tags to complete()', async () => {
        const i = seedReplicationInstance(h.account, { name: 'orders-migration', instanceClass: 'dms.c5.large', multiAZ: true });

        expect(await h.listAll()).toEqual([
          {
            type: 'dms:rep',
            arn: i.arn,
            id: i.arn,
            name: 'orders-migration',
            iacAliases: ['orders-migration'],
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: {
              status: 'available',
              instanceClass: 'dms.c5.large',
              multiAZ: true,
              allocatedStorage: 50,
              engineVersion: '3.5.3',
              vpcId: 'vpc-0123456789abcdef0',
              publiclyAccessible: false,
            },
            needsCompletion: true,
          },
        ]);
        expect(i.arn).toMatch(new RegExp(`^arn:aws:dms:${REGION}:${h.account.accountId}:rep:[A-Z0-9]{26}$`));
        expect(h.account.calls.map((c) => c.command)).toEqual(['DescribeReplicationInstances']);
        expect(h.account.calls[0]!.input).toEqual({ MaxRecords: 100 });
      });

      it('reads tags from DMS itself: a tagged instance GetResources misses keeps its tags', async () => {
        const neverTagged = seedReplicationInstance(h.account);
        const tagged = seedReplicationInstance(h.account, { tags: { team: 'data' } });
        h.account.taggingApiGaps.add(tagged.arn);

        const completed = new Map((await h.listAndComplete()).map((r) => [r.arn, r.tags]));

        expect(completed).toEqual(
          new Map([
            [neverTagged.arn, {}],
            [tagged.arn, { team: 'data' }],
          ]),
        );
        expect(h.account.callsOf('ListTagsForResource').map((c) => c.input)).toEqual([
          { ResourceArn: neverTagged.arn },
          { ResourceArn: tagged.arn },
        ]);
        expect(
          h.account
            .callsOf('DescribeReplicationInstances')
            .slice(1)
            .map((c) => c.input.Filters),
        ).toEqual([
          [{ Name: 'replication-instance-arn', Values: [neverTagged.arn] }],
          [{ Name: 'replication-instance-arn', Values: [tagged.arn] }],
        ]);
      });

      it('leaves out instances being created or deleted; one modifying, failed or full is inventory', async () => {
        const kept = ['available', 'modifying', 'upgrading', 'rebooting', 'failed', 'storage-full'].map(
          (status) => seedReplicationInstance(h.account, { status }).arn,
        );
        seedReplicationInstance(h.account, { status: 'creating' });
        seedReplicationInstance(h.account, { status: 'deleting' });

        expect((await h.listAndComplete()).map((r) => r.arn).sort()).toEqual(kept.sort());
      });

      it('completes with the creation time DMS gives and leaves out an instance whose deletion started meanwhile', async () => {
        const created = new Date('2026-10-01T12:00:00Z');
        const kept = seedReplicationInstance(h.account, { createdAt: created });
        const leaving = seedReplicationInstance(h.account);
        const listed = await h.listAll();
        h.account.get(leaving.arn).data.status = 'deleting';

        const completed = await dmsReplicationInstance.complete!(h.clients, listed);

        expect(completed.map((r) => [r.arn, r.createdAt])).toEqual([[kept.arn, created]]);
      });

      it('lists nothing when DMS answers the first page with ResourceNotFoundFault, but throws it on a later page', async () => {
        h.account.failNext(
          'DescribeReplicationInstances',
          () => new FakeAwsError('ResourceNotFoundFault', 'No replication instances found'),
        );
        expect(await h.listAll()).toEqual([]);

        for (let n = 0; n < 7; n++) seedReplicationInstance(h.account);
        h.account.failNext(
          'DescribeReplicationInstances',
          () => new FakeAwsError('ResourceNotFoundFault', 'gone'),
          1,
          undefined,
          (input) => input.Marker !== undefined,
        );
        await expect(h.listAll()).rejects.toMatchObject({ name: 'ResourceNotFoundFault' });
      });
    });

    describe('deletion', () => {
      it('starts the deletion of an instance no task uses; gone once DMS finishes', async () => {
        const i = seedReplicationInstance(h.account);
        const other = seedReplicationInstance(h.account);
        seedReplicationTask(h.account, { instanceArn: other.arn });

        expect(await h.deleteListed(i.arn)).toEqual({
          status: 'started',
          note: 'no replication task used it; its storage (task logs, cached changes) goes with it',
        });
        expect(h.account.callsOf('DescribeReplicationTasks').map((c) => c.input)).toEqual([
          { Filters: [{ Name: 'replication-instance-arn', Values: [i.arn] }], WithoutSettings: true, MaxRecords: 100 },
        ]);
        expect(h.account.callsOf('DeleteReplicationInstance').map((c) => c.input)).toEqual([{ ReplicationInstanceArn: i.arn }]);
        expect((await h.listAll()).map((r) => r.arn)).toEqual([other.arn]);
        finishDmsDeletions(h.account);
        expect(h.account.exists(i.arn)).toBe(false);
        expect(h.account.exists(other.arn)).toBe(true);
      });

      it('skips an instance that replication tasks use, naming them with their state; a running migration is never cut', async () => {
        const i = seedReplicationInstance(h.account);
        seedReplicationTask(h.account, { instanceArn: i.arn, name: 'orders-cdc', status: 'running' });
        seedReplicationTask(h.account, { instanceArn: i.arn, name: 'orders-full-load', status: 'stopped' });

        expect(await h.deleteListed(i.arn)).toEqual({
          status: 'skipped',
          reason:
            'used by 2 replication task(s): orders-cdc (running), orders-full-load (stopped); ' +
            'deleting the instance would stop their migrations. Delete the tasks first',
        });
        expect(h.account.callsOf('DeleteReplicationInstance')).toEqual([]);
        expect(h.account.get(i.arn).data.status).toBe('available');
      });

      it('names five tasks and counts the rest', async () => {
        const i = seedReplicationInstance(h.account);
        for (let n = 0; n < 7; n++) seedReplicationTask(h.account, { instanceArn: i.arn, name: `task-${n}`, status: 'ready' });

        const outcome = await h.deleteListed(i.arn);

        expect(outcome).toMatchObject({ status: 'skipped', reason: expect.stringContaining('task-4 (ready) and 2 more;') });
        expect(outcome).toMatchObject({ reason: expect.not.stringContaining('task-5') });
      });

      it('re-reads the tasks at deletion: one created on the instance since it was listed keeps it', async () => {
        const i = seedReplicationInstance(h.account);
        const listed = await h.completed(i.arn);
        seedReplicationTask(h.account, { instanceArn: i.arn, name: 'late-task', status: 'starting' });

        expect(await dmsReplicationInstance.delete(h.clients, listed, DEFAULT_DELETION)).toMatchObject({
          status: 'skipped',
          reason: expect.stringContaining('late-task (starting)'),
        });
        expect(h.account.callsOf('DeleteReplicationInstance')).toEqual([]);
      });

      it('retries later when its only tasks are being deleted', async () => {
        const i = seedReplicationInstance(h.account, { name: 'nearly-free' });
        seedReplicationTask(h.account, { instanceArn: i.arn, name: 'old-task', status: 'deleting' });

        await expect(h.deleteListed(i.arn)).rejects.toThrow(
          new RetryLaterError('replication instance nearly-free: its replication task(s) old-task (deleting) are being deleted'),
        );
        expect(h.account.callsOf('DeleteReplicationInstance')).toEqual([]);
      });

      it('deletes a failed instance no task uses: it only bills', async () => {
        const i = seedReplicationInstance(h.account, { status: 'failed' });
        expect(await h.deleteListed(i.arn)).toMatchObject({ status: 'started' });
        expect(h.account.get(i.arn).data.status).toBe('deleting');
      });

      it('keeps a failed instance a task still uses', async () => {
        const i = seedReplicationInstance(h.account, { name: 'broken', status: 'failed' });
        seedReplicationTask(h.account, { instanceArn: i.arn, name: 'cdc-orders', status: 'failed' });
        expect(await h.deleteListed(i.arn)).toMatchObject({ status: 'skipped' });
        expect(h.account.callsOf('DeleteReplicationInstance')).toEqual([]);
      });

      it('retries an instance that is busy in a later wave, before looking at its tasks', async () => {
        for (const status of ['modifying', 'upgrading', 'rebooting', 'maintenance', 'storage-full']) {
          const i = seedReplicationInstance(h.account, { status });
          await expect(h.deleteListed(i.arn), status).rejects.toBeInstanceOf(RetryLaterError);
        }
        expect(h.account.callsOf('DescribeReplicationTasks')).toEqual([]);
        expect(h.account.callsOf('DeleteReplicationInstance')).toEqual([]);
      });

      it('reports an instance already being deleted as started, without deleting it again', async () => {
        const i = seedReplicationInstance(h.account);
        const listed = await h.completed(i.arn);
        h.account.get(i.arn).data.status = 'deleting';

        expect(await dmsReplicationInstance.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'started',
          note: 'the instance was already being deleted',
        });
        expect(h.account.callsOf('DeleteReplicationInstance')).toEqual([]);
      });
    });

    describe('declarations', () => {
      it('describes class, storage, subnet group and security groups', async () => {
        const i = seedReplicationInstance(h.account, { name: 'orders-migration' });
        const configuration = (await dmsReplicationInstance.describe!(h.clients, await h.completed(i.arn))) as Record<string, any>;

        expect(configuration.replicationInstance).toMatchObject({
          ReplicationInstanceIdentifier: 'orders-migration',
          ReplicationInstanceClass: 'dms.t3.medium',
          AllocatedStorage: 50,
          ReplicationSubnetGroup: { VpcId: 'vpc-0123456789abcdef0' },
          VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
        });
      });

      it('estimates from the instance class, twice for Multi-AZ, and nothing for a class it does not price', async () => {
        const small = await h.listed(seedReplicationInstance(h.account).arn);
        const pair = await h.listed(seedReplicationInstance(h.account, { instanceClass: 'dms.c5.large', multiAZ: true }).arn);
        const unpriced = await h.listed(seedReplicationInstance(h.account, { instanceClass: 'dms.r5.large' }).arn);

        expect(dmsReplicationInstance.costHint!(small)).toBe('~$53/month (dms.t3.medium) + storage');
        expect(dmsReplicationInstance.costHint!(pair)).toBe('~$225/month (dms.c5.large, Multi-AZ) + storage');
        expect(dmsReplicationInstance.costHint!(unpriced)).toBeUndefined();
      });

      it('links to the replication instances of the region in the DMS console', async () => {
        const listed = await h.listed(seedReplicationInstance(h.account).arn);

        expect(dmsReplicationInstance.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/dms/v2/home?region=eu-west-1#replicationInstances',
        );
      });
    });
  },
);
