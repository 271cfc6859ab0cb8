import {
  DeleteTagsCommand as AsgDeleteTags,
  AutoScalingClient,
  CreateOrUpdateTagsCommand,
  DescribeTagsCommand,
} from '@aws-sdk/client-auto-scaling';
import { EC2Client, DeleteTagsCommand as Ec2DeleteTags } from '@aws-sdk/client-ec2';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  TagResourcesCommand,
  UntagResourcesCommand,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { describe, expect, it } from 'vitest';
import { UnmarkAwsClients, UnmarkWriteRefused } from '../../lambda/cli/unmark-clients';
import { MARK_TAG } from '../../lambda/core/model';
import { RECORDING_TARGET, recordingClients as recordWith } from '../support/recording-clients';

const ARN = 'arn:aws:sqs:eu-west-1:123456789012:q';

/** Real SDK clients (no mocks in this file), recording what would go on the wire. */
function recordingClients() {
  return recordWith(new UnmarkAwsClients(RECORDING_TARGET));
}

const untag = (keys: string[]) => new UntagResourcesCommand({ ResourceARNList: [ARN], TagKeys: keys });
const asgDelete = (keys: string[]) =>
  new AsgDeleteTags({ Tags: keys.map((Key) => ({ ResourceId: 'web', ResourceType: 'auto-scaling-group', Key })) });

describe('the unmark client set', () => {
  it('sends UntagResources of the janitor’s own keys, and reads', async () => {
    const { sent, get } = recordingClients();
    const tagging = get(ResourceGroupsTaggingAPIClient);
    await expect(tagging.send(untag([MARK_TAG]))).rejects.toMatchObject({ name: 'Recorded' });
    await expect(tagging.send(untag([MARK_TAG, 'janitor:kept-by']))).rejects.toMatchObject({ name: 'Recorded' });
    await expect(tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: MARK_TAG }] }))).rejects.toMatchObject({ name: 'Recorded' });
    expect(sent.map((r) => r.headers['x-amz-target'])).toEqual([
      'ResourceGroupsTaggingAPI_20170126.UntagResources',
      'ResourceGroupsTaggingAPI_20170126.UntagResources',
      'ResourceGroupsTaggingAPI_20170126.GetResources',
    ]);
  });

  it.each([
    ['the owner’s exemption', ['janitor:exempt']],
    ['a foreign key next to the mark', [MARK_TAG, 'Owner']],
    ['a differently spelt mark', ['Janitor:Delete-After']],
    ['no key at all', []],
  ])('refuses UntagResources of %s, by middleware and by send, before anything is sent', async (_, keys) => {
    const { sent, get } = recordingClients();
    const tagging = get(ResourceGroupsTaggingAPIClient);
    await expect(tagging.send(untag(keys))).rejects.toBeInstanceOf(UnmarkWriteRefused);
    // Straight to the SDK's own send, past the instance guard: only the middleware stands in the way.
    const rawSend = ResourceGroupsTaggingAPIClient.prototype.send as (c: unknown) => Promise<unknown>;
    await expect(rawSend.call(tagging, untag(keys))).rejects.toBeInstanceOf(UnmarkWriteRefused);
    expect(sent).toHaveLength(0);
  });

  it('says which keys it refused and why', async () => {
    const { get } = recordingClients();
    await expect(get(ResourceGroupsTaggingAPIClient).send(untag([MARK_TAG, 'janitor:exempt']))).rejects.toThrow(
      /UntagResourcesCommand would remove tag key\(s\) "janitor:exempt", not the janitor's own \(janitor:delete-after, janitor:kept-by\)/,
    );
  });

  it('refuses every other write, TagResources included', async () => {
    const { sent, get } = recordingClients();
    await expect(
      get(ResourceGroupsTaggingAPIClient).send(new TagResourcesCommand({ ResourceARNList: [ARN], Tags: { [MARK_TAG]: 'x' } })),
    ).rejects.toThrow(/TagResourcesCommand is not a permitted write/);
    await expect(
      get(AutoScalingClient).send(
        new CreateOrUpdateTagsCommand({ Tags: [{ ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: MARK_TAG }] }),
      ),
    ).rejects.toBeInstanceOf(UnmarkWriteRefused);
    expect(sent).toHaveLength(0);
  });

  it('Auto Scaling DeleteTags of the mark goes out; of another key it does not', async () => {
    const { sent, get } = recordingClients();
    const autoscaling = get(AutoScalingClient);
    await expect(autoscaling.send(asgDelete([MARK_TAG]))).rejects.toMatchObject({ name: 'Recorded' });
    await expect(autoscaling.send(new DescribeTagsCommand({}))).rejects.toMatchObject({ name: 'Recorded' });
    expect(sent).toHaveLength(2);
    await expect(autoscaling.send(asgDelete([MARK_TAG, 'janitor:exempt']))).rejects.toBeInstanceOf(UnmarkWriteRefused);
    const rawSend = AutoScalingClient.prototype.send as (c: unknown) => Promise<unknown>;
    await expect(rawSend.call(autoscaling, asgDelete(['team']))).rejects.toBeInstanceOf(UnmarkWriteRefused);
    expect(sent).toHaveLength(2);
  });

  it('EC2’s DeleteTags is not Auto Scaling’s: refused even for the mark', async () => {
    const { sent, get } = recordingClients();
    const ec2 = get(EC2Client);
    await expect(ec2.send(new Ec2DeleteTags({ Resources: ['i-1'], Tags: [{ Key: MARK_TAG }] }))).rejects.toThrow(
      /DeleteTagsCommand is not a permitted write/,
    );
    const rawSend = EC2Client.prototype.send as (c: unknown) => Promise<unknown>;
    await expect(rawSend.call(ec2, new Ec2DeleteTags({ Resources: ['i-1'], Tags: [{ Key: MARK_TAG }] }))).rejects.toBeInstanceOf(
      UnmarkWriteRefused,
    );
    expect(sent).toHaveLength(0);
  });
});
