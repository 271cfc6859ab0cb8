import { describe, expect, it } from 'vitest';
import { ec2Instance } from '../../lambda/resources/ec2-instance';
import { FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedInstance, seedVolume } from '../fakes/services/ec2';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: ec2Instance,
    installers: [installEc2],
    seed: seedInstance,
    deleteCommand: 'TerminateInstances',
    describeCommand: 'DescribeInstances',
  },
  (h) => {
    describe('listing', () => {
      it('returns state, instance type and launch time, named by the Name tag', async () => {
        const launchTime = new Date('2024-02-01T08:30:00Z');
        const bare = seedInstance(h.account, { launchTime, instanceType: 'm7g.large', state: 'stopped' });
        const named = seedInstance(h.account, { tags: { Name: 'bastion', owner: 'ops' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:instance',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:instance/${bare.data.instanceId}`,
            id: bare.data.instanceId,
            name: undefined,
            region: REGION,
            accountId: h.account.accountId,
            createdAt: launchTime,
            tags: {},
            details: { state: 'stopped', instanceType: 'm7g.large' },
          },
          expect.objectContaining({ arn: named.arn, name: 'bastion', tags: { Name: 'bastion', owner: 'ops' } }),
        ]);
      });

      it('leaves out instances that are shutting down or terminated', async () => {
        const running = seedInstance(h.account);
        seedInstance(h.account, { state: 'shutting-down' });
        seedInstance(h.account, { state: 'terminated' });

        expect((await h.listAll()).map((i) => i.arn)).toEqual([running.arn]);
      });

      it('lets AWS errors from listing propagate with their AWS name', async () => {
        seedInstance(h.account);
        h.account.failNext(
          'DescribeInstances',
          () => new FakeAwsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'),
        );

        await expect(h.listAll()).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
      });
    });

    describe('deletion', () => {
      it('terminates after checking termination protection, and leaves its volumes behind, detached', async () => {
        const instance = seedInstance(h.account);
        const volume = seedVolume(h.account, { attachedTo: instance.data.instanceId });

        expect(await h.deleteListed(instance.arn)).toEqual({ status: 'deleted' });

        expect(h.account.exists(instance.arn)).toBe(false);
        expect(h.account.callsOf('DescribeInstanceAttribute').map((c) => c.input)).toEqual([
          { InstanceId: instance.data.instanceId, Attribute: 'disableApiTermination' },
        ]);
        expect(h.account.callsOf('ModifyInstanceAttribute')).toEqual([]);
        expect(h.account.exists(volume.arn)).toBe(true);
        expect(volume.data.attachedTo).toBeUndefined();
      });

      it('skips an instance with termination protection by default, without touching it', async () => {
        const instance = seedInstance(h.account, { disableApiTermination: true });

        expect(await h.deleteListed(instance.arn)).toEqual({ status: 'skipped', reason: 'termination protection is on' });

        expect(h.account.exists(instance.arn)).toBe(true);
        expect(instance.data.disableApiTermination).toBe(true);
        expect(h.account.mutatingCalls()).toEqual([]);
      });

      it('switches termination protection off first when the configuration allows it, then terminates', async () => {
        const instance = seedInstance(h.account, { disableApiTermination: true });

        const outcome = await h.deleteListed(instance.arn, { disableProtection: true });

        expect(outcome).toEqual({ status: 'deleted', note: 'termination protection switched off first' });
        expect(h.account.exists(instance.arn)).toBe(false);
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['ModifyInstanceAttribute', { InstanceId: instance.data.instanceId, DisableApiTermination: { Value: false } }],
          ['TerminateInstances', { InstanceIds: [instance.data.instanceId] }],
        ]);
      });

      it('throws the AWS error when termination fails, e.g. protection switched on in between', async () => {
        const instance = seedInstance(h.account);
        h.account.failNext(
          'TerminateInstances',
          () => new FakeAwsError('OperationNotPermitted', `The instance '${instance.data.instanceId}' may not be terminated.`),
        );

        await expect(h.deleteListed(instance.arn)).rejects.toMatchObject({ name: 'OperationNotPermitted' });
        expect(h.account.exists(instance.arn)).toBe(true);
      });

      it('goes first among the EC2 types: instances hold groups, volumes and addresses', () => {
        expect(ec2Instance.deletionOrder).toBe(10);
      });
    });

    describe('cost hint', () => {
      it('prices common running instance types by the month, us-east-1 on-demand', async () => {
        const micro = await h.listed(seedInstance(h.account, { instanceType: 't3.micro' }).arn);
        const large = await h.listed(seedInstance(h.account, { instanceType: 'm5.xlarge' }).arn);

        expect(ec2Instance.costHint?.(micro)).toBe('~$7.59/month');
        expect(ec2Instance.costHint?.(large)).toBe('~$140.16/month');
      });

      it('says nothing for an unknown type or a stopped instance (its volumes are reported on their own)', async () => {
        const exotic = await h.listed(seedInstance(h.account, { instanceType: 'x2iedn.32xlarge' }).arn);
        const stopped = await h.listed(seedInstance(h.account, { instanceType: 't3.micro', state: 'stopped' }).arn);

        expect(ec2Instance.costHint?.(exotic)).toBeUndefined();
        expect(ec2Instance.costHint?.(stopped)).toBeUndefined();
      });
    });
  },
);
