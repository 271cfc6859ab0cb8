import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MARK_TAG } from '../../lambda/core/model';
import { FakeAwsError, type FakeResource } from '../fakes/fake-account';
import { deleteStack, seedStack } from '../fakes/services/cloudformation';
import { seedInstance, seedVolume } from '../fakes/services/ec2';
import { objectBody, putObjectBody, refuseKmsDecrypt, seedBucket } from '../fakes/services/s3';
import { seedQueue } from '../fakes/services/sqs';
import { DUE_MARK, LONG_AGO, NIGHT_1, NIGHT_2, NIGHT_3, useJanitorScenario } from './scenario';

const STATE_BUCKET = 'acme-tfstate';

/** A Terraform v4 state naming an instance and its root volume (never their tags). */
function terraformState(instanceId: string, volumeId: string, serial = 7): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.9.5',
    serial,
    lineage: 'a1b2',
    resources: [
      {
        mode: 'managed',
        type: 'aws_instance',
        name: 'web',
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ attributes: { id: instanceId, root_block_device: [{ volume_id: volumeId }], tags: {} } }],
      },
      {
        mode: 'data',
        type: 'aws_instance',
        name: 'looked_up',
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [{ attributes: { id: 'i-readonlylookup' } }],
      },
    ],
  });
}

function putState(bucket: FakeResource, key: string, body: string | Uint8Array): void {
  putObjectBody(bucket, key, body);
}

const PULUMI_BUCKET = 'acme-pulumi';

/** A Pulumi v3 checkpoint of one queue (its URL as the id, its ARN as an output). */
function pulumiCheckpoint(arn: string, url: string): string {
  const queue = {
    urn: 'urn:pulumi:prod::web::aws:sqs/queue:Queue::jobs',
    custom: true,
    type: 'aws:sqs/queue:Queue',
    id: url,
    outputs: { arn },
  };
  return JSON.stringify({ version: 3, checkpoint: { stack: 'organization/web/prod', latest: { manifest: {}, resources: [queue] } } });
}

const withPulumi = {
  iac: { pulumi: { s3: [{ bucket: PULUMI_BUCKET, prefix: '.pulumi' }] } },
  protections: { buckets: [PULUMI_BUCKET] },
};

const withTerraform = {
  iac: { terraform: { s3: [{ bucket: STATE_BUCKET, prefix: '', include: ['**/*.tfstate'] }] } },
  protections: { buckets: [STATE_BUCKET] },
};

