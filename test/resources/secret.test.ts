import { describe, expect, it } from 'vitest';
import { secret } from '../../lambda/resources/secret';
import { installSecretsManager, seedSecret } from '../fakes/services/secrets-manager';
import { DEFAULT_DELETION, describePlugin, OTHER_REGION, REGION } from './plugin-harness';

describePlugin(
  {
    type: secret,
    installers: [installSecretsManager],
    seed: seedSecret,
    deleteCommand: 'DeleteSecret',
    slowDeletion: true,
    tagActions: ['secretsmanager:TagResource', 'secretsmanager:UntagResource'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a secret by its full ARN, with its name, creation time and tags', async () => {
        const createdAt = new Date('2024-03-01T10:00:00Z');
        const seeded = seedSecret(h.account, { name: 'payments/db', createdAt, tags: { team: 'payments' } });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'secretsmanager:secret',
          arn: seeded.arn,
          id: seeded.arn,
          name: 'payments/db',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: { team: 'payments' },
          protectedBecause: undefined,
        });
        expect(seeded.arn).toMatch(new RegExp(`^arn:aws:secretsmanager:${REGION}:${h.account.accountId}:secret:payments/db-\\w{6}$`));
      });

      it('leaves out secrets already scheduled for deletion', async () => {
        const active = seedSecret(h.account);
        seedSecret(h.account, { deletedDate: new Date('2024-05-01T00:00:00Z') });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([active.arn]);
        for (const call of h.account.callsOf('ListSecrets')) expect(call.input.IncludePlannedDeletion).toBeFalsy();
      });

      it('protects a secret another service manages, such as an RDS master password', async () => {
        const rdsManaged = seedSecret(h.account, { name: 'rds!db-0a1b2c', owningService: 'rds' });

        expect((await h.listed(rdsManaged.arn)).protectedBecause).toBe('managed by rds');
      });

      it('protects a replica, which goes with its primary in the other region', async () => {
        const replica = seedSecret(h.account, { primaryRegion: OTHER_REGION });
        const primaryHere = seedSecret(h.account, { primaryRegion: REGION });

        expect((await h.listed(replica.arn)).protectedBecause).toBe(`replica of a secret in ${OTHER_REGION}`);
        expect((await h.listed(primaryHere.arn)).protectedBecause).toBeUndefined();
      });

      it('reads tags from ListSecrets alone, with no per-secret call', async () => {
        for (let i = 0; i < 7; i++) seedSecret(h.account, { tags: i % 2 ? { team: 'payments' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['ListSecrets']);
      });
    });

    describe('deletion', () => {
      it('schedules deletion with a 30-day recovery window, never forcing it', async () => {
        const seeded = seedSecret(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({
          status: 'started',
          note: 'scheduled for deletion in 30 days; restore with RestoreSecret until then',
        });
        expect(h.account.callsOf('DeleteSecret').map((c) => c.input)).toEqual([{ SecretId: seeded.arn, RecoveryWindowInDays: 30 }]);
        expect(h.account.get(seeded.arn).data.deletedDate).toBeInstanceOf(Date);
        // Still recoverable, and no longer inventory.
        expect(h.account.exists(seeded.arn)).toBe(true);
        expect(await h.listAll()).toEqual([]);
      });

      it('never force-deletes, whatever the deletion options say', async () => {
        const seeded = seedSecret(h.account);

        await h.deleteListed(seeded.arn, { backup: false, disableProtection: true, emptyFirst: true });

        for (const call of h.account.callsOf('DeleteSecret')) expect(call.input.ForceDeleteWithoutRecovery).toBeUndefined();
      });

      it('throws a failing DeleteSecret with its AWS name', async () => {
        const seeded = seedSecret(h.account);
        const listed = await h.listed(seeded.arn);
        h.account.get(seeded.arn).data.deletedDate = new Date();

        await expect(secret.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'InvalidRequestException' });
      });
    });

    describe('declarations', () => {
      it('links to the secret in the Secrets Manager console and states its monthly cost', async () => {
        const seeded = seedSecret(h.account, { name: 'payments/db' });
        const listed = await h.listed(seeded.arn);

        expect(secret.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/secretsmanager/secret?name=payments%2Fdb&region=eu-west-1',
        );
        expect(secret.costHint?.(listed)).toBe('~$0.40/month');
      });
    });
  },
);
