import { describe, expect, it } from 'vitest';
import { isDependencyError } from '../../lambda/core/deletion-errors';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { sagemakerEndpointConfig } from '../../lambda/resources/sagemaker-endpoint-config';
import { FakeAwsError } from '../fakes/fake-account';
import { installSageMaker, seedEndpoint, seedEndpointConfig, seedModel } from '../fakes/services/sagemaker';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: sagemakerEndpointConfig,
    installers: [installSageMaker],
    seed: (account, options) => seedEndpointConfig(account, options),
    deleteCommand: 'DeleteEndpointConfig',
    completeCommand: 'DescribeEndpointConfig',
    describeCommand: 'DescribeEndpointConfig',
    goneError: 'ValidationException',
    tagActions: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    // ListTags reads tags (granted in iam.read); the contract looks for /Tag/ commands in iam.tag.
    actionsOf: { ListTags: [] },
    // An endpoint that no longer uses it is described while checking: every read deletion makes.
    fullDeletion: {
      seed: (account) => {
        const config = seedEndpointConfig(account);
        seedEndpoint(account);
        return config;
      },
    },
  },
  (h) => {
    describe('listing and completion', () => {
      it('reads the models, instance types, creation time and tags of a configuration', async () => {
        const createdAt = new Date('2026-03-02T07:00:00Z');
        const model = seedModel(h.account, { name: 'churn-xgb' });
        const seeded = seedEndpointConfig(h.account, { name: 'Churn-Config', models: [model], createdAt, tags: { team: 'ml' } });

        expect(await h.completed(seeded.arn)).toMatchObject({
          arn: `arn:aws:sagemaker:${REGION}:${h.account.accountId}:endpoint-config/churn-config`,
          id: 'Churn-Config',
          createdAt,
          tags: { team: 'ml' },
          details: { models: 'churn-xgb', instanceTypes: 'ml.m5.large' },
        });
      });

      it('protects configurations a SageMaker project provisioned', async () => {
        const seeded = seedEndpointConfig(h.account, { tags: { 'sagemaker:project-name': 'fraud-mlops' } });
        expect((await h.completed(seeded.arn)).protectedBecause).toMatch(/SageMaker project fraud-mlops/);
      });
    });

    describe('deletion', () => {
      it('is retried later while an endpoint runs on it, then deleted once the endpoint is gone', async () => {
        const config = seedEndpointConfig(h.account);
        const endpoint = seedEndpoint(h.account, { config });
        const listed = await h.completed(config.arn);

        const attempt = sagemakerEndpointConfig.delete(h.clients, listed, DEFAULT_DELETION);
        await expect(attempt).rejects.toBeInstanceOf(RetryLaterError);
        await expect(attempt).rejects.toThrow(`used by endpoint ${endpoint.data.name}; deleted once no endpoint uses it`);
        expect(isDependencyError(await attempt.catch((e: unknown) => e))).toBe(true);
        expect(h.account.callsOf('DeleteEndpointConfig')).toEqual([]);

        // Deleting: the endpoint still names it until it is gone.
        h.account.get(endpoint.arn).data.status = 'Deleting';
        await expect(sagemakerEndpointConfig.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toBeInstanceOf(RetryLaterError);

        h.account.remove(endpoint.arn);
        expect(await sagemakerEndpointConfig.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({ status: 'deleted' });
        expect(h.account.exists(config.arn)).toBe(false);
      });

      it('is retried later while an endpoint is updating to it', async () => {
        const next = seedEndpointConfig(h.account);
        seedEndpoint(h.account, { pendingConfig: next, status: 'Updating' });

        await expect(h.deleteListed(next.arn)).rejects.toBeInstanceOf(RetryLaterError);
      });

      it('checks every endpoint, over several pages, and ignores one deleted while checking', async () => {
        const config = seedEndpointConfig(h.account);
        Array.from({ length: 7 }, () => seedEndpoint(h.account));
        const listed = await h.completed(config.arn);
        // One endpoint is deleted between the listing and its DescribeEndpoint.
        h.account.failNext(
          'DescribeEndpoint',
          () => new FakeAwsError('ValidationException', 'Could not find endpoint "arn:aws:sagemaker:x".'),
        );
        h.account.calls.length = 0;

        expect(await sagemakerEndpointConfig.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({ status: 'deleted' });
        expect(h.account.callsOf('ListEndpoints').length).toBeGreaterThan(1);
        expect(h.account.callsOf('DescribeEndpoint')).toHaveLength(7);
      });
    });

    it('costs nothing itself', async () => {
      expect(sagemakerEndpointConfig.costHint?.(await h.completed(seedEndpointConfig(h.account).arn))).toBe(
        'no charge itself (an endpoint running on it bills)',
      );
    });
  },
);
