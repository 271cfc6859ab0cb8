import { DeleteStreamCommand, KinesisClient, paginateListStreams } from '@aws-sdk/client-kinesis';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';

/** A stream on its way out is not inventory. */
const GONE_STATUSES = new Set(['DELETING']);

/** Kinesis Data Streams data streams. */
export const kinesisStream = pagedType({
  // Tagging API type (AWS::Kinesis::Stream in Tag Editor / Resource Explorer),
  // ARN `arn:aws:kinesis:{region}:{account}:stream/{name}` (StreamSummary.StreamARN).
  id: 'kinesis:stream',
  label: 'Kinesis data stream',
  // ListStreams returns no tags; ListTagsForStream is one call per stream: tags come from the sweep.
  tagsFromList: false,
  iam: {
    read: ['kinesis:ListStreams'],
    // Kinesis has both the stream-specific and the newer generic tag actions; which one the tagging
    // API calls is not documented, so both pairs are granted.
    tag: ['kinesis:AddTagsToStream', 'kinesis:RemoveTagsFromStream', 'kinesis:TagResource', 'kinesis:UntagResource'],
    delete: ['kinesis:DeleteStream'],
  },
  // Consumers (Lambda event source mappings, Firehose) would fail on a deleted stream; no type
  // here depends on it, so the default order.
  deletionOrder: 50,

  listing: {
    // StreamSummaries carry ARN, status, mode and creation time: no per-stream call.
    pages: (clients) => paginateListStreams({ client: clients.get(KinesisClient), pageSize: 100 }, {}),
    items: (page) => page.StreamSummaries,
    resource: (stream) =>
      stream.StreamName && stream.StreamARN && !GONE_STATUSES.has(stream.StreamStatus ?? '')
        ? {
            arn: stream.StreamARN,
            id: stream.StreamName,
            name: stream.StreamName,
            createdAt: stream.StreamCreationTimestamp,
            details: { status: stream.StreamStatus, mode: stream.StreamModeDetails?.StreamMode },
          }
        : undefined,
  },

  async delete(clients, resource) {
    // Registered enhanced fan-out consumers make Kinesis refuse (ResourceInUseException): someone
    // still reads it, so the engine reports that rather than the janitor forcing it.
    await clients.get(KinesisClient).send(new DeleteStreamCommand({ StreamARN: resource.arn, EnforceConsumerDeletion: false }));
    return { status: 'started', note: 'the stream is DELETING; Kinesis removes it within minutes, with its data (no backup exists)' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/kinesis/home?region=${r.region}#/streams/details/${encodeURIComponent(r.id)}/monitoring`,

  // Shard counts need one DescribeStreamSummary per stream, so the hint is per shard.
  costHint: (r) => {
    if (r.details?.mode === 'ON_DEMAND') return '~$29/month (on-demand stream) + data in/out';
    if (r.details?.mode === 'PROVISIONED') return '~$11/month per shard (provisioned) + PUT payload units';
    return undefined;
  },
});
