import { describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import { dynamodbTable } from '../../lambda/resources/dynamodb-table';
import { FakeAwsError } from '../fakes/fake-account';
import { installDynamoDb, seedBackup, seedTable, tableBackups } from '../fakes/services/dynamodb';
import { describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');
const NO_BACKUP = { backup: false, disableProtection: false, emptyFirst: false };

describePlugin(
  {
    type: dynamodbTable,
    installers: [installDynamoDb],
    seed: (account, options) => seedTable(account, options),
    deleteCommand: 'DeleteTable',
    completeCommand: 'DescribeTable',
    fullDeletion: {
      seed: (account) => seedTable(account, { name: 'scratch', deletionProtection: true }),
      options: { backup: true, disableProtection: true },
    },
    tagActions: ['dynamodb:TagResource', 'dynamodb:UntagResource'],
    describeCommand: 'DescribeTable',
  },
  (h) => {
    freezeDateAt(NOW);

    async function listedTable(name: string) {
      const found = (await h.listAndComplete()).find((r) => r.id === name);
      if (!found) throw new Error(`table ${name} not listed`);
      return found;
    }

    describe('listing', () => {
      it('lists a table by name with the ARN built from it, leaving creation time and state to complete()', async () => {
        seedTable(h.account, { name: 'invoices', createdAt: new Date('2023-11-05T14:00:00Z'), deletionProtection: true });

        expect(await h.listAll()).toEqual([
          {
            type: 'dynamodb:table',
            arn: `arn:aws:dynamodb:eu-west-1:${h.account.accountId}:table/invoices`,
            id: 'invoices',
            name: 'invoices',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            needsCompletion: true,
          },
        ]);
        expect(h.commandsCalled()).toEqual(['ListTables']);
      });

      it("builds the ARN in the region's partition", async () => {
        seedTable(h.account, { name: 'orders', region: 'cn-north-1' });
        const listed = [];
        for await (const r of dynamodbTable.list(new AwsClients({ accountId: h.account.accountId, region: 'cn-north-1' }))) listed.push(r);

        expect(listed.map((r) => r.arn)).toEqual([`arn:aws-cn:dynamodb:cn-north-1:${h.account.accountId}:table/orders`]);
      });

      it('completes a table with its creation time, status and deletion protection, one DescribeTable each', async () => {
        const createdAt = new Date('2023-11-05T14:00:00Z');
        seedTable(h.account, { name: 'invoices', createdAt, deletionProtection: true });
        for (let i = 0; i < 6; i++) seedTable(h.account, { tags: i % 2 ? { team: 'billing' } : {} });
        const listed = await h.listAll();
        h.account.calls.length = 0;

        const completed = await dynamodbTable.complete!(h.clients, listed);

        expect(completed.find((r) => r.id === 'invoices')).toEqual({
          type: 'dynamodb:table',
          arn: `arn:aws:dynamodb:eu-west-1:${h.account.accountId}:table/invoices`,
          id: 'invoices',
          name: 'invoices',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: {},
          details: { status: 'ACTIVE', deletionProtection: true },
        });
        expect(h.commandsCalled()).toEqual(['DescribeTable']);
        expect(h.account.callsOf('DescribeTable')).toHaveLength(7);
      });

      it('leaves out tables already being deleted', async () => {
        const active = seedTable(h.account);
        seedTable(h.account, { status: 'DELETING' });

        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([active.arn]);
      });

      it('leaves out a table deleted between ListTables and DescribeTable', async () => {
        const [gone, kept] = [seedTable(h.account, { name: 'a-gone' }), seedTable(h.account, { name: 'b-kept' })];
        h.account.failNext('DescribeTable', () => new FakeAwsError('ResourceNotFoundException', 'Requested resource not found'));

        const arns = (await h.listAndComplete()).map((r) => r.arn);

        expect(arns).toEqual([kept.arn]);
        expect(arns).not.toContain(gone.arn);
      });

      it('refuses to complete a table whose real ARN differs from the one its tags were joined on', async () => {
        seedTable(h.account, { name: 'invoices' });
        const listed = (await h.listAll())[0]!;

        await expect(
          dynamodbTable.complete!(h.clients, [{ ...listed, arn: listed.arn.replace(h.account.accountId, '999999999999') }]),
        ).rejects.toThrow(/DescribeTable gave ARN .* for the table listed as/);
      });
    });

    describe('deletion', () => {
      it('deletes an unprotected table with DeleteTable, without a backup when backups are off', async () => {
        const table = seedTable(h.account, { name: 'scratch' });

        const outcome = await h.deleteListed(table.arn, { backup: false });

        expect(outcome).toEqual({ status: 'deleted' });
        expect(h.account.exists(table.arn)).toBe(false);
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([['DeleteTable', { TableName: 'scratch' }]]);
        expect(tableBackups(h.account, 'scratch')).toEqual([]);
      });

      it('takes an on-demand backup named janitor-final-{table}-{timestamp} before DeleteTable, and names it', async () => {
        const table = seedTable(h.account, { name: 'invoices' });

        const outcome = await h.deleteListed(table.arn, { backup: true });

        expect(outcome).toEqual({ status: 'deleted', backup: 'on-demand backup janitor-final-invoices-202611240307' });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['CreateBackup', { TableName: 'invoices', BackupName: 'janitor-final-invoices-202611240307' }],
          ['DeleteTable', { TableName: 'invoices' }],
        ]);
        // The backup outlives the table.
        expect(tableBackups(h.account, 'invoices').map((b) => b.data.name)).toEqual(['janitor-final-invoices-202611240307']);
      });

      it('reuses its own backup when retrying a deletion that failed after the backup', async () => {
        seedTable(h.account, { name: 'invoices' });
        const listed = await listedTable('invoices');
        h.account.failNext('DeleteTable', () => new FakeAwsError('ResourceInUseException', 'Table is being updated'));
        const options = { ...NO_BACKUP, backup: true };

        await expect(dynamodbTable.delete(h.clients, listed, options)).rejects.toMatchObject({ name: 'ResourceInUseException' });
        vi.setSystemTime(new Date(NOW.getTime() + 5 * 60_000));
        expect(await dynamodbTable.delete(h.clients, listed, options)).toEqual({
          status: 'deleted',
          backup: 'on-demand backup janitor-final-invoices-202611240307',
        });

        expect(h.account.callsOf('CreateBackup')).toHaveLength(1);
      });

      it('takes a fresh backup rather than reuse an old janitor backup, or one of an earlier table of the same name', async () => {
        const table = seedTable(h.account, { name: 'invoices', createdAt: new Date('2026-11-24T02:30:00Z') });
        seedBackup(h.account, table, 'janitor-final-invoices-202611240220', new Date('2026-11-24T02:20:00Z'));
        const yesterday = seedTable(h.account, { name: 'orders', createdAt: new Date('2026-01-01T00:00:00Z') });
        seedBackup(h.account, yesterday, 'janitor-final-orders-202611230300', new Date('2026-11-23T03:00:00Z'));

        expect(await h.deleteListed(table.arn, { backup: true })).toMatchObject({
          backup: 'on-demand backup janitor-final-invoices-202611240307',
        });
        expect(await h.deleteListed(yesterday.arn, { backup: true })).toMatchObject({
          backup: 'on-demand backup janitor-final-orders-202611240307',
        });
        expect(h.account.callsOf('CreateBackup')).toHaveLength(2);
      });

      it('keeps a table with deletion protection on, and reports it', async () => {
        const table = seedTable(h.account, { name: 'invoices', deletionProtection: true });

        expect(await h.deleteListed(table.arn)).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
        expect(h.account.exists(table.arn)).toBe(true);
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('switches deletion protection off first when allowed, then backs up and deletes', async () => {
        const table = seedTable(h.account, { name: 'invoices', deletionProtection: true });

        const outcome = await h.deleteListed(table.arn, { backup: true, disableProtection: true });

        expect(outcome).toEqual({ status: 'deleted', backup: 'on-demand backup janitor-final-invoices-202611240307' });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['UpdateTable', { TableName: 'invoices', DeletionProtectionEnabled: false }],
          ['CreateBackup', { TableName: 'invoices', BackupName: 'janitor-final-invoices-202611240307' }],
          ['DeleteTable', { TableName: 'invoices' }],
        ]);
        expect(h.account.exists(table.arn)).toBe(false);
      });

      it('re-reads deletion protection at delete time, as it may have been switched on since listing', async () => {
        const table = seedTable(h.account, { name: 'invoices' });
        const listed = await listedTable('invoices');
        table.data.deletionProtection = true;

        expect(await dynamodbTable.delete(h.clients, listed, NO_BACKUP)).toEqual({
          status: 'skipped',
          reason: 'deletion protection is on',
        });
        expect(h.account.exists(table.arn)).toBe(true);
      });

      it('throws ResourceNotFoundException when the table is already gone', async () => {
        const table = seedTable(h.account, { name: 'scratch' });
        const listed = await listedTable('scratch');
        h.account.remove(table.arn);

        await expect(dynamodbTable.delete(h.clients, listed, NO_BACKUP)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      });

      it('throws a failing DeleteTable with its AWS name', async () => {
        seedTable(h.account, { name: 'busy' });
        h.account.failNext('DeleteTable', () => new FakeAwsError('ResourceInUseException', 'Table is being updated'));

        await expect(dynamodbTable.delete(h.clients, await listedTable('busy'), NO_BACKUP)).rejects.toMatchObject({
          name: 'ResourceInUseException',
        });
      });
    });

    describe('declarations', () => {
      it('declares the actions particular to it', () => {
        expect(dynamodbTable.iam.delete).toContain('dynamodb:DescribeTable');
      });

      it('links to the table in the DynamoDB console', async () => {
        seedTable(h.account, { name: 'invoices' });

        expect(dynamodbTable.consoleUrl(await listedTable('invoices'))).toBe(
          'https://eu-west-1.console.aws.amazon.com/dynamodbv2/home?region=eu-west-1#table?name=invoices',
        );
      });
    });
  },
);
