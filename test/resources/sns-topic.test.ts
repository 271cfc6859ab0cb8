import { describe, expect, it } from 'vitest';
import { snsTopic } from '../../lambda/resources/sns-topic';
import { FakeAwsError } from '../fakes/fake-account';
import { installSns, seedTopic } from '../fakes/services/sns';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: snsTopic,
    installers: [installSns],
    seed: seedTopic,
    deleteCommand: 'DeleteTopic',
    tagActions: ['sns:TagResource', 'sns:UntagResource'],
  },
  (h) => {
    describe('listing', () => {
      it('describes a topic by its ARN and name, without a creation time since SNS keeps none', async () => {
        const seeded = seedTopic(h.account, { name: 'deploy-alerts' });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'sns:topic',
          arn: `arn:aws:sns:eu-west-1:${h.account.accountId}:deploy-alerts`,
          id: `arn:aws:sns:eu-west-1:${h.account.accountId}:deploy-alerts`,
          name: 'deploy-alerts',
          region: REGION,
          accountId: h.account.accountId,
          createdAt: undefined,
          tags: {},
        });
      });

      it('makes no per-topic call, for tags or anything else', async () => {
        for (let i = 0; i < 7; i++) seedTopic(h.account, { tags: i % 2 ? { team: 'alerts' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['ListTopics']);
      });

      it('throws AWS errors with their AWS name', async () => {
        seedTopic(h.account);
        h.account.failNext('ListTopics', () => new FakeAwsError('AuthorizationErrorException', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AuthorizationErrorException' });
      });
    });

    describe('deletion', () => {
      it('deletes the topic with DeleteTopic', async () => {
        const topic = seedTopic(h.account, { name: 'deploy-alerts' });

        expect(await h.deleteListed(topic.arn)).toEqual({ status: 'deleted' });
        expect(h.account.exists(topic.arn)).toBe(false);
        expect(h.account.callsOf('DeleteTopic').map((c) => c.input)).toEqual([{ TopicArn: topic.arn }]);
      });

      it('throws a failing DeleteTopic with its AWS name', async () => {
        const topic = seedTopic(h.account);
        const listed = await h.listed(topic.arn);
        h.account.failNext('DeleteTopic', () => new FakeAwsError('AuthorizationErrorException', 'not authorized'));

        await expect(snsTopic.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'AuthorizationErrorException' });
        expect(h.account.exists(topic.arn)).toBe(true);
      });
    });

    describe('declarations', () => {
      it('links to the topic in the SNS console', async () => {
        const listed = await h.listed(seedTopic(h.account, { name: 'deploy-alerts' }).arn);

        expect(snsTopic.consoleUrl(listed)).toBe(
          `https://eu-west-1.console.aws.amazon.com/sns/v3/home?region=eu-west-1#/topic/arn:aws:sns:eu-west-1:${h.account.accountId}:deploy-alerts`,
        );
      });
    });
  },
);
