import { describe, expect, it } from 'vitest';
import { rdsInstance } from '../../lambda/resources/rds-instance';
import { rdsSnapshot } from '../../lambda/resources/rds-snapshot';
import { installRds, seedDbInstance, seedDbSnapshot } from '../fakes/services/rds';
import { DEFAULT_DELETION, describePlugin, freezeDateAt } from './plugin-harness';
import { contractOf, NOW, type SnapshotKind, snapshotSpecs } from './rds-snapshot-specs';

const KIND: SnapshotKind = {
  type: rdsSnapshot,
  seed: seedDbSnapshot,
  arnKind: 'snapshot',
  listCommand: 'DescribeDBSnapshots',
  attributesCommand: 'DescribeDBSnapshotAttributes',
  deleteCommand: 'DeleteDBSnapshot',
  idParameter: 'DBSnapshotIdentifier',
  goneError: 'DBSnapshotNotFoundFault',
  async deleteDatabaseWithFinalSnapshot(h, tags) {
    const db = seedDbInstance(h.account, { id: 'orders', copyTagsToSnapshot: true, tags });
    const listed = (await collect(rdsInstance.list(h.clients))).find((r) => r.arn === db.arn)!;
    const outcome = await rdsInstance.delete(h.clients, listed, DEFAULT_DELETION);
    expect(outcome.status).toBe('started');
    return 'janitor-final-orders-202611240307';
  },
};

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describePlugin({ type: rdsSnapshot, ...contractOf(KIND, [installRds]) }, (h) => {
  freezeDateAt(NOW);
  snapshotSpecs(KIND, h);

  describe('cost', () => {
    it('estimates the backup storage beyond the free allowance from the allocated storage', async () => {
      const snapshot = seedDbSnapshot(h.account, { allocatedStorageGb: 200 });

      expect(rdsSnapshot.costHint!(await h.listed(snapshot.arn))).toBe(
        "up to ~$19.00/month (200 GB; free within the region's backup allowance)",
      );
    });
  });
});
