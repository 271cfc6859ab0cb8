import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../../lambda/resources/rds-instance';
import { FakeAwsError } from '../fakes/fake-account';
import { finishRdsDeletions, installRds, rdsSnapshots, seedAuroraCluster, seedDbInstance } from '../fakes/services/rds';
import { describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');
const MARK = { 'janitor:delete-after': '2026-11-23T00:00:00Z' };

describePlugin(
  {
    type: rdsInstance,
    installers: [installRds],
    seed: (account, options) => seedDbInstance(account, options),
    deleteCommand: 'DeleteDBInstance',
    slowDeletion: true,
    goneError: 'DBInstanceNotFoundFault',
    fullDeletion: {
      seed: (account) => seedDbInstance(account, { deletionProtection: true }),
      options: { backup: true, disableProtection: true },
    },
    tagActions: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    describeCommand: 'DescribeDBInstances',
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing', () => {
      it('describes an instance with its creation time, engine, class and protection', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        const db = seedDbInstance(h.account, {
          id: 'orders',
          createdAt,
          engine: 'mysql',
          instanceClass: 'db.t4g.small',
          deletionProtection: true,
          allocatedStorageGb: 50,
          tags: { team: 'shop' },
        });

        expect(await h.listAll()).toEqual([
          {
            type: 'rds:db',
            arn: `arn:aws:rds:${REGION}:${h.account.accountId}:db:orders`,
            id: 'orders',
            name: 'orders',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: { team: 'shop' },
            details: {
              status: 'available',
              engine: 'mysql',
              instanceClass: 'db.t4g.small',
              multiAz: false,
              allocatedStorageGb: 50,
              deletionProtection: true,
            },
          },
        ]);
        expect(db.arn).toBe(`arn:aws:rds:${REGION}:${h.account.accountId}:db:orders`);
      });

      it('leaves out Aurora cluster members (they go with their cluster) and instances already being deleted', async () => {
        const standalone = seedDbInstance(h.account);
        seedAuroraCluster(h.account, { memberClasses: ['db.r6g.large', 'db.r6g.large'] });
        seedDbInstance(h.account, { status: 'deleting' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([standalone.arn]);
      });

      it('lets AWS errors from listing propagate with their AWS name', async () => {
        h.account.failNext(
          'DescribeDBInstances',
          () => new FakeAwsError('AccessDenied', 'not authorized to perform rds:DescribeDBInstances'),
        );

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDenied' });
      });
    });

    describe('deletion protection', () => {
      it('reports a protected database as skipped and leaves it alone', async () => {
        const db = seedDbInstance(h.account, { deletionProtection: true });

        expect(await h.deleteListed(db.arn)).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
        expect(h.account.mutatingCalls()).toEqual([]);
        expect(db.data.status).toBe('available');
      });

      it('re-reads protection at delete time, as it may have been switched on since listing', async () => {
        const db = seedDbInstance(h.account);
        const listed = await h.listed(db.arn);
        db.data.deletionProtection = true;

        const outcome = await rdsInstance.delete(h.clients, listed, {
          backup: true,
          disableProtection: false,
          emptyFirst: false,
        });

        expect(outcome).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
        expect(h.account.callsOf('DeleteDBInstance')).toEqual([]);
      });

      it('switches protection off first when allowed, then deletes', async () => {
        const db = seedDbInstance(h.account, { id: 'legacy', deletionProtection: true });

        const outcome = await h.deleteListed(db.arn, { disableProtection: true, backup: false });

        expect(outcome.status).toBe('started');
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['ModifyDBInstance', { DBInstanceIdentifier: 'legacy', DeletionProtection: false, ApplyImmediately: true }],
          ['DeleteDBInstance', { DBInstanceIdentifier: 'legacy', SkipFinalSnapshot: true }],
        ]);
        expect(db.data.status).toBe('deleting');
      });
    });

    describe('final snapshot', () => {
      it('takes a final snapshot named janitor-final-{id}-{yyyymmddhhmm}, keeps automated backups and names it in the outcome', async () => {
        const db = seedDbInstance(h.account, { id: 'orders' });

        const outcome = await h.deleteListed(db.arn, { backup: true });

        expect(outcome).toEqual({
          status: 'started',
          note: 'deletion takes several minutes',
          backup: 'final snapshot janitor-final-orders-202611240307',
        });
        expect(h.account.callsOf('DeleteDBInstance').map((c) => c.input)).toEqual([
          {
            DBInstanceIdentifier: 'orders',
            SkipFinalSnapshot: false,
            FinalDBSnapshotIdentifier: 'janitor-final-orders-202611240307',
            DeleteAutomatedBackups: false,
          },
        ]);
        expect(rdsSnapshots(h.account).map((s) => s.data)).toEqual([
          expect.objectContaining({ id: 'janitor-final-orders-202611240307', sourceId: 'orders' }),
        ]);
      });

      it('skips the final snapshot explicitly when backups are off', async () => {
        const db = seedDbInstance(h.account, { id: 'scratch' });

        const outcome = await h.deleteListed(db.arn, { backup: false });

        expect(outcome).toEqual({ status: 'started', note: 'deletion takes several minutes; no final snapshot (backups are off)' });
        expect(h.account.callsOf('DeleteDBInstance').map((c) => c.input)).toEqual([
          { DBInstanceIdentifier: 'scratch', SkipFinalSnapshot: true },
        ]);
        expect(rdsSnapshots(h.account)).toEqual([]);
      });

      it('deletes a read replica without a snapshot, which RDS refuses for replicas', async () => {
        seedDbInstance(h.account, { id: 'primary' });
        const replica = seedDbInstance(h.account, { id: 'primary-replica', readReplicaOf: 'primary' });

        const outcome = await h.deleteListed(replica.arn, { backup: true });

        expect(outcome).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; read replica of primary, so no final snapshot',
        });
        expect(h.account.callsOf('DeleteDBInstance').map((c) => c.input)).toEqual([
          { DBInstanceIdentifier: 'primary-replica', SkipFinalSnapshot: true },
        ]);
      });

      it('skips a failed instance when backups are required, since RDS could only delete it without a snapshot', async () => {
        const db = seedDbInstance(h.account, { status: 'failed', deletionProtection: true });

        expect(await h.deleteListed(db.arn, { backup: true, disableProtection: true })).toEqual({
          status: 'skipped',
          reason: 'status failed: RDS can only delete it without a final snapshot, and backups are required',
        });
        // Protection is not switched off for a deletion that cannot happen.
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('warns that CopyTagsToSnapshot copies the janitor mark onto the final snapshot', async () => {
        const db = seedDbInstance(h.account, { id: 'orders', copyTagsToSnapshot: true, tags: { ...MARK } });

        const outcome = await h.deleteListed(db.arn, { backup: true });

        expect(outcome).toMatchObject({
          status: 'started',
          note: "deletion takes several minutes; the snapshot copies the instance's tags, janitor:delete-after included",
        });
        expect(rdsSnapshots(h.account)[0]!.tags).toEqual(MARK);
      });

      it('makes a valid snapshot identifier from a 63-character identifier, the RDS maximum', async () => {
        const id = `a${'-b'.repeat(31)}`;
        const db = seedDbInstance(h.account, { id });

        const outcome = await h.deleteListed(db.arn, { backup: true });

        expect(outcome).toMatchObject({ backup: `final snapshot janitor-final-${id}-202611240307` });
      });
    });

    describe('started deletions', () => {
      it('are no longer listed, and are gone once RDS finishes', async () => {
        const db = seedDbInstance(h.account);
        await h.deleteListed(db.arn, { backup: false });

        expect(await h.listAll()).toEqual([]);
        finishRdsDeletions(h.account);
        expect(h.account.exists(db.arn)).toBe(false);
      });
    });

    describe('declarations', () => {
      it('declares the actions particular to it', () => {
        expect(rdsInstance.iam.delete).toContain('rds:CreateDBSnapshot');
      });

      it('links to the database in the RDS console', async () => {
        const db = seedDbInstance(h.account, { id: 'orders' });

        expect(rdsInstance.consoleUrl(await h.listed(db.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#database:id=orders;is-cluster=false',
        );
      });

      it('estimates the monthly cost from the instance class, Multi-AZ and storage', async () => {
        const micro = seedDbInstance(h.account, { instanceClass: 'db.t3.micro', allocatedStorageGb: 20 });
        const multiAz = seedDbInstance(h.account, { instanceClass: 'db.m6g.large', multiAz: true, allocatedStorageGb: 100 });
        const exotic = seedDbInstance(h.account, { instanceClass: 'db.x2iedn.32xlarge' });

        expect(rdsInstance.costHint!(await h.listed(micro.arn))).toBe('~$12/month (db.t3.micro) + ~$2 storage (20 GB)');
        expect(rdsInstance.costHint!(await h.listed(multiAz.arn))).toBe('~$222/month (db.m6g.large, Multi-AZ) + ~$23 storage (100 GB)');
        expect(rdsInstance.costHint!(await h.listed(exotic.arn))).toBeUndefined();
      });
    });
  },
);
