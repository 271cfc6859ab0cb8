import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { decide, decisionPolicy } from '../../lambda/core/decide';
import { ec2Fleet } from '../../lambda/resources/ec2-fleet';
import { ec2Instance } from '../../lambda/resources/ec2-instance';
import { FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedFleet } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

const policy = decisionPolicy(
  parseConfig({ dryRun: false, slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' }, resourceTypes: ['ec2:instance'] }),
);

describePlugin(
  {
    type: ec2Fleet,
    installers: [installEc2],
    seed: seedFleet,
    deleteCommand: 'DeleteFleets',
    slowDeletion: true,
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('returns a maintain fleet with its target capacity and creation time', async () => {
        const createTime = new Date('2026-09-09T09:00:00Z');
        const fleet = seedFleet(h.account, { createTime, targetCapacity: 4, tags: { Name: 'ci' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:fleet',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:fleet/${fleet.data.fleetId}`,
            id: fleet.data.fleetId,
            name: 'ci',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: createTime,
            tags: { Name: 'ci' },
            details: { state: 'active', type: 'maintain', targetCapacity: 4, capacityType: 'spot' },
          },
        ]);
      });

      it('leaves out request and instant fleets, and deleted or failed ones', async () => {
        const kept = seedFleet(h.account);
        seedFleet(h.account, { fleetType: 'request' });
        seedFleet(h.account, { fleetType: 'instant' });
        for (const state of ['deleted', 'deleted_running', 'deleted_terminating', 'failed']) seedFleet(h.account, { state });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('the fleet is the unit, never its instances', () => {
      it('its instances carry aws:ec2:fleet-id, so the instance type keeps them as protected', async () => {
        const fleet = seedFleet(h.account, { instances: 2 });
        const instances = await collect(ec2Instance.list(h.clients));

        expect(instances).toHaveLength(2);
        for (const instance of instances) {
          expect(instance.tags['aws:ec2:fleet-id']).toBe(fleet.data.fleetId);
          const decision = decide({ ...instance, createdAt: new Date('2026-01-01T00:00:00Z') }, new Date(), policy, NO_ANNOUNCEMENTS);
          expect(decision).toMatchObject({ status: 'protected', action: 'none' });
        }
      });

      it('deletes the fleet with TerminateInstances, so nothing is relaunched or left running', async () => {
        const fleet = seedFleet(h.account, { instances: 2 });

        expect(await h.deleteListed(fleet.arn)).toEqual({ status: 'started', note: 'fleet deleted; its instances are terminating' });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['DeleteFleets', { FleetIds: [fleet.data.fleetId], TerminateInstances: true }],
        ]);
        expect(h.account.list('ec2:instance')).toEqual([]);
        expect(await h.listAll()).toEqual([]);
      });
    });

    it("throws a per-fleet failure with EC2's code as its name", async () => {
      const fleet = seedFleet(h.account);
      const listed = await h.listed(fleet.arn);
      h.account.remove(fleet.arn);

      await expect(ec2Fleet.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'fleetIdDoesNotExist' });
    });

    it('passes on an error of the whole call with its AWS name', async () => {
      const fleet = seedFleet(h.account);
      h.account.failNext('DeleteFleets', () => new FakeAwsError('UnauthorizedOperation', 'not authorized'));

      await expect(h.deleteListed(fleet.arn)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    });

    it('costs its target capacity at the Spot price', async () => {
      const listed = await h.listed(seedFleet(h.account, { targetCapacity: 3 }).arn);
      expect(ec2Fleet.costHint?.(listed)).toBe('the Spot price of 3 capacity unit(s), relaunched while it runs');
    });
  },
);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
