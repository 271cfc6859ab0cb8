import { describe, expect, it } from 'vitest';
import { sagemakerApp } from '../../lambda/resources/sagemaker-app';
import { installSageMaker, seedApp } from '../fakes/services/sagemaker';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: sagemakerApp,
    installers: [installSageMaker],
    seed: (account, options) => seedApp(account, options),
    deleteCommand: 'DeleteApp',
    slowDeletion: true,
    goneError: 'ResourceNotFound',
    tagActions: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    // ListTags reads tags (granted in iam.read, checked below); the contract looks for /Tag/ commands in iam.tag.
    actionsOf: { ListTags: [] },
  },
  (h) => {
    describe('listing', () => {
      it('lists an app with the ARN DescribeApp gives, its tags, owner, instance and last activity', async () => {
        const createdAt = new Date('2026-03-02T07:00:00Z');
        const lastUserActivity = new Date('2026-03-05T18:00:00Z');
        const seeded = seedApp(h.account, {
          name: 'datascience-1-0-ml-t3-medium-abc',
          userProfileName: 'Alice',
          createdAt,
          lastUserActivity,
          tags: { team: 'ml' },
        });

        expect(await h.listAll()).toEqual([
          {
            type: 'sagemaker:app',
            arn: `arn:aws:sagemaker:${REGION}:${h.account.accountId}:app/d-abcdef123456/alice/kernelgateway/datascience-1-0-ml-t3-medium-abc`,
            id: 'd-abcdef123456/Alice/KernelGateway/datascience-1-0-ml-t3-medium-abc',
            name: 'Alice/datascience-1-0-ml-t3-medium-abc',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: { team: 'ml' },
            details: {
              domainId: 'd-abcdef123456',
              userProfileName: 'Alice',
              spaceName: undefined,
              appType: 'KernelGateway',
              appName: 'datascience-1-0-ml-t3-medium-abc',
              status: 'InService',
              instanceType: 'ml.t3.medium',
              lastUserActivity: '2026-03-05T18:00:00.000Z',
            },
          },
        ]);
        expect(seeded.arn).toBe((await h.listAll())[0]!.arn);
        expect(sagemakerApp.iam.read).toContain('sagemaker:ListTags');
      });

      it('leaves out deleted and deleting apps without describing them', async () => {
        const kept = seedApp(h.account);
        seedApp(h.account, { status: 'Deleted' });
        seedApp(h.account, { status: 'Deleting' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
        expect(h.account.callsOf('DescribeApp')).toHaveLength(1);
      });

      it('protects the free system-instance JupyterServer and apps of a SageMaker project', async () => {
        const jupyter = seedApp(h.account, { appType: 'JupyterServer', name: 'default' });
        const project = seedApp(h.account, { tags: { 'sagemaker:project-name': 'fraud-mlops' } });

        expect((await h.listed(jupyter.arn)).protectedBecause).toBe('runs on the free system instance: deleting it saves nothing');
        expect((await h.listed(project.arn)).protectedBecause).toMatch(/SageMaker project fraud-mlops/);
      });
    });

    describe('deletion', () => {
      it('deletes a space app by its space, and the app is no longer listed', async () => {
        const seeded = seedApp(h.account, { appType: 'JupyterLab', spaceName: 'team-space', name: 'default' });

        expect(await h.deleteListed(seeded.arn)).toEqual({
          status: 'started',
          note: 'deletion started; its kernels stop, files in its storage stay',
        });
        expect(h.account.callsOf('DeleteApp').map((c) => c.input)).toEqual([
          { DomainId: 'd-abcdef123456', AppType: 'JupyterLab', AppName: 'default', SpaceName: 'team-space' },
        ]);
        h.account.settle();
        expect(await h.listAll()).toEqual([]);
      });

      it('leaves a pending app to be retried (ResourceInUse)', async () => {
        const seeded = seedApp(h.account, { status: 'Pending' });
        await expect(sagemakerApp.delete(h.clients, await h.listed(seeded.arn), DEFAULT_DELETION)).rejects.toMatchObject({
          name: 'ResourceInUse',
        });
      });
    });

    it('prices an app by its instance, and a Canvas session by the hour', async () => {
      const lab = await h.listed(seedApp(h.account, { instanceType: 'ml.g5.xlarge' }).arn);
      const canvas = await h.listed(seedApp(h.account, { appType: 'Canvas', instanceType: undefined }).arn);
      expect(sagemakerApp.costHint?.(lab)).toBe('~$1014/month while running (ml.g5.xlarge)');
      expect(sagemakerApp.costHint?.(canvas)).toBe('~$1368/month while the session stays open');
    });
  },
);
