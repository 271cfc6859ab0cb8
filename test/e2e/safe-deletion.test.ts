import { describe, expect, it } from 'vitest';
import { EXEMPT_TAG } from '../../lambda/core/model';
import { BACKUP_OF_TAG } from '../../lambda/resources/ebs-snapshot';
import { FakeAwsError } from '../fakes/fake-account';
import { seedInstance, seedVolume } from '../fakes/services/ec2';
import { rdsSnapshots, seedDbInstance } from '../fakes/services/rds';
import { objectBody, seedBucket } from '../fakes/services/s3';
import { DUE_MARK, LONG_AGO, NIGHT_1, NIGHT_2, useJanitorScenario } from './scenario';

/** Deletion that loses nothing by default, through the whole nightly run. */
describe('safe deletion, end to end', () => {
  const scenario = useJanitorScenario();

  it('snapshots a volume before deleting it, names the snapshot in the report, and never sweeps that snapshot', async () => {
    const { account } = scenario;
    const volume = seedVolume(account, { tags: DUE_MARK, createTime: LONG_AGO });
    await scenario.announce(volume);

    const { report } = await scenario.night(NIGHT_1);

    expect(account.exists(volume.arn)).toBe(false);
    const backup = account.list('ec2:snapshot')[0]!;
    expect(backup.tags).toMatchObject({ [BACKUP_OF_TAG]: volume.data.volumeId, [EXEMPT_TAG]: 'true' });
    // The snapshot was taken before the volume went.
    const createdAt = account.calls.findIndex((c) => c.command === 'CreateSnapshot');
    expect(createdAt).toBeGreaterThanOrEqual(0);
    expect(createdAt).toBeLessThan(account.calls.findIndex((c) => c.command === 'DeleteVolume'));
    expect(report.deleted[0]!.backup).toContain(backup.data.snapshotId);
    expect(scenario.postedText()).toContain(backup.data.snapshotId);

    // The next nights leave the backup alone: it is exempt and the janitor's own.
    await scenario.night(NIGHT_2);
    expect(account.exists(backup.arn)).toBe(true);
    expect(scenario.markOf(backup.arn)).toBeUndefined();
  });

  it('reports a database with deletion protection instead of deleting it', async () => {
    const { account } = scenario;
    const database = seedDbInstance(account, { tags: DUE_MARK, createdAt: LONG_AGO, deletionProtection: true });
    await scenario.announce(database);

    const { report } = await scenario.night(NIGHT_1);

    expect(account.exists(database.arn)).toBe(true);
    expect(account.callsOf('DeleteDBInstance')).toEqual([]);
    expect(report.skipped.map((l) => [l.arn, l.reason])).toEqual([[database.arn, expect.stringContaining('deletion protection')]]);
    expect(scenario.postedText()).toContain('deletion protection');
  });

  it('starts a slow database deletion with a final snapshot and names it, without waiting', async () => {
    const { account } = scenario;
    const database = seedDbInstance(account, { tags: DUE_MARK, createdAt: LONG_AGO });
    await scenario.announce(database);

    const { report } = await scenario.night(NIGHT_1);

    expect(report.started.map((l) => l.arn)).toEqual([database.arn]);
    const call = account.callsOf('DeleteDBInstance')[0]!;
    expect(call.input.FinalDBSnapshotIdentifier).toMatch(/^janitor-final-/);
    expect(report.started[0]!.backup).toContain(call.input.FinalDBSnapshotIdentifier);
    expect(rdsSnapshots(account).length).toBeGreaterThan(0);
  });

  it('keeps a non-empty bucket by default, and empties and deletes it when deleteNonEmptyBuckets is on', async () => {
    const { account } = scenario;
    const kept = seedBucket(account, { tags: DUE_MARK, createdAt: LONG_AGO, objects: 3 });
    await scenario.announce(kept);
    const first = await scenario.night(NIGHT_1);
    expect(account.exists(kept.arn)).toBe(true);
    expect(first.report.skipped[0]!.reason).toMatch(/not empty/);

    const second = await scenario.night(NIGHT_2, { deletion: { deleteNonEmptyBuckets: true } });
    expect(account.exists(kept.arn)).toBe(false);
    expect(second.report.deleted.map((l) => l.arn)).toEqual([kept.arn]);
  });
});

describe('the audit record', () => {
  const scenario = useJanitorScenario();

  it('records every decision and action, and the configuration of each deleted resource; the report links to it', async () => {
    const { account } = scenario;
    const doomed = seedInstance(account, { launchTime: LONG_AGO, tags: { ...DUE_MARK, Name: 'debug-box' } });
    await scenario.announce(doomed);
    const fresh = seedInstance(account, { launchTime: LONG_AGO });

    const { report } = await scenario.night(NIGHT_1);

    expect(report.audit?.uri).toBe(
      `s3://untaggedresourcejanitor-auditbucket/runs/${account.accountId}/eu-west-1/2026/11/20/2026-11-20T02-00-00Z.json`,
    );
    expect(scenario.postedText()).toContain(report.audit!.uri);
    const record = JSON.parse(objectBody(scenario.auditBucket, report.audit!.uri.split('/').slice(3).join('/'))!);
    expect(record.decisions.map((d: { arn: string; status: string }) => [d.arn, d.status])).toEqual(
      expect.arrayContaining([
        [doomed.arn, 'due'],
        [fresh.arn, 'new-violation'],
        [scenario.auditBucket.arn, 'compliant'],
      ]),
    );
    expect(record.actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ arn: doomed.arn, action: 'delete', outcome: 'done', wave: 1 }),
        expect.objectContaining({ arn: fresh.arn, action: 'mark', outcome: 'done' }),
      ]),
    );
    // Enough to recreate it: the instance as EC2 described it just before termination.
    expect(JSON.stringify(record.deletedConfigurations[doomed.arn])).toContain(doomed.data.instanceId);
    expect(JSON.stringify(record.deletedConfigurations[doomed.arn])).toContain('debug-box');
  });

  it('a failed audit write is reported and fails the run, after the report was posted', async () => {
    await scenario.announce(seedInstance(scenario.account, { launchTime: LONG_AGO, tags: DUE_MARK }));
    scenario.account.failNext(
      'PutObject',
      () => new FakeAwsError('AccessDenied', 'not allowed to write the audit record'),
      1,
      undefined,
      (input) => input.Key.startsWith('runs/'),
    );

    await expect(scenario.night(NIGHT_1)).rejects.toThrow(/audit record could not be written/);
    expect(scenario.postedText()).toContain('The audit record could not be written');
  });
});
