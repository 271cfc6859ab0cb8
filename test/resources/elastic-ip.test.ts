import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { elasticIp } from '../../lambda/resources/elastic-ip';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedAddress } from '../fakes/services/ec2';
import { installTagging } from '../fakes/services/tagging';

async function listAll(clients: AwsClients): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of elasticIp.list(clients)) resources.push(resource);
  return resources;
}

describe('Elastic IP', () => {
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

  it('lists never-tagged and tagged addresses, named by their Name tag or else their public IP', async () => {
    const bare = seedAddress(account, { publicIp: '203.0.113.10' });
    const named = seedAddress(account, { tags: { Name: 'vpn-endpoint', team: 'net' } });

    const addresses = await listAll(clients);

    expect(addresses).toEqual([
      {
        type: 'ec2:elastic-ip',
        arn: `arn:aws:ec2:eu-west-1:${account.accountId}:elastic-ip/${bare.data.allocationId}`,
        id: bare.data.allocationId,
        name: '203.0.113.10',
        region: 'eu-west-1',
        accountId: account.accountId,
        tags: {},
        protectedBecause: undefined,
        details: { publicIp: '203.0.113.10', associationId: undefined, instanceId: undefined },
      },
      expect.objectContaining({ arn: named.arn, id: named.data.allocationId, name: 'vpn-endpoint', tags: { Name: 'vpn-endpoint', team: 'net' } }),
    ]);
    expect(addresses[0].createdAt).toBeUndefined();
  });

  it('lists every address of the region from one unpaginated call', async () => {
    const seeded = Array.from({ length: 12 }, () => seedAddress(account).data.allocationId);

    const addresses = await listAll(clients);

    expect(addresses.map((a) => a.id)).toEqual(seeded);
    expect(account.callsOf('DescribeAddresses')).toHaveLength(1);
  });

  it('ignores addresses in other regions', async () => {
    const here = seedAddress(account);
    seedAddress(account, { region: 'us-east-1' });

    expect((await listAll(clients)).map((a) => a.id)).toEqual([here.data.allocationId]);
  });

  it('uses the same ARN as the tagging API, so tags written there show up in the next listing', async () => {
    seedAddress(account);
    const [address] = await listAll(clients);

    const tagging = new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' });
    const { FailedResourcesMap } = await tagging.send(
      new TagResourcesCommand({ ResourceARNList: [address.arn], Tags: { 'janitor:delete-after': '2024-05-01' } }),
    );

    expect(FailedResourcesMap).toEqual({});
    expect((await listAll(clients))[0].tags).toEqual({ 'janitor:delete-after': '2024-05-01' });
  });

  it('releases an unassociated address after re-reading it', async () => {
    const seeded = seedAddress(account);
    const [address] = await listAll(clients);

    expect(await elasticIp.delete(clients, address)).toEqual({ status: 'deleted' });

    expect(account.exists(seeded.arn)).toBe(false);
    expect(account.callsOf('DescribeAddresses').at(-1)?.input).toEqual({ AllocationIds: [seeded.data.allocationId] });
    expect(account.callsOf('ReleaseAddress').map((c) => c.input)).toEqual([
      { AllocationId: seeded.data.allocationId, NetworkBorderGroup: 'eu-west-1' },
    ]);
  });

  it('skips an address that was associated with an instance after it was listed', async () => {
    const seeded = seedAddress(account);
    const [address] = await listAll(clients);
    Object.assign(seeded.data, { associationId: 'eipassoc-0123', instanceId: 'i-0abc' });

    expect(await elasticIp.delete(clients, address)).toEqual({
      status: 'skipped',
      reason: 'associated with instance i-0abc; releasing it would change a running address — disassociate it first or tag it',
    });
    expect(account.exists(seeded.arn)).toBe(true);
    expect(account.callsOf('ReleaseAddress')).toEqual([]);
  });

  it('names the network interface when the address is associated with one', async () => {
    seedAddress(account, { associatedWith: 'eni-0def' });
    const [address] = await listAll(clients);

    const outcome = await elasticIp.delete(clients, address);

    expect(outcome).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^associated with network interface eni-0def;/) });
  });

  it('throws InvalidAllocationID.NotFound when the address is already gone', async () => {
    const seeded = seedAddress(account);
    const [address] = await listAll(clients);
    account.remove(seeded.arn);

    await expect(elasticIp.delete(clients, address)).rejects.toMatchObject({ name: 'InvalidAllocationID.NotFound' });
  });

  it('lets AWS errors from ReleaseAddress propagate with their AWS name', async () => {
    const seeded = seedAddress(account);
    const [address] = await listAll(clients);
    account.failNext('ReleaseAddress', () => new FakeAwsError('AuthFailure', 'You do not have permission to access the specified resource.'));

    await expect(elasticIp.delete(clients, address)).rejects.toMatchObject({ name: 'AuthFailure' });
    expect(account.exists(seeded.arn)).toBe(true);
  });

  it('links to the address in the EC2 console', async () => {
    seedAddress(account);
    const [address] = await listAll(clients);

    expect(elasticIp.consoleUrl(address)).toBe(
      `https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#ElasticIpDetails:AllocationId=${address.id}`,
    );
  });
});
