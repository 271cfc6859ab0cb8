import { describe, expect, it } from 'vitest';
import { sqsQueue } from '../../lambda/resources/sqs-queue';
import { FakeAwsError } from '../fakes/fake-account';
import { installSqs, seedQueue } from '../fakes/services/sqs';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: sqsQueue,
    installers: [installSqs],
    seed: seedQueue,
    deleteCommand: 'DeleteQueue',
    completeCommand: 'GetQueueAttributes',
    tagActions: ['sqs:TagQueue', 'sqs:UntagQueue'],
    describeCommand: 'GetQueueAttributes',
  },
  (h) => {
    describe('listing', () => {
      it('asks for 1,000 queues a page: without MaxResults SQS drops every queue past the first 1,000', async () => {
        for (let i = 0; i < 8; i++) seedQueue(h.account);

        await h.listAll();

        expect(h.account.callsOf('ListQueues').length).toBeGreaterThan(1);
        for (const call of h.account.callsOf('ListQueues')) expect(call.input.MaxResults).toBe(1000);
      });

      it('lists a queue by URL with the SQS ARN built from it, leaving the creation time to complete()', async () => {
        const seeded = seedQueue(h.account, { name: 'orders-dlq', createdAt: new Date('2024-02-10T09:30:00Z') });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'sqs:queue',
          arn: `arn:aws:sqs:eu-west-1:${h.account.accountId}:orders-dlq`,
          id: `https://sqs.eu-west-1.amazonaws.com/${h.account.accountId}/orders-dlq`,
          name: 'orders-dlq',
          region: REGION,
          accountId: h.account.accountId,
          tags: {},
          needsCompletion: true,
        });
        expect(h.commandsCalled()).toEqual(['ListQueues']);
      });

      it('completes a queue with its creation time, reading only CreatedTimestamp and QueueArn, never its tags', async () => {
        const createdAt = new Date('2024-02-10T09:30:00Z');
        const seeded = seedQueue(h.account, { name: 'orders-dlq', createdAt });
        for (let i = 0; i < 6; i++) seedQueue(h.account, { tags: i % 2 ? { team: 'orders' } : {} });
        const listed = await h.listAll();
        h.account.calls.length = 0;

        const completed = await sqsQueue.complete!(h.clients, listed);

        expect(completed.find((r) => r.arn === seeded.arn)).toEqual({
          type: 'sqs:queue',
          arn: `arn:aws:sqs:eu-west-1:${h.account.accountId}:orders-dlq`,
          id: `https://sqs.eu-west-1.amazonaws.com/${h.account.accountId}/orders-dlq`,
          name: 'orders-dlq',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: {},
        });
        expect(h.commandsCalled()).toEqual(['GetQueueAttributes']);
        expect(h.account.callsOf('GetQueueAttributes')).toHaveLength(7);
        for (const call of h.account.callsOf('GetQueueAttributes'))
          expect(call.input.AttributeNames).toEqual(['CreatedTimestamp', 'QueueArn']);
      });

      it('leaves out a queue deleted moments ago that ListQueues still shows', async () => {
        const [gone, kept] = [seedQueue(h.account), seedQueue(h.account)];
        h.account.failNext('GetQueueAttributes', () =>
          Object.assign(new FakeAwsError('QueueDoesNotExist', 'The specified queue does not exist.'), {
            Code: 'AWS.SimpleQueueService.NonExistentQueue',
          }),
        );

        const arns = (await h.listAndComplete()).map((r) => r.arn);

        expect(arns).toEqual([kept.arn]);
        expect(arns).not.toContain(gone.arn);
      });

      it('refuses to complete a queue whose real ARN differs from the one its tags were joined on', async () => {
        const seeded = seedQueue(h.account);
        const listed = await h.listed(seeded.arn);

        await expect(sqsQueue.complete!(h.clients, [{ ...listed, arn: `${listed.arn}-elsewhere` }])).rejects.toThrow(
          /GetQueueAttributes gave ARN .* for the queue listed as/,
        );
      });

      it('throws other AWS errors with their AWS name', async () => {
        seedQueue(h.account);
        h.account.failNext('GetQueueAttributes', () => new FakeAwsError('AccessDenied', 'Access to the resource is denied.'));

        await expect(h.listAndComplete()).rejects.toMatchObject({ name: 'AccessDenied' });
      });
    });

    describe('deletion', () => {
      it('deletes the queue by URL with DeleteQueue', async () => {
        const queue = seedQueue(h.account, { name: 'orders-dlq' });

        expect(await h.deleteListed(queue.arn)).toEqual({ status: 'deleted' });
        expect(h.account.exists(queue.arn)).toBe(false);
        expect(h.account.callsOf('DeleteQueue').map((c) => c.input)).toEqual([{ QueueUrl: queue.data.queueUrl }]);
      });

      it('throws QueueDoesNotExist when the queue is already gone', async () => {
        const queue = seedQueue(h.account);
        const listed = await h.completed(queue.arn);
        h.account.remove(queue.arn);

        await expect(sqsQueue.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({
          name: 'QueueDoesNotExist',
          Code: 'AWS.SimpleQueueService.NonExistentQueue',
        });
      });
    });

    describe('declarations', () => {
      it('links to the queue in the SQS console', async () => {
        const listed = await h.completed(seedQueue(h.account, { name: 'orders-dlq' }).arn);

        expect(sqsQueue.consoleUrl(listed)).toBe(
          `https://eu-west-1.console.aws.amazon.com/sqs/v3/home?region=eu-west-1#/queues/https%3A%2F%2Fsqs.eu-west-1.amazonaws.com%2F${h.account.accountId}%2Forders-dlq`,
        );
      });
    });
  },
);
