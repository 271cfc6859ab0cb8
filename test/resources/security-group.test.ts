import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { securityGroup } from '../../lambda/resources/security-group';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedInstance, seedSecurityGroup } from '../fakes/services/ec2';
import { installTagging } from '../fakes/services/tagging';

async function listAll(clients: AwsClients): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of securityGroup.list(clients)) resources.push(resource);
  return resources;
}

describe('Security group', () => {
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

  it('lists never-tagged and tagged groups by group name, with their VPC', async () => {
    const bare = seedSecurityGroup(account, { groupName: 'ssh-from-office', vpcId: 'vpc-0111' });
    const tagged = seedSecurityGroup(account, { groupName: 'web', tags: { Name: 'ignored-for-naming', team: 'web' } });

    const groups = await listAll(clients);

    expect(groups).toEqual([
      {
        type: 'ec2:security-group',
        arn: `arn:aws:ec2:eu-west-1:${account.accountId}:security-group/${bare.data.groupId}`,
        id: bare.data.groupId,
        name: 'ssh-from-office',
        region: 'eu-west-1',
        accountId: account.accountId,
        tags: {},
        protectedBecause: undefined,
        details: { vpcId: 'vpc-0111' },
      },
      expect.objectContaining({ arn: tagged.arn, name: 'web', tags: { Name: 'ignored-for-naming', team: 'web' } }),
    ]);
    expect(groups[0].createdAt).toBeUndefined();
  });

  it('follows NextToken across pages when there are more groups than fit on one', async () => {
    const seeded = Array.from({ length: 12 }, () => seedSecurityGroup(account).data.groupId);

    const groups = await listAll(clients);

    expect(groups.map((g) => g.id)).toEqual(seeded);
    expect(account.callsOf('DescribeSecurityGroups')).toHaveLength(Math.ceil(12 / account.defaultPageSize));
  });

  it('ignores groups in other regions', async () => {
    const here = seedSecurityGroup(account);
    seedSecurityGroup(account, { region: 'us-east-1' });

    expect((await listAll(clients)).map((g) => g.id)).toEqual([here.data.groupId]);
  });

  it('uses the same ARN as the tagging API, so tags written there show up in the next listing', async () => {
    seedSecurityGroup(account);
    const [group] = await listAll(clients);

    const tagging = new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' });
    const { FailedResourcesMap } = await tagging.send(
      new TagResourcesCommand({ ResourceARNList: [group.arn], Tags: { 'janitor:delete-after': '2024-05-01' } }),
    );

    expect(FailedResourcesMap).toEqual({});
    expect((await listAll(clients))[0].tags).toEqual({ 'janitor:delete-after': '2024-05-01' });
  });

  it('protects the default security group of each VPC, tagged or not', async () => {
    seedSecurityGroup(account, { groupName: 'default', vpcId: 'vpc-0aaa' });
    seedSecurityGroup(account, { groupName: 'default', vpcId: 'vpc-0bbb', tags: { team: 'net' } });

    const groups = await listAll(clients);

    expect(groups.map((g) => g.protectedBecause)).toEqual(['default security group of vpc-0aaa', 'default security group of vpc-0bbb']);
  });

  it('deletes with DeleteSecurityGroup by group id', async () => {
    const seeded = seedSecurityGroup(account);
    const [group] = await listAll(clients);

    expect(await securityGroup.delete(clients, group)).toEqual({ status: 'deleted' });

    expect(account.exists(seeded.arn)).toBe(false);
    expect(account.callsOf('DeleteSecurityGroup').map((c) => c.input)).toEqual([{ GroupId: seeded.data.groupId }]);
  });

  it('throws DependencyViolation while an instance still uses the group', async () => {
    const seeded = seedSecurityGroup(account);
    seedInstance(account, { securityGroupIds: [seeded.data.groupId] });
    const [group] = await listAll(clients);

    await expect(securityGroup.delete(clients, group)).rejects.toMatchObject({ name: 'DependencyViolation' });
    expect(account.exists(seeded.arn)).toBe(true);
  });

  it('lets AWS errors from listing propagate with their AWS name', async () => {
    seedSecurityGroup(account);
    account.failNext('DescribeSecurityGroups', () => new FakeAwsError('RequestLimitExceeded', 'Request limit exceeded.'));

    await expect(listAll(clients)).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
  });

  it('links to the group in the EC2 console', async () => {
    seedSecurityGroup(account);
    const [group] = await listAll(clients);

    expect(securityGroup.consoleUrl(group)).toBe(
      `https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#SecurityGroup:groupId=${group.id}`,
    );
  });
});
