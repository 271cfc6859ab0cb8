import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { decide, decisionPolicy } from '../../lambda/core/decide';
import { ec2Instance } from '../../lambda/resources/ec2-instance';
import { spotFleetRequest } from '../../lambda/resources/spot-fleet-request';
import { FakeAwsError } from '../fakes/fake-account';
import { installEc2, seedSpotFleetRequest } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, REGION } from './plugin-harness';

const policy = decisionPolicy(
  parseConfig({ dryRun: false, slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' }, resourceTypes: ['ec2:instance'] }),
);

describePlugin(
  {
    type: spotFleetRequest,
    installers: [installEc2],
    seed: seedSpotFleetRequest,
    deleteCommand: 'CancelSpotFleetRequests',
    slowDeletion: true,
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('returns a maintain request with its target capacity and creation time', async () => {
        const createTime = new Date('2026-09-09T09:00:00Z');
        const request = seedSpotFleetRequest(h.account, { createTime, targetCapacity: 4, tags: { Name: 'ci' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:spot-fleet-request',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:spot-fleet-request/${request.data.spotFleetRequestId}`,
            id: request.data.spotFleetRequestId,
            name: 'ci',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: createTime,
            tags: { Name: 'ci' },
            details: { state: 'active', type: 'maintain', targetCapacity: 4, activity: 'fulfilled' },
          },
        ]);
      });

      it('leaves out one-time requests, and cancelled or failed ones', async () => {
        const kept = seedSpotFleetRequest(h.account);
        seedSpotFleetRequest(h.account, { fleetType: 'request' });
        for (const state of ['cancelled', 'cancelled_running', 'cancelled_terminating', 'failed'])
          seedSpotFleetRequest(h.account, { state });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('the request is the unit, never its instances', () => {
      it('its instances carry aws:ec2spot:fleet-request-id, so the instance type keeps them as protected', async () => {
        const request = seedSpotFleetRequest(h.account, { instances: 2 });
        const instances = await collect(ec2Instance.list(h.clients));

        expect(instances).toHaveLength(2);
        for (const instance of instances) {
          expect(instance.tags['aws:ec2spot:fleet-request-id']).toBe(request.data.spotFleetRequestId);
          const decision = decide({ ...instance, createdAt: new Date('2026-01-01T00:00:00Z') }, new Date(), policy, NO_ANNOUNCEMENTS);
          expect(decision).toMatchObject({ status: 'protected', action: 'none' });
        }
      });

      it('cancels the request with TerminateInstances, so nothing is relaunched or left running', async () => {
        const request = seedSpotFleetRequest(h.account, { instances: 2 });

        expect(await h.deleteListed(request.arn)).toEqual({ status: 'started', note: 'request cancelled; its instances are terminating' });
        expect(h.account.mutatingCalls().map((c) => [c.command, c.input])).toEqual([
          ['CancelSpotFleetRequests', { SpotFleetRequestIds: [request.data.spotFleetRequestId], TerminateInstances: true }],
        ]);
        expect(h.account.list('ec2:instance')).toEqual([]);
        expect(await h.listAll()).toEqual([]);
      });
    });

    it("throws a per-request failure with EC2's code as its name", async () => {
      const request = seedSpotFleetRequest(h.account);
      const listed = await h.listed(request.arn);
      h.account.remove(request.arn);

      await expect(spotFleetRequest.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({
        name: 'fleetRequestIdDoesNotExist',
      });
    });

    it('passes on an error of the whole call with its AWS name', async () => {
      const request = seedSpotFleetRequest(h.account);
      h.account.failNext('CancelSpotFleetRequests', () => new FakeAwsError('UnauthorizedOperation', 'not authorized'));

      await expect(h.deleteListed(request.arn)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    });

    it('costs its target capacity at the Spot price', async () => {
      const listed = await h.listed(seedSpotFleetRequest(h.account, { targetCapacity: 3 }).arn);
      expect(spotFleetRequest.costHint?.(listed)).toBe('the Spot price of 3 capacity unit(s), relaunched while it runs');
    });
  },
);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
