import { describe, expect, it } from 'vitest';
import { kinesisStream } from '../../lambda/resources/kinesis-stream';
import { FakeAwsError } from '../fakes/fake-account';
import { finishKinesisDeletions, installKinesis, seedStream } from '../fakes/services/kinesis';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: kinesisStream,
    installers: [installKinesis],
    seed: (account, options) => seedStream(account, options),
    deleteCommand: 'DeleteStream',
    slowDeletion: true,
    goneError: 'ResourceNotFoundException',
  },
  (h) => {
    describe('listing', () => {
      it('describes a stream from its summary: ARN, creation time, status and mode', async () => {
        const createdAt = new Date('2025-03-01T10:00:00Z');
        seedStream(h.account, { name: 'clicks', createdAt, mode: 'ON_DEMAND' });

        expect(await h.listAll()).toEqual([
          {
            type: 'kinesis:stream',
            arn: `arn:aws:kinesis:${REGION}:${h.account.accountId}:stream/clicks`,
            id: 'clicks',
            name: 'clicks',
            region: REGION,
            accountId: h.account.accountId,
            createdAt,
            tags: {},
            details: { status: 'ACTIVE', mode: 'ON_DEMAND' },
          },
        ]);
      });

      it('makes no per-stream call', async () => {
        for (let i = 0; i < 7; i++) seedStream(h.account, { tags: i % 2 ? { team: 'data' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['ListStreams']);
      });

      it('leaves out streams being deleted', async () => {
        const active = seedStream(h.account);
        seedStream(h.account, { status: 'DELETING' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([active.arn]);
      });

      it('lets AWS errors from listing propagate with their AWS name', async () => {
        h.account.failNext('ListStreams', () => new FakeAwsError('LimitExceededException', 'Rate exceeded for stream listing'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'LimitExceededException' });
      });
    });

    describe('deletion', () => {
      it('starts DeleteStream by ARN without forcing consumers off', async () => {
        const stream = seedStream(h.account, { name: 'clicks' });

        expect(await h.deleteListed(stream.arn)).toEqual({
          status: 'started',
          note: 'the stream is DELETING; Kinesis removes it within minutes, with its data (no backup exists)',
        });
        expect(h.account.callsOf('DeleteStream').map((c) => c.input)).toEqual([{ StreamARN: stream.arn, EnforceConsumerDeletion: false }]);
      });

      it('throws ResourceInUseException for a stream with registered consumers, so the engine reports it', async () => {
        const stream = seedStream(h.account, { consumers: 2 });

        await expect(h.deleteListed(stream.arn)).rejects.toMatchObject({ name: 'ResourceInUseException' });
        expect(stream.data.status).toBe('ACTIVE');
      });

      it('started deletions are no longer listed, and gone once Kinesis finishes', async () => {
        const stream = seedStream(h.account);
        await h.deleteListed(stream.arn);

        expect(await h.listAll()).toEqual([]);
        finishKinesisDeletions(h.account);
        expect(h.account.exists(stream.arn)).toBe(false);
      });
    });

    describe('declarations', () => {
      it('declares the actions particular to it', () => {
        expect(kinesisStream.iam.tag).toEqual(expect.arrayContaining(['kinesis:AddTagsToStream', 'kinesis:RemoveTagsFromStream']));
      });

      it('links to the stream in the Kinesis console', async () => {
        const stream = seedStream(h.account, { name: 'clicks' });

        expect(kinesisStream.consoleUrl(await h.listed(stream.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/kinesis/home?region=eu-west-1#/streams/details/clicks/monitoring',
        );
      });

      it('states the cost by capacity mode', async () => {
        const provisioned = seedStream(h.account, { mode: 'PROVISIONED' });
        const onDemand = seedStream(h.account, { mode: 'ON_DEMAND' });

        expect(kinesisStream.costHint!(await h.listed(provisioned.arn))).toBe('~$11/month per shard (provisioned) + PUT payload units');
        expect(kinesisStream.costHint!(await h.listed(onDemand.arn))).toBe('~$29/month (on-demand stream) + data in/out');
      });
    });
  },
);
