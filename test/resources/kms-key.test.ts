import { describe, expect, it } from 'vitest';
import { kmsKey } from '../../lambda/resources/kms-key';
import { FakeAwsError } from '../fakes/fake-account';
import { installKms, seedKmsKey } from '../fakes/services/kms';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: kmsKey,
    installers: [installKms],
    seed: seedKmsKey,
    deleteCommand: 'ScheduleKeyDeletion',
    completeCommand: 'DescribeKey',
    slowDeletion: true,
    fullDeletion: { seed: (account) => seedKmsKey(account, { alias: 'x' }) },
    tagActions: ['kms:TagResource', 'kms:UntagResource'],
  },
  (h) => {
    describe('listing', () => {
      it('lists a customer-managed key by id and ARN, named after its first alias, leaving the rest to complete()', async () => {
        const seeded = seedKmsKey(h.account, { alias: 'payments-data', createdAt: new Date('2024-01-15T12:00:00Z') });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'kms:key',
          arn: `arn:aws:kms:${REGION}:${h.account.accountId}:key/${seeded.data.keyId}`,
          id: seeded.data.keyId,
          name: 'alias/payments-data',
          region: REGION,
          accountId: h.account.accountId,
          tags: {},
          needsCompletion: true,
        });
        expect(h.commandsCalled().sort()).toEqual(['ListAliases', 'ListKeys']);
      });

      it('completes a customer-managed key with its creation date, manager, state and multi-Region type', async () => {
        const createdAt = new Date('2024-01-15T12:00:00Z');
        const seeded = seedKmsKey(h.account, { alias: 'payments-data', createdAt });

        expect(await h.completed(seeded.arn)).toEqual({
          type: 'kms:key',
          arn: `arn:aws:kms:${REGION}:${h.account.accountId}:key/${seeded.data.keyId}`,
          id: seeded.data.keyId,
          name: 'alias/payments-data',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: {},
          protectedBecause: undefined,
          details: { keyManager: 'CUSTOMER', keyState: 'Enabled', multiRegionKeyType: undefined },
        });
      });

      it('protects an AWS-managed key at list time by its alias/aws/ alias, without DescribeKey', async () => {
        const awsManaged = seedKmsKey(h.account, { keyManager: 'AWS', alias: 'aws/s3' });

        const listed = await h.listed(awsManaged.arn);

        expect(listed).toMatchObject({ protectedBecause: 'AWS-managed key', details: { keyManager: 'AWS' }, name: 'alias/aws/s3' });
        expect(listed.needsCompletion).toBeUndefined();
        expect(h.account.callsOf('DescribeKey')).toEqual([]);
        expect(kmsKey.costHint?.(listed)).toBeUndefined();
      });

      it('does not take a customer alias that merely contains "aws" for an AWS-managed one', async () => {
        const customer = seedKmsKey(h.account, { alias: 'aws-data' });

        expect((await h.listed(customer.arn)).protectedBecause).toBeUndefined();
      });

      it('still protects an AWS-managed key that shows no alias, once completed', async () => {
        const awsManaged = seedKmsKey(h.account, { keyManager: 'AWS' });

        expect((await h.completed(awsManaged.arn)).protectedBecause).toBe('AWS-managed key');
      });

      it('refuses to schedule deletion of an AWS-managed key even if asked to', async () => {
        const awsManaged = seedKmsKey(h.account, { keyManager: 'AWS' });

        expect(await h.deleteListed(awsManaged.arn)).toEqual({ status: 'skipped', reason: 'AWS-managed key' });
        expect(h.account.callsOf('ScheduleKeyDeletion')).toEqual([]);
        expect(h.account.get(awsManaged.arn).data.keyState).toBe('Enabled');
      });

      it('leaves out keys already pending deletion once completed', async () => {
        const enabled = seedKmsKey(h.account);
        const disabled = seedKmsKey(h.account, { keyState: 'Disabled' });
        seedKmsKey(h.account, { keyState: 'PendingDeletion' });
        seedKmsKey(h.account, { keyState: 'PendingReplicaDeletion', multiRegion: 'PRIMARY' });

        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([enabled.arn, disabled.arn]);
      });

      it('completes multi-Region primary and replica keys like any other key', async () => {
        const primary = seedKmsKey(h.account, { multiRegion: 'PRIMARY' });
        const replica = seedKmsKey(h.account, { multiRegion: 'REPLICA' });

        expect(primary.data.keyId).toMatch(/^mrk-/);
        expect((await h.completed(primary.arn)).details?.multiRegionKeyType).toBe('PRIMARY');
        expect((await h.completed(replica.arn)).details?.multiRegionKeyType).toBe('REPLICA');
      });

      it('reads aliases once per listing, however many keys there are, and describes no key while listing', async () => {
        for (let i = 0; i < 12; i++) seedKmsKey(h.account, { alias: `app-${i}` });

        const listed = await h.listAll();

        expect(listed.map((r) => r.name)).toEqual(Array.from({ length: 12 }, (_, i) => `alias/app-${i}`));
        // One sweep of the aliases: ceil((12 aliases + 1 predefined) / page size) pages, not one per key.
        expect(h.account.callsOf('ListAliases')).toHaveLength(Math.ceil(13 / h.account.defaultPageSize));
        for (const call of h.account.callsOf('ListAliases')) expect(call.input.KeyId).toBeUndefined();
        expect(h.account.callsOf('DescribeKey')).toEqual([]);
        expect(h.commandsCalled().filter((c) => /Tag/.test(c))).toEqual([]);
      });

      it('describes each key it completes once', async () => {
        for (let i = 0; i < 7; i++) seedKmsKey(h.account);
        const listed = await h.listAll();

        await kmsKey.complete!(h.clients, listed.slice(0, 4));

        expect(h.account.callsOf('DescribeKey').map((c) => c.input.KeyId)).toEqual(listed.slice(0, 4).map((r) => r.id));
      });

      it('makes no alias call for a region without keys', async () => {
        expect(await h.listAll()).toEqual([]);
        expect(h.commandsCalled()).toEqual(['ListKeys']);
      });

      it('leaves out a key deleted between ListKeys and DescribeKey', async () => {
        const [gone, kept] = [seedKmsKey(h.account), seedKmsKey(h.account)];
        h.account.failNext('DescribeKey', () => new FakeAwsError('NotFoundException', `Key '${gone.arn}' does not exist`));

        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([kept.arn]);
      });

      it('throws other AWS errors with their AWS name', async () => {
        seedKmsKey(h.account);
        h.account.failNext('DescribeKey', () => new FakeAwsError('AccessDeniedException', 'not authorized to perform kms:DescribeKey'));

        await expect(h.listAndComplete()).rejects.toMatchObject({ name: 'AccessDeniedException' });
      });
    });

    describe('deletion', () => {
      it('schedules deletion with a 30-day waiting period', async () => {
        const seeded = seedKmsKey(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({
          status: 'started',
          note: 'deletion scheduled in 30 days; cancel with CancelKeyDeletion',
        });
        expect(h.account.callsOf('ScheduleKeyDeletion').map((c) => c.input)).toEqual([
          { KeyId: seeded.data.keyId, PendingWindowInDays: 30 },
        ]);
        expect(h.account.get(seeded.arn).data.keyState).toBe('PendingDeletion');
        // A scheduled key is no longer inventory once completed, so a later run does not schedule it again.
        expect(await h.listAndComplete()).toEqual([]);
      });

      it('throws KMSInvalidStateException when the key was scheduled by someone else meanwhile', async () => {
        const seeded = seedKmsKey(h.account);
        const listed = await h.completed(seeded.arn);
        h.account.get(seeded.arn).data.keyState = 'PendingDeletion';

        await expect(kmsKey.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'KMSInvalidStateException' });
      });
    });

    describe('declarations', () => {
      it('goes after the resources it may encrypt', () => {
        expect(kmsKey.deletionOrder).toBeGreaterThan(80);
      });

      it('links to the key in the KMS console and states its monthly cost', async () => {
        const seeded = seedKmsKey(h.account);
        const listed = await h.completed(seeded.arn);

        expect(kmsKey.consoleUrl(listed)).toBe(
          `https://eu-west-1.console.aws.amazon.com/kms/home?region=eu-west-1#/kms/keys/${seeded.data.keyId}`,
        );
        expect(kmsKey.costHint?.(listed)).toBe('$1/month');
      });
    });
  },
);
