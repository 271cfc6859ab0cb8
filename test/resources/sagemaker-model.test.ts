import { describe, expect, it } from 'vitest';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { sagemakerModel } from '../../lambda/resources/sagemaker-model';
import { FakeAwsError } from '../fakes/fake-account';
import { installSageMaker, seedEndpointConfig, seedModel } from '../fakes/services/sagemaker';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: sagemakerModel,
    installers: [installSageMaker],
    seed: (account, options) => seedModel(account, options),
    deleteCommand: 'DeleteModel',
    completeCommand: 'DescribeModel',
    describeCommand: 'DescribeModel',
    goneError: 'ValidationException',
    tagActions: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    // ListTags reads tags (granted in iam.read); the contract looks for /Tag/ commands in iam.tag.
    actionsOf: { ListTags: [] },
    fullDeletion: {
      seed: (account) => {
        const model = seedModel(account);
        seedEndpointConfig(account);
        return model;
      },
    },
  },
  (h) => {
    it('reads the creation time and tags of a model, with the lower-cased ARN', async () => {
      const createdAt = new Date('2026-03-02T07:00:00Z');
      const seeded = seedModel(h.account, { name: 'Churn-XGB', createdAt, tags: { team: 'ml' } });

      expect(await h.completed(seeded.arn)).toMatchObject({
        arn: `arn:aws:sagemaker:${REGION}:${h.account.accountId}:model/churn-xgb`,
        id: 'Churn-XGB',
        createdAt,
        tags: { team: 'ml' },
      });
    });

    it('protects models a SageMaker project provisioned', async () => {
      const seeded = seedModel(h.account, { tags: { 'sagemaker:project-id': 'p-abc' } });
      expect((await h.completed(seeded.arn)).protectedBecause).toMatch(/SageMaker project p-abc/);
    });

    describe('deletion', () => {
      it('is retried later while an endpoint configuration names it, then deleted, keeping its artifacts', async () => {
        const model = seedModel(h.account);
        const config = seedEndpointConfig(h.account, { models: [seedModel(h.account), model] });
        const listed = await h.completed(model.arn);

        await expect(sagemakerModel.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toThrow(
          new RetryLaterError(`named by endpoint configuration ${config.data.name}; deleted once no configuration names it`),
        );
        expect(h.account.callsOf('DeleteModel')).toEqual([]);

        h.account.remove(config.arn);
        expect(await sagemakerModel.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'deleted',
          note: 'its artifacts in S3 and its image in ECR are kept',
        });
        expect(h.account.exists(model.arn)).toBe(false);
      });

      it('does not delete when the configurations cannot be read', async () => {
        const model = seedModel(h.account);
        seedEndpointConfig(h.account);
        const listed = await h.completed(model.arn);
        h.account.failNext('DescribeEndpointConfig', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

        await expect(sagemakerModel.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'AccessDeniedException' });
        expect(h.account.exists(model.arn)).toBe(true);
      });
    });
  },
);
