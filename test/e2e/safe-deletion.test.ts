import { describe, expect, it } from 'vitest';
import { EXEMPT_TAG } from '../../lambda/core/model';
import { BACKUP_OF_TAG } from '../../lambda/resources/ebs-snapshot';
import { seedVolume } from '../fakes/services/ec2';
import { seedDbInstance, rdsSnapshots } from '../fakes/services/rds';
import { seedBucket } from '../fakes/services/s3';
import { DUE_MARK, LONG_AGO, NIGHT_1, NIGHT_2, useJanitorScenario } from './scenario';

/** Deletion that loses nothing by default, through the whole nightly run. */
describe('safe deletion, end to end', () => {
  const scenario = useJanitorScenario();

  it('snapshots a volume before deleting it, names the snapshot in the report, and never sweeps that snapshot', async () => {
    const { account } = scenario;
    const volume = seedVolume(account, { tags: DUE_MARK, createTime: LONG_AGO });

    const { report } = await scenario.night(NIGHT_1);

    expect(account.exists(volume.arn)).toBe(false);
    const [backup] = account.list('ec2:snapshot');
    expect(backup.tags).toMatchObject({ [BACKUP_OF_TAG]: volume.data.volumeId, [EXEMPT_TAG]: 'true' });
    // The snapshot was taken before the volume went.
    const createdAt = account.calls.findIndex((c) => c.command === 'CreateSnapshot');
    expect(createdAt).toBeGreaterThanOrEqual(0);
    expect(createdAt).toBeLessThan(account.calls.findIndex((c) => c.command === 'DeleteVolume'));
    expect(report.deleted[0].backup).toContain(backup.data.snapshotId);
    expect(scenario.postedText()).toContain(backup.data.snapshotId);

    // The next nights leave the backup alone: it is exempt and the janitor's own.
    await scenario.night(NIGHT_2);
    expect(account.exists(backup.arn)).toBe(true);
    expect(scenario.markOf(backup.arn)).toBeUndefined();
  });

  it('reports a database with deletion protection instead of deleting it', async () => {
    const { account } = scenario;
    const database = seedDbInstance(account, { tags: DUE_MARK, createdAt: LONG_AGO, deletionProtection: true });

    const { report } = await scenario.night(NIGHT_1);

    expect(account.exists(database.arn)).toBe(true);
    expect(account.callsOf('DeleteDBInstance')).toEqual([]);
    expect(report.skipped.map((l) => [l.arn, l.reason])).toEqual([[database.arn, expect.stringContaining('deletion protection')]]);
    expect(scenario.postedText()).toContain('deletion protection');
  });

  it('starts a slow database deletion with a final snapshot and names it, without waiting', async () => {
    const { account } = scenario;
    const database = seedDbInstance(account, { tags: DUE_MARK, createdAt: LONG_AGO });

    const { report } = await scenario.night(NIGHT_1);

    expect(report.started.map((l) => l.arn)).toEqual([database.arn]);
    const [call] = account.callsOf('DeleteDBInstance');
    expect(call.input.FinalDBSnapshotIdentifier).toMatch(/^janitor-final-/);
    expect(report.started[0].backup).toContain(call.input.FinalDBSnapshotIdentifier);
    expect(rdsSnapshots(account).length).toBeGreaterThan(0);
  });

  it('keeps a non-empty bucket by default, and empties and deletes it when deleteNonEmptyBuckets is on', async () => {
    const { account } = scenario;
    const kept = seedBucket(account, { tags: DUE_MARK, createdAt: LONG_AGO, objects: 3 });
    const first = await scenario.night(NIGHT_1);
    expect(account.exists(kept.arn)).toBe(true);
    expect(first.report.skipped[0].reason).toMatch(/not empty/);

    const second = await scenario.night(NIGHT_2, { deletion: { deleteNonEmptyBuckets: true } });
    expect(account.exists(kept.arn)).toBe(false);
    expect(second.report.deleted.map((l) => l.arn)).toEqual([kept.arn]);
  });
});
