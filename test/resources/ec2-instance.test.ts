import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { ec2Instance } from '../../lambda/resources/ec2-instance';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedInstance, seedVolume } from '../fakes/services/ec2';
import { installTagging } from '../fakes/services/tagging';

async function listAll(clients: AwsClients): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of ec2Instance.list(clients)) resources.push(resource);
  return resources;
}

describe('EC2 instance', () => {
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

  it('lists never-tagged and tagged instances with their tags, state, type and launch time', async () => {
    const launchTime = new Date('2024-02-01T08:30:00Z');
    const bare = seedInstance(account, { launchTime, instanceType: 'm7g.large', state: 'stopped' });
    const named = seedInstance(account, { tags: { Name: 'bastion', owner: 'ops' } });

    const instances = await listAll(clients);

    expect(instances).toEqual([
      {
        type: 'ec2:instance',
        arn: bare.arn,
        id: bare.data.instanceId,
        name: undefined,
        region: 'eu-west-1',
        accountId: account.accountId,
        createdAt: launchTime,
        tags: {},
        details: { state: 'stopped', instanceType: 'm7g.large' },
      },
      expect.objectContaining({ arn: named.arn, id: named.data.instanceId, name: 'bastion', tags: { Name: 'bastion', owner: 'ops' } }),
    ]);
  });

  it('follows NextToken across pages when there are more instances than fit on one', async () => {
    const seeded = Array.from({ length: 12 }, () => seedInstance(account).data.instanceId);

    const instances = await listAll(clients);

    expect(instances.map((i) => i.id)).toEqual(seeded);
    expect(account.callsOf('DescribeInstances')).toHaveLength(Math.ceil(12 / account.defaultPageSize));
  });

  it('ignores instances in other regions', async () => {
    const here = seedInstance(account);
    seedInstance(account, { region: 'us-east-1' });

    expect((await listAll(clients)).map((i) => i.id)).toEqual([here.data.instanceId]);
  });

  it('leaves out instances that are shutting down or terminated', async () => {
    const running = seedInstance(account);
    seedInstance(account, { state: 'shutting-down' });
    seedInstance(account, { state: 'terminated' });

    expect((await listAll(clients)).map((i) => i.id)).toEqual([running.data.instanceId]);
  });

  it('uses the same ARN as the tagging API, so tags written there show up in the next listing', async () => {
    seedInstance(account);
    const [instance] = await listAll(clients);

    const tagging = new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' });
    const { FailedResourcesMap } = await tagging.send(
      new TagResourcesCommand({ ResourceARNList: [instance.arn], Tags: { 'janitor:delete-after': '2024-05-01' } }),
    );

    expect(FailedResourcesMap).toEqual({});
    expect((await listAll(clients))[0].tags).toEqual({ 'janitor:delete-after': '2024-05-01' });
  });

  it('terminates with TerminateInstances and leaves its volumes behind, detached', async () => {
    const seeded = seedInstance(account);
    const volume = seedVolume(account, { attachedTo: seeded.data.instanceId });
    const [instance] = await listAll(clients);

    expect(await ec2Instance.delete(clients, instance)).toEqual({ status: 'deleted' });

    expect(account.exists(seeded.arn)).toBe(false);
    expect(account.callsOf('TerminateInstances').map((c) => c.input)).toEqual([{ InstanceIds: [seeded.data.instanceId] }]);
    expect(account.exists(volume.arn)).toBe(true);
    expect(volume.data.attachedTo).toBeUndefined();
  });

  it('throws OperationNotPermitted for an instance with termination protection', async () => {
    const seeded = seedInstance(account, { disableApiTermination: true });
    const [instance] = await listAll(clients);

    await expect(ec2Instance.delete(clients, instance)).rejects.toMatchObject({ name: 'OperationNotPermitted' });
    expect(account.exists(seeded.arn)).toBe(true);
  });

  it('lets AWS errors from listing propagate with their AWS name', async () => {
    seedInstance(account);
    account.failNext('DescribeInstances', () => new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));

    await expect(listAll(clients)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });

  it('links to the instance in the EC2 console', async () => {
    seedInstance(account);
    const [instance] = await listAll(clients);

    expect(ec2Instance.consoleUrl(instance)).toBe(
      `https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#InstanceDetails:instanceId=${instance.id}`,
    );
  });
});
