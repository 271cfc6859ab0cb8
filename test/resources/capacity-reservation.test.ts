import { describe, expect, it } from 'vitest';
import { capacityReservation } from '../../lambda/resources/capacity-reservation';
import { installEc2, seedCapacityReservation } from '../fakes/services/ec2';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-20T02:00:00Z');

describePlugin(
  {
    type: capacityReservation,
    installers: [installEc2],
    seed: seedCapacityReservation,
    deleteCommand: 'CancelCapacityReservation',
    goneError: 'InvalidCapacityReservationId.NotFound',
    tagActions: ['ec2:CreateTags', 'ec2:DeleteTags'],
  },
  (h) => {
    describe('listing', () => {
      it('returns the reservation by its ARN, with what it reserves and its creation time', async () => {
        const createDate = new Date('2026-10-01T08:00:00Z');
        const reservation = seedCapacityReservation(h.account, { createDate, instanceType: 'p5.48xlarge', totalInstanceCount: 1 });

        expect(await h.listAll()).toEqual([
          {
            type: 'ec2:capacity-reservation',
            arn: `arn:aws:ec2:${REGION}:${h.account.accountId}:capacity-reservation/${reservation.data.capacityReservationId}`,
            id: reservation.data.capacityReservationId,
            name: undefined,
            region: REGION,
            accountId: h.account.accountId,
            createdAt: createDate,
            tags: {},
            protectedBecause: undefined,
            details: {
              state: 'active',
              instanceType: 'p5.48xlarge',
              platform: 'Linux/UNIX',
              availabilityZone: `${REGION}a`,
              totalInstances: 1,
              availableInstances: 1,
              endDate: undefined,
            },
          },
        ]);
      });

      it('leaves out reservations that expired, were cancelled or failed', async () => {
        const kept = seedCapacityReservation(h.account);
        for (const state of ['expired', 'cancelled', 'failed', 'payment-failed', 'unsupported'])
          seedCapacityReservation(h.account, { state });

        expect((await h.listAll()).map((r) => r.arn)).toEqual([kept.arn]);
      });
    });

    describe('protections', () => {
      freezeDateAt(NOW);

      it('protects Capacity Blocks, shared reservations, fleet members, committed and future-dated ones', async () => {
        const block = seedCapacityReservation(h.account, { reservationType: 'capacity-block' });
        const shared = seedCapacityReservation(h.account, { ownerId: '210987654321' });
        const member = seedCapacityReservation(h.account, { capacityReservationFleetId: 'crf-0123' });
        const committed = seedCapacityReservation(h.account, { commitmentEndDate: new Date('2026-12-01T00:00:00Z') });
        const future = seedCapacityReservation(h.account, { state: 'scheduled' });
        const lapsed = seedCapacityReservation(h.account, { commitmentEndDate: new Date('2026-11-01T00:00:00Z') });

        const reasons = new Map((await h.listAll()).map((r) => [r.arn, r.protectedBecause]));
        expect(reasons).toEqual(
          new Map([
            [block.arn, 'a Capacity Block, which cannot be cancelled'],
            [shared.arn, 'shared by account 210987654321 (AWS RAM)'],
            [member.arn, 'part of Capacity Reservation Fleet crf-0123, which manages it'],
            [committed.arn, 'committed until 2026-12-01T00:00:00.000Z: cancelling early costs a cancellation charge'],
            [future.arn, 'future-dated: cancelling needs a cancellation quote'],
            [lapsed.arn, undefined],
          ]),
        );
        expect(shared.arn).toContain(':210987654321:capacity-reservation/');
      });

      it('throws the AWS error when EC2 refuses the cancellation (a commitment began since listing)', async () => {
        const reservation = seedCapacityReservation(h.account);
        const listed = await h.listed(reservation.arn);
        reservation.data.commitmentEndDate = new Date('2027-01-01T00:00:00Z');

        await expect(capacityReservation.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({
          name: 'InvalidCapacityReservationId.Malformed',
        });
        expect(h.account.exists(reservation.arn)).toBe(true);
      });
    });

    it('cancels it at once, saying its instances keep running', async () => {
      const reservation = seedCapacityReservation(h.account);

      expect(await h.deleteListed(reservation.arn)).toEqual({
        status: 'deleted',
        note: 'instances running in it keep running, at the On-Demand rate',
      });
      expect(h.account.callsOf('CancelCapacityReservation').map((c) => c.input)).toEqual([
        { CapacityReservationId: reservation.data.capacityReservationId },
      ]);
    });

    it('costs the On-Demand price of what it reserves', async () => {
      const listed = await h.listed(seedCapacityReservation(h.account, { instanceType: 'm5.large', totalInstanceCount: 4 }).arn);
      expect(capacityReservation.costHint?.(listed)).toBe('the On-Demand price of 4 × m5.large, used or not');
    });
  },
);
