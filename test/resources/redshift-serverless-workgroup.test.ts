import { describe, expect, it } from 'vitest';
import { redshiftServerlessNamespace } from '../../lambda/resources/redshift-serverless-namespace';
import { redshiftServerlessWorkgroup } from '../../lambda/resources/redshift-serverless-workgroup';
import {
  finishRedshiftServerlessDeletions,
  installRedshiftServerless,
  seedServerlessNamespace,
  seedServerlessWorkgroup,
} from '../fakes/services/redshift-serverless';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: redshiftServerlessWorkgroup,
    installers: [installRedshiftServerless],
    seed: (account, options) => seedServerlessWorkgroup(account, options),
    deleteCommand: 'DeleteWorkgroup',
    slowDeletion: true,
    completeCommand: 'GetWorkgroup',
    describeCommand: 'GetWorkgroup',
    goneError: 'ResourceNotFoundException',
    tagActions: ['redshift-serverless:TagResource', 'redshift-serverless:UntagResource'],
    // The contract files every *Tag* command under the tag actions; this tag read is a read, checked below.
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    describe('listing', () => {
      it('lists a workgroup under the ARN the service gives, leaving creation time and tags to complete()', async () => {
        const namespace = seedServerlessNamespace(h.account, { name: 'sales' });
        const workgroup = seedServerlessWorkgroup(h.account, { name: 'adhoc', namespace, tags: { team: 'bi' }, baseCapacity: 8 });

        expect(await h.listAll()).toEqual([
          {
            type: 'redshift-serverless:workgroup',
            arn: workgroup.arn,
            id: 'adhoc',
            name: 'adhoc',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: { status: 'AVAILABLE', namespace: 'sales', baseCapacityRpu: 8, maxCapacityRpu: undefined },
            needsCompletion: true,
          },
        ]);
        expect(workgroup.arn).toMatch(new RegExp(`^arn:aws:redshift-serverless:${REGION}:${h.account.accountId}:workgroup/[0-9a-f-]{36}$`));
      });

      it('completes a candidate with its creation time and its own tags, from GetWorkgroup and ListTagsForResource', async () => {
        const createdAt = new Date('2025-06-01T08:00:00Z');
        const workgroup = seedServerlessWorkgroup(h.account, { createdAt, tags: { team: 'bi' } });
        const listed = await h.listAll();
        h.account.calls.length = 0;

        const [completed] = await redshiftServerlessWorkgroup.complete!(h.clients, listed);

        expect(completed).toMatchObject({ arn: workgroup.arn, createdAt, tags: { team: 'bi' } });
        expect(completed!.needsCompletion).toBeUndefined();
        expect(h.account.calls.map((c) => c.command)).toEqual(['GetWorkgroup', 'ListTagsForResource']);
      });

      it('leaves out workgroups being deleted, when listed and when their deletion started since', async () => {
        seedServerlessWorkgroup(h.account, { status: 'DELETING' });
        const kept = seedServerlessWorkgroup(h.account);
        const deletingSince = seedServerlessWorkgroup(h.account);
        const listed = await h.listAll();
        expect(listed.map((r) => r.arn)).toEqual([kept.arn, deletingSince.arn]);
        deletingSince.data.status = 'DELETING';

        expect((await redshiftServerlessWorkgroup.complete!(h.clients, listed)).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('deletion', () => {
      it('deletes the workgroup and leaves its namespace (the data) to the namespace type', async () => {
        const namespace = seedServerlessNamespace(h.account, { name: 'sales' });
        const workgroup = seedServerlessWorkgroup(h.account, { name: 'adhoc', namespace });

        expect(await h.deleteListed(workgroup.arn)).toEqual({
          status: 'started',
          note: 'deletion takes several minutes; namespace sales and its data stay',
        });
        expect(h.account.callsOf('DeleteWorkgroup').map((c) => c.input)).toEqual([{ workgroupName: 'adhoc' }]);
        finishRedshiftServerlessDeletions(h.account);
        expect(h.account.exists(workgroup.arn)).toBe(false);
        expect(h.account.exists(namespace.arn)).toBe(true);
      });

      it('goes before its namespace in a deletion wave', () => {
        expect(redshiftServerlessWorkgroup.deletionOrder).toBeLessThan(redshiftServerlessNamespace.deletionOrder!);
      });
    });

    describe('declarations', () => {
      it('reads its own tags with a read action', () => {
        expect(redshiftServerlessWorkgroup.iam.read).toContain('redshift-serverless:ListTagsForResource');
        expect(redshiftServerlessWorkgroup.iam.tag).not.toContain('redshift-serverless:ListTagsForResource');
      });

      it('links to the workgroup in the Redshift console', async () => {
        const workgroup = seedServerlessWorkgroup(h.account, { name: 'adhoc' });

        expect(redshiftServerlessWorkgroup.consoleUrl(await h.listed(workgroup.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/redshiftv2/home?region=eu-west-1#serverless-workgroup-details?workgroup=adhoc',
        );
      });

      it('estimates the hourly cost of its base capacity while queries run', async () => {
        const workgroup = seedServerlessWorkgroup(h.account, { baseCapacity: 8 });

        expect(redshiftServerlessWorkgroup.costHint!(await h.listed(workgroup.arn))).toBe(
          '~$3/hour while queries run (8 RPUs base) + storage',
        );
      });
    });
  },
);
