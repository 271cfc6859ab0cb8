import { describe, expect, it } from 'vitest';
import { securityGroup } from '../../lambda/resources/security-group';
import { FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedInstance, seedSecurityGroup } from '../fakes/services/ec2';
import { describePlugin, REGION } from './plugin-harness';

describePlugin({ type: securityGroup, installers: [installEc2], seed: seedSecurityGroup, deleteCommand: 'DeleteSecurityGroup' }, (h) => {
  describe('listing', () => {
    it('names groups by group name (not the Name tag) and keeps their VPC; EC2 gives no creation time', async () => {
      const bare = seedSecurityGroup(h.account, { groupName: 'ssh-from-office', vpcId: 'vpc-0111' });
      const tagged = seedSecurityGroup(h.account, { groupName: 'web', tags: { Name: 'ignored-for-naming', team: 'web' } });

      const groups = await h.listAll();

      expect(groups).toEqual([
        {
          type: 'ec2:security-group',
          arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:security-group/${bare.data.groupId}`,
          id: bare.data.groupId,
          name: 'ssh-from-office',
          region: REGION,
          accountId: h.account.accountId,
          tags: {},
          protectedBecause: undefined,
          details: { vpcId: 'vpc-0111' },
        },
        expect.objectContaining({ arn: tagged.arn, name: 'web', tags: { Name: 'ignored-for-naming', team: 'web' } }),
      ]);
      expect(groups[0]!.createdAt).toBeUndefined();
    });

    it('protects the default security group of each VPC, tagged or not', async () => {
      seedSecurityGroup(h.account, { groupName: 'default', vpcId: 'vpc-0aaa' });
      seedSecurityGroup(h.account, { groupName: 'default', vpcId: 'vpc-0bbb', tags: { team: 'net' } });

      expect((await h.listAll()).map((g) => g.protectedBecause)).toEqual([
        'default security group of vpc-0aaa',
        'default security group of vpc-0bbb',
      ]);
    });

    it('lets AWS errors from listing propagate with their AWS name', async () => {
      seedSecurityGroup(h.account);
      h.account.failNext('DescribeSecurityGroups', () => new FakeAwsError('RequestLimitExceeded', 'Request limit exceeded.'));

      await expect(h.listAll()).rejects.toMatchObject({ name: 'RequestLimitExceeded' });
    });
  });

  describe('deletion', () => {
    it('deletes by group id', async () => {
      const group = seedSecurityGroup(h.account);

      expect(await h.deleteListed(group.arn)).toEqual({ status: 'deleted' });

      expect(h.account.callsOf('DeleteSecurityGroup').map((c) => c.input)).toEqual([{ GroupId: group.data.groupId }]);
    });

    it('throws DependencyViolation while an instance still uses the group, for a later wave', async () => {
      const group = seedSecurityGroup(h.account);
      seedInstance(h.account, { securityGroupIds: [group.data.groupId] });

      await expect(h.deleteListed(group.arn)).rejects.toMatchObject({ name: 'DependencyViolation' });
      expect(h.account.exists(group.arn)).toBe(true);
    });

    it('goes late: instances and endpoints let go of the group first', () => {
      expect(securityGroup.deletionOrder).toBe(80);
    });
  });
});
