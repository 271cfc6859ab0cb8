import { describe, expect, it } from 'vitest';
import { sagemakerEndpoint } from '../../lambda/resources/sagemaker-endpoint';
import { installSageMaker, seedEndpoint, seedEndpointConfig } from '../fakes/services/sagemaker';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: sagemakerEndpoint,
    installers: [installSageMaker],
    seed: (account, options) => seedEndpoint(account, options),
    deleteCommand: 'DeleteEndpoint',
    slowDeletion: true,
    completeCommand: 'DescribeEndpoint',
    describeCommand: 'DescribeEndpointConfig',
    goneError: 'ValidationException',
    tagActions: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    // ListTags reads tags (granted in iam.read, checked below); the contract looks for /Tag/ commands in iam.tag.
    actionsOf: { ListTags: [] },
  },
  (h) => {
    describe('listing and completion', () => {
      it('lists an endpoint by name with the lower-cased ARN SageMaker uses, then reads its state, configuration and tags', async () => {
        const createdAt = new Date('2026-03-02T07:00:00Z');
        const seeded = seedEndpoint(h.account, { name: 'Churn-Scorer', createdAt, instanceCount: 2, tags: { team: 'ml' } });
        const listed = await h.listed(seeded.arn);
        expect(listed).toMatchObject({
          arn: `arn:aws:sagemaker:${REGION}:${h.account.accountId}:endpoint/churn-scorer`,
          id: 'Churn-Scorer',
          needsCompletion: true,
          tags: {},
        });

        expect(await h.completed(seeded.arn)).toMatchObject({
          createdAt,
          tags: { team: 'ml' },
          details: { status: 'InService', endpointConfigName: seeded.data.configName, instances: 2, serverless: false },
        });
      });

      it('leaves out endpoints being deleted, when listed and when they start deleting before completion', async () => {
        const kept = seedEndpoint(h.account);
        seedEndpoint(h.account, { status: 'Deleting' });
        const later = seedEndpoint(h.account);
        const listed = await h.listAll();
        expect(listed.map((r) => r.arn).sort()).toEqual([kept.arn, later.arn].sort());
        h.account.get(later.arn).data.status = 'Deleting';

        expect((await sagemakerEndpoint.complete!(h.clients, listed)).map((r) => r.arn)).toEqual([kept.arn]);
      });

      it('protects endpoints a SageMaker project provisioned: the project owns them', async () => {
        const seeded = seedEndpoint(h.account, { tags: { 'sagemaker:project-name': 'fraud-mlops', 'sagemaker:project-id': 'p-abc' } });

        expect((await h.completed(seeded.arn)).protectedBecause).toBe('part of SageMaker project fraud-mlops: delete the project instead');
      });

      it('grants ListTags, its per-candidate tag read, among the reads', async () => {
        seedEndpoint(h.account, { tags: { team: 'ml' } });
        await h.listAndComplete();
        expect(h.account.callsOf('ListTags').map((c) => c.input.MaxResults)).toEqual([50]);
        expect(sagemakerEndpoint.iam.read).toContain('sagemaker:ListTags');
      });
    });

    describe('deletion', () => {
      it('starts the deletion and leaves the configuration and model alone', async () => {
        const config = seedEndpointConfig(h.account);
        const seeded = seedEndpoint(h.account, { config });

        expect(await h.deleteListed(seeded.arn)).toEqual({
          status: 'started',
          note: 'deletion started; its endpoint configuration and model are judged on their own',
        });
        expect(h.account.get(seeded.arn).data.status).toBe('Deleting');
        expect(await h.listAll()).toEqual([]);
        h.account.settle();
        expect(h.account.exists(seeded.arn)).toBe(false);
        expect(h.account.exists(config.arn)).toBe(true);
        expect(h.account.callsOf('DeleteEndpointConfig')).toEqual([]);
      });

      it('records the endpoint and both configurations during an update', async () => {
        const next = seedEndpointConfig(h.account, { instanceType: 'ml.g5.xlarge' });
        const seeded = seedEndpoint(h.account, { pendingConfig: next, status: 'Updating' });
        const configuration = (await sagemakerEndpoint.describe!(h.clients, await h.completed(seeded.arn))) as {
          endpointConfigs: { EndpointConfigName: string }[];
        };

        expect(configuration.endpointConfigs.map((c) => c.EndpointConfigName)).toEqual([seeded.data.configName, next.data.name]);
      });
    });

    describe('declarations', () => {
      it('prices instances by the hour, serverless endpoints by use', async () => {
        const two = await h.completed(seedEndpoint(h.account, { instanceCount: 2 }).arn);
        const serverless = await h.completed(seedEndpoint(h.account, { config: seedEndpointConfig(h.account, { serverless: true }) }).arn);

        expect(sagemakerEndpoint.costHint?.(two)).toBe(
          '~$166+/month (2 instances billed per hour while in service; GPU types cost far more)',
        );
        expect(sagemakerEndpoint.costHint?.(serverless)).toBe('serverless: billed per request and GB-second, plus provisioned concurrency');
      });

      it('links to the endpoint in the SageMaker console', async () => {
        const listed = await h.listed(seedEndpoint(h.account, { name: 'Churn-Scorer' }).arn);
        expect(sagemakerEndpoint.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/endpoints/Churn-Scorer',
        );
      });
    });
  },
);
