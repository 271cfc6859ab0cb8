import { DeleteStreamCommand, KinesisClient, ListStreamsCommand, ListTagsForStreamCommand } from '@aws-sdk/client-kinesis';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  paginate,
  type SeedOptions,
  seedResource,
} from '../fake-account';

/**
 * Kinesis data streams (`kinesis:stream`). DeleteStream leaves a stream `DELETING` (still listed
 * by ListStreams, as in Kinesis); `finishKinesisDeletions` plays the minutes after.
 */

const STREAM = 'kinesis:stream';

export interface SeedStreamOptions extends SeedOptions {
  mode?: 'PROVISIONED' | 'ON_DEMAND';
  /** StreamStatus, `ACTIVE` unless given. */
  status?: string;
  /** Registered enhanced fan-out consumers. */
  consumers?: number;
}

export function seedStream(account: FakeAccount, options: SeedStreamOptions = {}): FakeResource {
  return seedResource(account, { type: STREAM, namePrefix: 'stream-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('kinesis', region, account.accountId, `stream/${name}`),
    data: {
      name,
      createdAt,
      mode: options.mode ?? 'PROVISIONED',
      status: options.status ?? 'ACTIVE',
      consumers: options.consumers ?? 0,
    },
  }));
}

/** What Kinesis does minutes later: every stream in `DELETING` is gone. */
export function finishKinesisDeletions(account: FakeAccount): void {
  for (const s of account.list(STREAM)) if (s.data.status === 'DELETING') account.remove(s.arn);
}

/** DeleteStream takes StreamName or StreamARN. */
function streamIn(account: FakeAccount, input: { StreamName?: string; StreamARN?: string }, region: string): FakeResource {
  const stream = input.StreamARN ? account.find(input.StreamARN) : account.findBy(STREAM, 'name', input.StreamName, region);
  if (!stream || stream.type !== STREAM || stream.region !== region) {
    throw new FakeAwsError(
      'ResourceNotFoundException',
      `Stream ${input.StreamARN ?? input.StreamName} under account ${account.accountId} not found.`,
    );
  }
  return stream;
}

export function installKinesis(account: FakeAccount) {
  const stub = fakeService(KinesisClient, account);

  handle(stub, account, 'kinesis', ListStreamsCommand, (input, region) => {
    if (input.Limit !== undefined && (input.Limit < 1 || input.Limit > 10000)) {
      throw new FakeAwsError('InvalidArgumentException', 'Limit must be between 1 and 10000.');
    }
    if (input.NextToken && input.ExclusiveStartStreamName) {
      throw new FakeAwsError('InvalidArgumentException', 'NextToken and ExclusiveStartStreamName cannot be provided together.');
    }
    // Name order, every status included.
    const streams = account
      .list(STREAM, region)
      .sort((a, b) => (a.data.name < b.data.name ? -1 : 1))
      .filter((s) => input.ExclusiveStartStreamName === undefined || s.data.name > input.ExclusiveStartStreamName);
    const { page, next } = paginate(streams, input.NextToken || undefined, Math.min(input.Limit ?? 100, account.defaultPageSize));
    return {
      StreamNames: page.map((s) => s.data.name),
      HasMoreStreams: next !== undefined,
      NextToken: next,
      StreamSummaries: page.map((s) => ({
        StreamName: s.data.name,
        StreamARN: s.arn,
        StreamStatus: s.data.status,
        StreamModeDetails: { StreamMode: s.data.mode },
        StreamCreationTimestamp: s.data.createdAt,
      })),
    };
  });

  handle(stub, account, 'kinesis', DeleteStreamCommand, (input, region) => {
    const stream = streamIn(account, input, region);
    if (stream.data.status !== 'ACTIVE' && stream.data.status !== 'UPDATING') {
      throw new FakeAwsError(
        'ResourceInUseException',
        `Stream ${stream.data.name} under account ${account.accountId} is ${stream.data.status}.`,
      );
    }
    if (stream.data.consumers > 0 && !input.EnforceConsumerDeletion) {
      throw new FakeAwsError(
        'ResourceInUseException',
        `Stream ${stream.data.name} under account ${account.accountId} has registered consumers.`,
      );
    }
    stream.data.status = 'DELETING';
    return {};
  });

  // Handled so that a per-stream tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'kinesis', ListTagsForStreamCommand, (input, region) => ({
    Tags: Object.entries(streamIn(account, input, region).tags).map(([Key, Value]) => ({ Key, Value })),
    HasMoreTags: false,
  }));

  return stub;
}
