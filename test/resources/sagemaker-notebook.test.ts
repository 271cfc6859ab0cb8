import { describe, expect, it } from 'vitest';
import { isDependencyError } from '../../lambda/core/deletion-errors';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { sagemakerNotebook } from '../../lambda/resources/sagemaker-notebook';
import { FakeAwsError } from '../fakes/fake-account';
import { installSageMaker, seedNotebookInstance, settleNotebookInstances } from '../fakes/services/sagemaker';
import { DEFAULT_DELETION, describePlugin, grantedForListAndDelete, REGION } from './plugin-harness';

describePlugin(
  {
    type: sagemakerNotebook,
    installers: [installSageMaker],
    // Stopped, so the contract's single delete call can go straight to DeleteNotebookInstance.
    seed: (account, options) => seedNotebookInstance(account, { ...options, status: 'Stopped' }),
    deleteCommand: 'DeleteNotebookInstance',
    slowDeletion: true,
  },
  (h) => {
    describe('listing', () => {
      it('describes a notebook by name, with the lower-cased ARN SageMaker uses, status, type and creation time', async () => {
        const createdAt = new Date('2024-04-02T07:00:00Z');
        const seeded = seedNotebookInstance(h.account, { name: 'Churn-Exploration', createdAt, instanceType: 'ml.t3.large' });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'sagemaker:notebook-instance',
          arn: `arn:aws:sagemaker:${REGION}:${h.account.accountId}:notebook-instance/churn-exploration`,
          id: 'Churn-Exploration',
          name: 'Churn-Exploration',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: {},
          details: { status: 'InService', instanceType: 'ml.t3.large' },
        });
      });

      it('leaves out notebooks being deleted', async () => {
        const running = seedNotebookInstance(h.account);
        seedNotebookInstance(h.account, { status: 'Deleting' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([running.arn]);
      });

      it('throws AWS errors with their AWS name', async () => {
        seedNotebookInstance(h.account);
        h.account.failNext('ListNotebookInstances', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
      });
    });

    describe('deletion', () => {
      it('stops a running notebook first, then deletes it on a later attempt once it has stopped', async () => {
        const seeded = seedNotebookInstance(h.account, { name: 'Churn-Exploration', status: 'InService' });
        const listed = await h.listed(seeded.arn);

        const firstAttempt = sagemakerNotebook.delete(h.clients, listed, DEFAULT_DELETION);
        await expect(firstAttempt).rejects.toBeInstanceOf(RetryLaterError);
        await expect(firstAttempt).rejects.toThrow('stopping; deleted once stopped');
        expect(h.account.callsOf('StopNotebookInstance').map((c) => c.input)).toEqual([{ NotebookInstanceName: 'Churn-Exploration' }]);
        expect(h.account.callsOf('DeleteNotebookInstance')).toEqual([]);

        // The next wave comes while it is still stopping: no second stop, no delete, just later.
        await expect(sagemakerNotebook.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toBeInstanceOf(RetryLaterError);
        expect(h.account.callsOf('StopNotebookInstance')).toHaveLength(1);

        settleNotebookInstances(h.account);
        // The same listed resource, still saying InService: delete asks SageMaker for the status itself.
        expect(await sagemakerNotebook.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'started',
          note: 'deletion started',
        });
        expect(h.account.callsOf('DeleteNotebookInstance').map((c) => c.input)).toEqual([{ NotebookInstanceName: 'Churn-Exploration' }]);
        expect(await h.listAll()).toEqual([]);

        settleNotebookInstances(h.account);
        expect(h.account.exists(seeded.arn)).toBe(false);
      });

      it('signals "retry later" in a way the engine retries in a later wave', async () => {
        const seeded = seedNotebookInstance(h.account, { status: 'InService' });

        const error = await h.deleteListed(seeded.arn).catch((e: unknown) => e);

        expect(isDependencyError(error)).toBe(true);
      });

      it('deletes a failed notebook directly', async () => {
        const seeded = seedNotebookInstance(h.account, { status: 'Failed' });

        expect(await h.deleteListed(seeded.arn)).toMatchObject({ status: 'started' });
        expect(h.account.callsOf('StopNotebookInstance')).toEqual([]);
      });

      it('waits for a notebook that is still starting, without trying to stop it yet', async () => {
        const seeded = seedNotebookInstance(h.account, { status: 'Pending' });

        await expect(h.deleteListed(seeded.arn)).rejects.toBeInstanceOf(RetryLaterError);
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('skips a notebook someone else started deleting since it was listed', async () => {
        const seeded = seedNotebookInstance(h.account, { status: 'Stopped' });
        const listed = await h.listed(seeded.arn);
        h.account.get(seeded.arn).data.status = 'Deleting';

        expect(await sagemakerNotebook.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'skipped',
          reason: 'already being deleted',
        });
        expect(h.account.callsOf('DeleteNotebookInstance')).toEqual([]);
      });
    });

    describe('declarations', () => {
      it('grants an IAM action for every call that list and delete make', async () => {
        const seeded = seedNotebookInstance(h.account, { status: 'InService' });
        await h.deleteListed(seeded.arn).catch(() => undefined);
        settleNotebookInstances(h.account);
        await h.deleteListed(seeded.arn);
        const granted = grantedForListAndDelete(sagemakerNotebook);

        for (const command of h.commandsCalled()) expect(granted).toContain(`sagemaker:${command}`);
        expect(sagemakerNotebook.iam.tag).toEqual(['sagemaker:AddTags', 'sagemaker:DeleteTags']);
      });

      it('prices a running notebook by instance type, and a stopped one by its storage', async () => {
        const medium = await h.listed(seedNotebookInstance(h.account, { instanceType: 'ml.t3.medium' }).arn);
        const exotic = await h.listed(seedNotebookInstance(h.account, { instanceType: 'ml.p4d.24xlarge' }).arn);
        const stopped = await h.listed(seedNotebookInstance(h.account, { status: 'Stopped' }).arn);

        expect(sagemakerNotebook.costHint?.(medium)).toBe('~$36/month while running (ml.t3.medium)');
        expect(sagemakerNotebook.costHint?.(exotic)).toBe('ml.p4d.24xlarge billed per hour while running');
        expect(sagemakerNotebook.costHint?.(stopped)).toBe('storage only while stopped (~$0.14/GB-month)');
      });

      it('links to the notebook in the SageMaker console', async () => {
        const listed = await h.listed(seedNotebookInstance(h.account, { name: 'Churn-Exploration' }).arn);

        expect(sagemakerNotebook.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/notebook-instances/Churn-Exploration',
        );
      });
    });
  },
);