describe('IaC state as evidence: never delete what a stack or a state file manages', () => {
  const scenario = useJanitorScenario();

  it('an untagged instance and its root volume in a Terraform state are never marked, and an old mark is removed', async () => {
    const { account } = scenario;
    const instance = seedInstance(account, { launchTime: LONG_AGO });
    const volume = seedVolume(account, { createTime: LONG_AGO, tags: { ...DUE_MARK } });
    const stray = seedQueue(account, { name: 'hand-made', createdAt: LONG_AGO });
    const stateBucket = seedBucket(account, { name: STATE_BUCKET });
    const instanceId = instance.arn.split('/')[1]!;
    const volumeId = volume.arn.split('/')[1]!;
    putState(stateBucket, 'env:/prod/net.tfstate', terraformState(instanceId, volumeId));

    const first = await scenario.night(NIGHT_1, withTerraform);
    expect(scenario.markOf(instance.arn)).toBeUndefined();
    expect(scenario.markOf(volume.arn)).toBeUndefined();
    expect(scenario.markOf(stray.arn)).toBeDefined();
    expect(first.report.kept.map((l) => [l.arn, l.reason])).toContainEqual([
      volume.arn,
      expect.stringContaining(`managed by terraform s3://${STATE_BUCKET}/env:/prod/net.tfstate (aws_instance.web)`),
    ]);
    expect(first.report.managedCount).toBe(2);
    // The audit record names the state object and its serial, never its contents.
    const record = objectBody(scenario.auditBucket, first.report.audit!.uri.split('/').slice(3).join('/'))!;
    expect(JSON.parse(record).evidence.sources).toContainEqual({
      source: `terraform s3://${STATE_BUCKET}/`,
      identities: 2,
      objects: [expect.objectContaining({ key: 'env:/prod/net.tfstate', meta: expect.objectContaining({ serial: 7, lineage: 'a1b2' }) })],
    });
    expect(record).not.toContain('i-readonlylookup');

    await scenario.night(NIGHT_2, withTerraform);
    expect(account.exists(instance.arn) && account.exists(volume.arn)).toBe(true);
  });

  it('lists the managed-but-untagged resources as tag drift once a week, with the Monday run', async () => {
    const { account } = scenario;
    const instance = seedInstance(account, { launchTime: LONG_AGO });
    const volume = seedVolume(account, { createTime: LONG_AGO });
    const stateBucket = seedBucket(account, { name: STATE_BUCKET });
    putState(stateBucket, 'net.tfstate', terraformState(instance.arn.split('/')[1]!, volume.arn.split('/')[1]!));

    const friday = await scenario.night(NIGHT_1, withTerraform);
    expect(friday.report.tagDrift).toBeUndefined();
    const monday = await scenario.night(new Date('2026-11-23T02:00:00Z'), withTerraform);
    expect(monday.report.tagDrift?.map((l) => l.arn).sort()).toEqual([instance.arn, volume.arn].sort());
    expect(scenario.postedText()).toContain('Tag drift (2)');
  });

  it('an untagged queue in a live stack is never marked; one left behind by a deleted stack is, with the reason', async () => {
    const { account } = scenario;
    const inStack = seedQueue(account, { name: 'jobs', createdAt: LONG_AGO });
    const live = seedStack(account, {
      name: 'workers',
      resources: [{ logicalId: 'Jobs', type: 'AWS::SQS::Queue', physicalId: inStack.data.queueUrl as string }],
    });
    const gone = seedStack(account, { name: 'old-etl' });
    const orphan = seedQueue(account, { name: 'retained', createdAt: LONG_AGO, tags: { 'aws:cloudformation:stack-id': gone.stackId } });
    deleteStack(gone);

    await scenario.night(NIGHT_1);
    expect(scenario.markOf(inStack.arn)).toBeUndefined();
    expect(scenario.markOf(orphan.arn)).toBeDefined();
    expect(scenario.postedText()).toContain('left behind by deleted stack old-etl');
    expect(live.status).toBe('CREATE_COMPLETE');
  });

  it('an unreadable state holds every mark and deletion in the account that night, says why, and fails the run', async () => {
    const { account } = scenario;
    const due = seedQueue(account, { name: 'due-tonight', createdAt: LONG_AGO, tags: { ...DUE_MARK } });
    const fresh = seedQueue(account, { name: 'new-tonight', createdAt: LONG_AGO });
    const kept = seedQueue(account, { name: 'now-tagged', createdAt: LONG_AGO, tags: { ...DUE_MARK, ManagedBy: 'terraform' } });
    await scenario.announce(due, kept);
    const stateBucket = seedBucket(account, { name: STATE_BUCKET });
    putState(stateBucket, 'net.tfstate', terraformState('i-1', 'vol-1'));
    account.failNext(
      'GetObject',
      () => new FakeAwsError('AccessDenied', 'Access Denied'),
      1,
      undefined,
      (input) => input.Bucket === STATE_BUCKET,
    );

    await expect(scenario.night(NIGHT_1, withTerraform)).rejects.toThrow(
      /IaC evidence incomplete.*terraform s3:\/\/acme-tfstate.*AccessDenied/,
    );
    expect(account.exists(due.arn)).toBe(true);
    expect(scenario.markOf(fresh.arn)).toBeUndefined();
    // Unmarking goes on: it can only keep.
    expect(scenario.markOf(kept.arn)).toBeUndefined();
    expect(scenario.postedText()).toContain('IaC evidence incomplete');
  });

  it('evidence that shrank by more than 20 % since the last night holds that night, and only that night', async () => {
    const { account } = scenario;
    const instance = seedInstance(account, { launchTime: LONG_AGO });
    const volume = seedVolume(account, { createTime: LONG_AGO });
    const stateBucket = seedBucket(account, { name: STATE_BUCKET });
    putState(stateBucket, 'net.tfstate', terraformState(instance.arn.split('/')[1]!, volume.arn.split('/')[1]!));
    await scenario.night(NIGHT_1, withTerraform);
    expect(scenario.markOf(instance.arn)).toBeUndefined();

    // The state lost its resources (a bad apply, a wrong workspace): both would look unmanaged.
    putState(stateBucket, 'net.tfstate', JSON.stringify({ version: 4, serial: 8, lineage: 'a1b2', resources: [] }));
    await expect(scenario.night(NIGHT_2, withTerraform)).rejects.toThrow(/IaC evidence: shrank from 2 identities .* to 0/);
    expect(scenario.markOf(instance.arn)).toBeUndefined();
    expect(scenario.markOf(volume.arn)).toBeUndefined();

    // Intended after all: the next night proceeds and marks them as unmanaged.
    await scenario.night(NIGHT_3, withTerraform);
    expect(scenario.markOf(instance.arn)).toBeDefined();
  });

  it('a gzipped Pulumi checkpoint keeps what it names, read byte for byte from S3', async () => {
    const { account } = scenario;
    // Marked and announced before the checkpoint named it: it is unmarked, never deleted.
    const managed = seedQueue(account, { name: 'jobs', createdAt: LONG_AGO, tags: { ...DUE_MARK } });
    await scenario.announce(managed);
    const stray = seedQueue(account, { name: 'hand-made', createdAt: LONG_AGO });
    const bucket = seedBucket(account, { name: PULUMI_BUCKET });
    putState(bucket, '.pulumi/stacks/web/prod.json.gz', gzipSync(pulumiCheckpoint(managed.arn, managed.data.queueUrl as string)));

    const night = await scenario.night(NIGHT_1, withPulumi);

    expect(account.exists(managed.arn)).toBe(true);
    expect(scenario.markOf(managed.arn)).toBeUndefined();
    expect(scenario.markOf(stray.arn)).toBeDefined();
    expect(night.report.kept.map((l) => [l.arn, l.reason])).toContainEqual([
      managed.arn,
      expect.stringContaining(
        `managed by pulumi s3://${PULUMI_BUCKET}/.pulumi/stacks/web/prod.json.gz (urn:pulumi:prod::web::aws:sqs/queue:Queue::jobs)`,
      ),
    ]);
  });

  it('a state object whose KMS key the janitor may not use holds the night, naming the object', async () => {
    const { account } = scenario;
    const fresh = seedQueue(account, { name: 'new-tonight', createdAt: LONG_AGO });
    const stateBucket = seedBucket(account, { name: STATE_BUCKET });
    putState(stateBucket, 'net.tfstate', terraformState('i-1', 'vol-1'));
    putState(stateBucket, 'secret/app.tfstate', terraformState('i-2', 'vol-2'));
    refuseKmsDecrypt(stateBucket, 'secret/app.tfstate');

    await expect(scenario.night(NIGHT_1, withTerraform)).rejects.toThrow(
      /terraform s3:\/\/acme-tfstate\/secret\/app\.tfstate: AccessDenied: .*kms:Decrypt/,
    );
    expect(scenario.markOf(fresh.arn)).toBeUndefined();
  });

  it('reads the state files once per run, however many regions it sweeps', async () => {
    const { account } = scenario;
    const stateBucket = seedBucket(account, { name: STATE_BUCKET });
    for (const key of ['a.tfstate', 'b.tfstate', 'env:/prod/c.tfstate']) putState(stateBucket, key, terraformState('i-1', 'vol-1'));
    const inUsEast = seedQueue(account, { name: 'hand-made', createdAt: LONG_AGO, region: 'us-east-1' });

    await scenario.night(NIGHT_1, { ...withTerraform, targets: { regions: ['eu-west-1', 'us-east-1'] } });

    const stateReads = account.callsOf('GetObject').filter((c) => c.input.Bucket === STATE_BUCKET);
    expect(stateReads.map((c) => c.input.Key).sort()).toEqual(['a.tfstate', 'b.tfstate', 'env:/prod/c.tfstate']);
    // Both regions were judged with that evidence: the stray queue elsewhere is still marked.
    expect(scenario.markOf(inUsEast.arn)).toBeDefined();
  });

  it('a configured state prefix that matches no object is a problem, not an empty state', async () => {
    const { account } = scenario;
    const fresh = seedQueue(account, { name: 'new-tonight', createdAt: LONG_AGO });
    seedBucket(account, { name: STATE_BUCKET });
    await expect(scenario.night(NIGHT_1, withTerraform)).rejects.toThrow(/no object under s3:\/\/acme-tfstate/);
    expect(account.find(fresh.arn)?.tags[MARK_TAG]).toBeUndefined();
  });
});
