import { describe, expect, it } from 'vitest';
import { redshiftServerlessNamespace } from '../../lambda/resources/redshift-serverless-namespace';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import {
  finishRedshiftServerlessDeletions,
  installRedshiftServerless,
  seedServerlessNamespace,
  seedServerlessWorkgroup,
  serverlessSnapshots,
} from '../fakes/services/redshift-serverless';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: redshiftServerlessNamespace,
    installers: [installRedshiftServerless],
    seed: (account, options) => seedServerlessNamespace(account, options),
    deleteCommand: 'DeleteNamespace',
    slowDeletion: true,
    completeCommand: 'GetNamespace',
    describeCommand: 'GetNamespace',
    tagActions: ['redshift-serverless:TagResource', 'redshift-serverless:UntagResource'],
    // The contract files every *Tag* command under the tag actions; this tag read is a read, checked below.
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing', () => {
      it('lists a namespace under the ARN the service gives, leaving creation time and tags to complete()', async () => {
        const namespace = seedServerlessNamespace(h.account, { name: 'sales', tags: { team: 'bi' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'redshift-serverless:namespace',
            arn: namespace.arn,
            id: 'sales',
            name: 'sales',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: { status: 'AVAILABLE' },
            needsCompletion: true,
          },
        ]);
      });

      it('completes a candidate with its creation time and its own tags', async () => {
        const createdAt = new Date('2025-06-01T08:00:00Z');
        const namespace = seedServerlessNamespace(h.account, { createdAt, tags: { team: 'bi' } });

        expect(await h.completed(namespace.arn)).toMatchObject({ createdAt, tags: { team: 'bi' } });
        expect(h.account.callsOf('ListTagsForResource').map((c) => c.input)).toEqual([{ resourceArn: namespace.arn }]);
      });

      it('leaves out namespaces being deleted', async () => {
        seedServerlessNamespace(h.account, { status: 'DELETING' });
        const kept = seedServerlessNamespace(h.account);

        expect((await h.listAndComplete()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('deletion', () => {
      it('takes a final snapshot janitor-final-* by default and names it', async () => {
        const namespace = seedServerlessNamespace(h.account, { name: 'sales' });

        expect(await h.deleteListed(namespace.arn)).toEqual({
          status: 'started',
          note: 'final snapshot, then deletion: several minutes',
          backup: 'final snapshot janitor-final-sales-202611240307',
        });
        expect(h.account.callsOf('DeleteNamespace').map((c) => c.input)).toEqual([
          { namespaceName: 'sales', finalSnapshotName: 'janitor-final-sales-202611240307' },
        ]);
        expect(serverlessSnapshots(h.account).map((s) => s.data)).toEqual([
          { name: 'janitor-final-sales-202611240307', namespaceName: 'sales' },
        ]);
      });

      it('deletes without a snapshot only when backups are off', async () => {
        const namespace = seedServerlessNamespace(h.account, { name: 'sales' });

        expect(await h.deleteListed(namespace.arn, { backup: false })).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; no final snapshot (backups are off)',
        });
        expect(h.account.callsOf('DeleteNamespace').map((c) => c.input)).toEqual([{ namespaceName: 'sales' }]);
        expect(serverlessSnapshots(h.account)).toEqual([]);
      });

      it('retries later while a workgroup uses it, a deleting one too, and deletes it once the workgroup is gone', async () => {
        const namespace = seedServerlessNamespace(h.account, { name: 'sales' });
        const workgroup = seedServerlessWorkgroup(h.account, { name: 'adhoc', namespace });
        const listed = await h.completed(namespace.arn);

        await expect(redshiftServerlessNamespace.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toThrow(RetryLaterError);
        workgroup.data.status = 'DELETING';
        await expect(redshiftServerlessNamespace.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toThrow(
          'namespace still used by workgroup(s) adhoc',
        );
        expect(h.account.callsOf('DeleteNamespace')).toEqual([]);

        finishRedshiftServerlessDeletions(h.account);
        expect((await redshiftServerlessNamespace.delete(h.clients, listed, DEFAULT_DELETION)).status).toBe('started');
      });

      it('leaves other namespaces’ workgroups out of the check', async () => {
        const namespace = seedServerlessNamespace(h.account);
        seedServerlessWorkgroup(h.account);

        expect((await h.deleteListed(namespace.arn)).status).toBe('started');
      });
    });

    describe('declarations', () => {
      it('reads its own tags with a read action', () => {
        expect(redshiftServerlessNamespace.iam.read).toContain('redshift-serverless:ListTagsForResource');
        expect(redshiftServerlessNamespace.iam.tag).not.toContain('redshift-serverless:ListTagsForResource');
      });

      it('links to the namespace in the Redshift console, and names its storage price', async () => {
        const listed = await h.listed(seedServerlessNamespace(h.account, { name: 'sales' }).arn);

        expect(redshiftServerlessNamespace.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/redshiftv2/home?region=eu-west-1#serverless-namespace-details?namespace=sales',
        );
        expect(redshiftServerlessNamespace.costHint!(listed)).toBe('$0.024/GB-month of managed storage');
      });
    });
  },
);
