import { describe, expect, it } from 'vitest';
import { auroraCluster } from '../../lambda/resources/aurora-cluster';
import { rdsClusterSnapshot } from '../../lambda/resources/rds-cluster-snapshot';
import { installRds, seedAuroraCluster, seedDbClusterSnapshot } from '../fakes/services/rds';
import { DEFAULT_DELETION, describePlugin, freezeDateAt } from './plugin-harness';
import { contractOf, NOW, type SnapshotKind, snapshotSpecs } from './rds-snapshot-specs';

const KIND: SnapshotKind = {
  type: rdsClusterSnapshot,
  seed: seedDbClusterSnapshot,
  arnKind: 'cluster-snapshot',
  listCommand: 'DescribeDBClusterSnapshots',
  attributesCommand: 'DescribeDBClusterSnapshotAttributes',
  deleteCommand: 'DeleteDBClusterSnapshot',
  idParameter: 'DBClusterSnapshotIdentifier',
  goneError: 'DBClusterSnapshotNotFoundFault',
  async deleteDatabaseWithFinalSnapshot(h, tags) {
    const cluster = seedAuroraCluster(h.account, { id: 'orders', copyTagsToSnapshot: true, tags });
    const listed = (await collect(auroraCluster.list(h.clients))).find((r) => r.arn === cluster.arn)!;
    const outcome = await auroraCluster.delete(h.clients, listed, DEFAULT_DELETION);
    expect(outcome.status).toBe('started');
    return 'janitor-final-orders-202611240307';
  },
};

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describePlugin({ type: rdsClusterSnapshot, ...contractOf(KIND, [installRds]) }, (h) => {
  freezeDateAt(NOW);
  snapshotSpecs(KIND, h);

  describe('engines', () => {
    it('covers DocumentDB and Neptune cluster snapshots too (same API, ARN and IAM type), told apart by engine', async () => {
      const docdb = seedDbClusterSnapshot(h.account, { engine: 'docdb' });
      const neptune = seedDbClusterSnapshot(h.account, { engine: 'neptune' });

      const listed = await h.listAll();

      expect(listed.map((r) => [r.arn, r.details?.engine])).toEqual([
        [docdb.arn, 'docdb'],
        [neptune.arn, 'neptune'],
      ]);
    });

    it('prices a Multi-AZ DB cluster snapshot by its allocated storage, but not Aurora, whose volume is billed by use', async () => {
      const multiAz = seedDbClusterSnapshot(h.account, { engine: 'postgres', allocatedStorageGb: 100 });
      const aurora = seedDbClusterSnapshot(h.account, { engine: 'aurora-mysql', allocatedStorageGb: 1 });

      expect(rdsClusterSnapshot.costHint!(await h.listed(multiAz.arn))).toBe(
        "up to ~$9.50/month (100 GB; free within the region's backup allowance)",
      );
      expect(rdsClusterSnapshot.costHint!(await h.listed(aurora.arn))).toBeUndefined();
    });
  });
});
