import { EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { ebsVolume } from '../../lambda/resources/ebs-volume';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedInstance, seedVolume } from '../fakes/services/ec2';
import { installTagging } from '../fakes/services/tagging';

async function listAll(clients: AwsClients): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of ebsVolume.list(clients)) resources.push(resource);
  return resources;
}

describe('EBS volume', () => {
  let account: FakeAccount;
  let clients: AwsClients;
  let restore: () => void;

  beforeEach(() => {
    account = new FakeAccount();
    const stubs = [installTagging(account), installEc2(account)];
    restore = () => stubs.forEach((s) => s.restore());
    clients = new AwsClients({ accountId: account.accountId, region: 'eu-west-1' });
  });
  afterEach(() => restore());

  it('lists never-tagged and tagged volumes with their tags, size, type and creation time', async () => {
    const createTime = new Date('2024-03-01T10:00:00Z');
    const bare = seedVolume(account, { createTime, sizeGiB: 100, volumeType: 'io2' });
    const named = seedVolume(account, { tags: { Name: 'scratch', team: 'data' } });

    const volumes = await listAll(clients);

    expect(volumes).toEqual([
      {
        type: 'ec2:volume',
        arn: bare.arn,
        id: bare.data.volumeId,
        name: undefined,
        region: 'eu-west-1',
        accountId: account.accountId,
        createdAt: createTime,
        tags: {},
        protectedBecause: undefined,
        details: { state: 'available', sizeGiB: 100, volumeType: 'io2' },
      },
      expect.objectContaining({ arn: named.arn, id: named.data.volumeId, name: 'scratch', tags: { Name: 'scratch', team: 'data' } }),
    ]);
  });

  it('follows NextToken across pages when there are more volumes than fit on one', async () => {
    const seeded = Array.from({ length: 12 }, () => seedVolume(account).data.volumeId);

    const volumes = await listAll(clients);

    expect(volumes.map((v) => v.id)).toEqual(seeded);
    expect(account.callsOf('DescribeVolumes')).toHaveLength(Math.ceil(12 / account.defaultPageSize));
  });

  it('ignores volumes in other regions', async () => {
    const here = seedVolume(account);
    seedVolume(account, { region: 'us-east-1' });

    expect((await listAll(clients)).map((v) => v.id)).toEqual([here.data.volumeId]);
  });

  it('skips volumes that are already being deleted', async () => {
    seedVolume(account, { state: 'deleting' });

    expect(await listAll(clients)).toEqual([]);
  });

  it('uses the same ARN as the tagging API, so tags written there show up in the next listing', async () => {
    seedVolume(account);
    const [volume] = await listAll(clients);

    const tagging = new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' });
    const { FailedResourcesMap } = await tagging.send(
      new TagResourcesCommand({ ResourceARNList: [volume.arn], Tags: { 'janitor:delete-after': '2024-05-01' } }),
    );

    expect(FailedResourcesMap).toEqual({});
    expect((await listAll(clients))[0].tags).toEqual({ 'janitor:delete-after': '2024-05-01' });
  });

  it('protects an attached volume: it is judged with its instance, whose CloudFormation tags it lacks', async () => {
    const instance = seedInstance(account, { tags: { 'aws:cloudformation:stack-id': 'arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1' } });
    seedVolume(account, { attachedTo: instance.data.instanceId });

    const [volume] = await listAll(clients);

    expect(volume.protectedBecause).toBe(`attached to instance ${instance.data.instanceId}; it follows that instance`);
    expect(volume.details?.state).toBe('in-use');
  });

  it('judges a volume on its own once its instance is terminated and it is detached', async () => {
    const instance = seedInstance(account);
    seedVolume(account, { attachedTo: instance.data.instanceId });
    await new EC2Client({ region: 'eu-west-1' }).send(new TerminateInstancesCommand({ InstanceIds: [instance.data.instanceId] }));

    const [volume] = await listAll(clients);

    expect(volume.protectedBecause).toBeUndefined();
    expect(volume.details?.state).toBe('available');
  });

  it('deletes with DeleteVolume', async () => {
    const seeded = seedVolume(account);
    const [volume] = await listAll(clients);

    expect(await ebsVolume.delete(clients, volume)).toEqual({ status: 'deleted' });

    expect(account.exists(seeded.arn)).toBe(false);
    expect(account.callsOf('DeleteVolume').map((c) => c.input)).toEqual([{ VolumeId: seeded.data.volumeId }]);
  });

  it('throws VolumeInUse when the volume was attached after it was listed', async () => {
    const seeded = seedVolume(account);
    const [volume] = await listAll(clients);
    seeded.data.attachedTo = seedInstance(account).data.instanceId;

    await expect(ebsVolume.delete(clients, volume)).rejects.toMatchObject({ name: 'VolumeInUse' });
    expect(account.exists(seeded.arn)).toBe(true);
  });

  it('lets AWS errors from listing propagate with their AWS name', async () => {
    seedVolume(account);
    account.failNext('DescribeVolumes', () => new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));

    await expect(listAll(clients)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });

  it('links to the volume in the EC2 console', async () => {
    seedVolume(account);
    const [volume] = await listAll(clients);

    expect(ebsVolume.consoleUrl(volume)).toBe(
      `https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#VolumeDetails:volumeId=${volume.id}`,
    );
  });
});
