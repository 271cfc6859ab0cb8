import { describe, expect, it } from 'vitest';
import { isDependencyError } from '../../lambda/core/deletion-errors';
import { dedicatedHost } from '../../lambda/resources/dedicated-host';
import { ec2Instance } from '../../lambda/resources/ec2-instance';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { installEc2, seedDedicatedHost, seedInstance } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-20T02:00:00Z');
const HOUR = 3_600_000;

describePlugin(
  {
    type: dedicatedHost,
    installers: [installEc2],
    seed: seedDedicatedHost,
    deleteCommand: 'ReleaseHosts',
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('returns the host with its family, instance count and allocation time, named by its Name tag', async () => {
        const allocationTime = new Date('2026-06-01T09:00:00Z');
        const host = seedDedicatedHost(h.account, { allocationTime, instanceType: 'mac2.metal', tags: { Name: 'ios-builds' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:dedicated-host',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:dedicated-host/${host.data.hostId}`,
            id: host.data.hostId,
            name: 'ios-builds',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: allocationTime,
            tags: { Name: 'ios-builds' },
            protectedBecause: undefined,
            details: { state: 'available', instanceFamily: 'mac2', instanceType: 'mac2.metal', instances: 0, hostReservationId: undefined },
          },
        ]);
      });

      it('leaves out released hosts, which DescribeHosts keeps listing for a while', async () => {
        const kept = seedDedicatedHost(h.account);
        seedDedicatedHost(h.account, { state: 'released' });
        seedDedicatedHost(h.account, { state: 'released-permanent-failure' });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });

      it('protects hosts of a License Manager host resource group and hosts shared by another account', async () => {
        const grouped = seedDedicatedHost(h.account, { memberOfServiceLinkedResourceGroup: true });
        const shared = seedDedicatedHost(h.account, { ownerId: '210987654321' });

        expect((await h.listed(grouped.arn)).protectedBecause).toBe('in a License Manager host resource group, which manages it');
        expect((await h.listed(shared.arn)).protectedBecause).toBe('shared by account 210987654321 (AWS RAM)');
      });
    });

    describe('deletion', () => {
      it('releases a free host', async () => {
        const host = seedDedicatedHost(h.account);

        expect(await h.deleteListed(host.arn)).toEqual({ status: 'deleted' });
        expect(h.account.callsOf('ReleaseHosts').map((c) => c.input)).toEqual([{ HostIds: [host.data.hostId] }]);
        expect(h.account.exists(host.arn)).toBe(false);
        expect(await h.listAll()).toEqual([]);
      });

      it('asks to be retried later while instances occupy it, and releases it once they are terminated', async () => {
        const host = seedDedicatedHost(h.account);
        const instance = seedInstance(h.account);
        instance.data.hostId = host.data.hostId;
        const listed = await h.listed(host.arn);

        const blocked = await dedicatedHost.delete(h.clients, listed, DEFAULT_DELETION).catch((e: unknown) => e);
        expect(blocked).toEqual(new RetryLaterError('host still has 1 instance(s); ReleaseHosts fails until they are gone'));
        expect(isDependencyError(blocked)).toBe(true);
        expect(h.account.callsOf('ReleaseHosts')).toEqual([]);

        // The instance type goes first in the wave order, then the host is free.
        expect(ec2Instance.deletionOrder!).toBeLessThan(dedicatedHost.deletionOrder!);
        const listedInstance = (await collect(ec2Instance.list(h.clients))).find((r) => r.arn === instance.arn)!;
        await ec2Instance.delete(h.clients, listedInstance, DEFAULT_DELETION);
        expect(await dedicatedHost.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({ status: 'deleted' });
      });

      it('retries later when an instance lands on the host between the re-read and ReleaseHosts', async () => {
        const host = seedDedicatedHost(h.account);
        const listed = await h.listed(host.arn);
        const instance = seedInstance(h.account);
        // Placed just as ReleaseHosts arrives (the fault's matcher runs first and injects nothing).
        h.account.failNext(
          'ReleaseHosts',
          () => new Error('not injected'),
          1,
          undefined,
          () => {
            instance.data.hostId = host.data.hostId;
            return false;
          },
        );

        const error = await dedicatedHost.delete(h.clients, listed, DEFAULT_DELETION).catch((e: unknown) => e);

        expect(error).toBeInstanceOf(RetryLaterError);
        expect(error).toMatchObject({ message: `Dedicated host '${host.data.hostId}' cannot be released as it is occupied.` });
        expect(h.account.exists(host.arn)).toBe(true);
      });

      describe('a Mac host in its first 24 hours', () => {
        freezeDateAt(NOW);

        it('is skipped with the reason, without calling ReleaseHosts; after 24 hours it is released', async () => {
          const young = seedDedicatedHost(h.account, { instanceType: 'mac2.metal', allocationTime: new Date(NOW.getTime() - 20 * HOUR) });
          const old = seedDedicatedHost(h.account, { instanceType: 'mac2.metal', allocationTime: new Date(NOW.getTime() - 25 * HOUR) });

          expect(await h.deleteListed(young.arn)).toEqual({
            status: 'skipped',
            reason: 'Mac hosts can be released only 24 hours after allocation; the next run tries again',
          });
          expect(h.account.callsOf('ReleaseHosts')).toEqual([]);
          expect(await h.deleteListed(old.arn)).toEqual({ status: 'deleted' });
        });

        it('a non-Mac host of the same age is released', async () => {
          const host = seedDedicatedHost(h.account, { instanceType: 'm5.large', allocationTime: new Date(NOW.getTime() - HOUR) });

          expect(await h.deleteListed(host.arn)).toEqual({ status: 'deleted' });
        });
      });

      it("throws ReleaseHosts' per-host failure with EC2's code as its name", async () => {
        const host = seedDedicatedHost(h.account);
        const listed = await h.listed(host.arn);
        h.account.remove(host.arn);

        await expect(dedicatedHost.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'InvalidHostID.NotFound' });
      });

      it('says that a host reservation keeps billing after the release', async () => {
        const host = seedDedicatedHost(h.account, { hostReservationId: 'hr-0123456789abcdef0' });

        expect(await h.deleteListed(host.arn)).toEqual({
          status: 'deleted',
          note: 'host reservation hr-0123456789abcdef0 is billed until its term ends',
        });
      });
    });

    it('costs the On-Demand host price of common families, nothing stated for others or reserved hosts', async () => {
      const mac = await h.listed(seedDedicatedHost(h.account, { instanceType: 'mac1.metal' }).arn);
      const m5 = await h.listed(seedDedicatedHost(h.account, { instanceType: 'm5.large' }).arn);
      const other = await h.listed(seedDedicatedHost(h.account, { instanceType: 'x2gd.large' }).arn);
      const reserved = await h.listed(seedDedicatedHost(h.account, { instanceType: 'm5.large', hostReservationId: 'hr-1' }).arn);

      expect(dedicatedHost.costHint?.(mac)).toBe('~$791/month');
      expect(dedicatedHost.costHint?.(m5)).toBe('~$2943/month');
      expect(dedicatedHost.costHint?.(other)).toBeUndefined();
      expect(dedicatedHost.costHint?.(reserved)).toBeUndefined();
    });
  },
);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
