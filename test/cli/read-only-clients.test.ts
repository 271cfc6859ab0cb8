import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { DeleteQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { isReadOnlyCommand, ReadOnlyAwsClients, ReadOnlyViolation } from '../../lambda/cli/read-only-clients';
import { RECORDING_TARGET, recordingClients as recordWith } from '../support/recording-clients';

/** Real SDK clients (no mocks in this file), recording what would go on the wire. */
function recordingClients() {
  return recordWith(new ReadOnlyAwsClients(RECORDING_TARGET));
}

describe('the read-only client set', () => {
  it.each([
    ['DescribeInstances', true],
    ['ListQueuesCommand', true],
    ['GetResources', true],
    ['GetBucketTagging', true],
    ['TagResources', false],
    ['UntagResources', false],
    ['DeleteQueue', false],
    ['TerminateInstancesCommand', false],
    ['PutObject', false],
    ['CreateSnapshot', false],
    ['Getaway', false],
    ['Listen', false],
  ])('%s is read-only: %s', (name, readOnly) => {
    expect(isReadOnlyCommand(name)).toBe(readOnly);
  });

  it('middleware rejects a write before it is serialized or sent, and lets reads through', async () => {
    const { sent, get } = recordingClients();
    const sqs = get(SQSClient);
    // Straight to the SDK's own send, past the instance guard: only the middleware stands in the way.
    const rawSend = SQSClient.prototype.send as (c: unknown) => Promise<unknown>;
    await expect(
      rawSend.call(sqs, new DeleteQueueCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q' })),
    ).rejects.toBeInstanceOf(ReadOnlyViolation);
    expect(sent).toHaveLength(0);

    await expect(sqs.send(new ListQueuesCommand({}))).rejects.toMatchObject({ name: 'Recorded' });
    expect(sent).toHaveLength(1);
  });

  it('the guarded send refuses TagResources and never sends it; GetResources goes out', async () => {
    const { sent, get } = recordingClients();
    const tagging = get(ResourceGroupsTaggingAPIClient);
    await expect(
      tagging.send(new TagResourcesCommand({ ResourceARNList: ['arn:aws:sqs:eu-west-1:123456789012:q'], Tags: { a: 'b' } })),
    ).rejects.toThrow(/TagResourcesCommand is not a read-only call/);
    expect(sent).toHaveLength(0);
    await expect(tagging.send(new GetResourcesCommand({}))).rejects.toMatchObject({ name: 'Recorded' });
    expect(sent.map((r) => r.headers['x-amz-target'])).toEqual(['ResourceGroupsTaggingAPI_20170126.GetResources']);
  });
});
