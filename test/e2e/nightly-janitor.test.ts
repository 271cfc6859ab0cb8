import { beforeEach, describe, expect, it } from 'vitest';
import { MARK_TAG } from '../../lambda/core/model';
import { type FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { seedAutoScalingGroup } from '../fakes/services/autoscaling';
import { seedLogGroup } from '../fakes/services/cloudwatch-logs';
import { seedTable } from '../fakes/services/dynamodb';
import { seedInstance, seedSecurityGroup, seedVolume } from '../fakes/services/ec2';
import { seedFunction } from '../fakes/services/lambda';
import { seedBucket } from '../fakes/services/s3';
import { seedTopic } from '../fakes/services/sns';
import { seedQueue } from '../fakes/services/sqs';
import type { SlackServer } from '../fakes/slack-server';
import { DUE_MARK, LONG_AGO, NIGHT_1, NIGHT_2, NIGHT_3, SECRET, useJanitorScenario } from './scenario';

/**
 * The nightly janitor over several nights against an in-memory account, a loopback Slack
 * and a clock the test controls.
 */

describe('the nightly janitor, end to end', () => {
  const scenario = useJanitorScenario();
  const night = scenario.night;
  const postedText = scenario.postedText;
  const markOf = scenario.markOf;
  let account: FakeAccount;
  let slack: SlackServer;
  beforeEach(() => {
    ({ account, slack } = scenario);
  });

  it('warns, marks, and deletes the next night what is still untagged; keeps what was fixed, exempted or protected', async () => {
    const handMadeInstance = seedInstance(account, { launchTime: LONG_AGO });
    const neverTaggedBucket = seedBucket(account, { name: 'clickops-bucket', createdAt: LONG_AGO });
    const queueWithOtherTags = seedQueue(account, { tags: { Owner: 'alice' }, createdAt: LONG_AGO });
    const expiredExemption = seedTopic(account, { tags: { 'janitor:exempt': '2026-11-19' } });
    const laterFixedTable = seedTable(account, { createdAt: LONG_AGO });
    const laterExemptedInstance = seedInstance(account, { launchTime: LONG_AGO });

    const terraformInstance = seedInstance(account, { launchTime: LONG_AGO, tags: { ManagedBy: 'terraform' } });
    const exemptFunction = seedFunction(account, { tags: { 'janitor:exempt': 'true' }, createdAt: LONG_AGO });
    const defaultGroup = seedSecurityGroup(account, { groupName: 'default' });
    const autoscaled = seedInstance(account, { launchTime: LONG_AGO, tags: { 'aws:autoscaling:groupName': 'web' } });
    const rootVolume = seedVolume(account, { attachedTo: terraformInstance.data.instanceId, createTime: LONG_AGO });
    const youngLogGroup = seedLogGroup(account, { name: 'scratch-logs', createdAt: new Date(NIGHT_1.getTime() - 2 * 3_600_000) });

    // Night 1: found, announced, then marked.
    const first = await night(NIGHT_1);
    const doomed = [handMadeInstance, neverTaggedBucket, queueWithOtherTags, expiredExemption, laterFixedTable, laterExemptedInstance];
    expect(first.warningPosted).toBe(true);
    expect(slack.posts).toHaveLength(1);
    for (const r of doomed) {
      expect(markOf(r.arn), r.arn).toBe('2026-11-20T23:00:00Z');
      expect(postedText()).toContain(r.arn.split(/[/:]/).pop()!);
    }
    for (const r of [terraformInstance, exemptFunction, defaultGroup, autoscaled, rootVolume, youngLogGroup]) {
      expect(markOf(r.arn), r.arn).toBeUndefined();
    }
    expect(account.callsOf('TerminateInstances')).toHaveLength(0);

    // During the day: one gets its IaC tags, one is exempted.
    account.setTags(laterFixedTable.arn, { ManagedBy: 'terraform' });
    account.setTags(laterExemptedInstance.arn, { 'janitor:exempt': 'true' });

    // Night 2: the still-untagged ones go; the fixed ones are unmarked; the young log group is now old enough.
    slack.posts.length = 0;
    const second = await night(NIGHT_2);
    for (const r of [handMadeInstance, neverTaggedBucket, queueWithOtherTags, expiredExemption]) {
      expect(account.exists(r.arn), r.arn).toBe(false);
    }
    expect(second.report.deleted.map((l) => l.arn).sort()).toEqual(
      [handMadeInstance, neverTaggedBucket, queueWithOtherTags, expiredExemption].map((r) => r.arn).sort(),
    );
    expect(second.report.kept.map((l) => l.arn).sort()).toEqual([laterFixedTable.arn, laterExemptedInstance.arn].sort());
    expect(markOf(laterFixedTable.arn)).toBeUndefined();
    expect(markOf(laterExemptedInstance.arn)).toBeUndefined();
    for (const r of [terraformInstance, exemptFunction, defaultGroup, autoscaled, rootVolume]) {
      expect(account.exists(r.arn)).toBe(true);
      expect(markOf(r.arn)).toBeUndefined();
    }
    expect(markOf(youngLogGroup.arn)).toBe('2026-11-21T22:55:00Z');
    // One warning (the log group), then the account's summary with the report in its thread.
    expect(slack.posts).toHaveLength(3);
    expect(slack.posts[2]!.body.thread_ts).toBeDefined();
    expect(postedText()).toContain('scratch-logs');
    expect(second.report.failed).toEqual([]);

    // Night 3: the log group goes; the rest of the account is exactly as before.
    await night(NIGHT_3);
    expect(account.exists(youngLogGroup.arn)).toBe(false);
    for (const r of [terraformInstance, exemptFunction, defaultGroup, autoscaled, rootVolume, laterFixedTable, laterExemptedInstance]) {
      expect(account.exists(r.arn)).toBe(true);
    }
  });

  it('posts to the configured channel with the bot token read from Secrets Manager', async () => {
    seedInstance(account, { launchTime: LONG_AGO });
    await night(NIGHT_1);
    expect(slack.posts[0]!.body.channel).toBe('#platform-janitor');
    expect(slack.posts[0]!.token).toBe('xoxb-test-token');
  });

  it('a dry run reports what it would do and changes nothing, night after night', async () => {
    const instance = seedInstance(account, { launchTime: LONG_AGO });
    const bucket = seedBucket(account, { createdAt: LONG_AGO });
    // Marked and announced by an enforcing run before someone switched back to dry run.
    const premarked = seedQueue(account, { tags: DUE_MARK, createdAt: LONG_AGO });
    await scenario.announce(premarked);

    const first = await night(NIGHT_1, { dryRun: true });
    await night(NIGHT_2, { dryRun: true });

    // The only writes: the janitor's own objects (audit record of each run, the run's targets and reports).
    const writes = account.mutatingCalls();
    expect(new Set(writes.map((c) => `${c.command} ${c.input.Bucket}`))).toEqual(new Set([`PutObject ${scenario.auditBucket.data.name}`]));
    expect(writes.filter((c) => c.input.Key.startsWith('runs/'))).toHaveLength(2);
    expect(account.exists(instance.arn) && account.exists(bucket.arn) && account.exists(premarked.arn)).toBe(true);
    expect(markOf(instance.arn)).toBeUndefined();
    expect(first.report.deleted.map((l) => l.arn)).toEqual([premarked.arn]);
    expect(postedText()).toMatch(/dry run/i);
  });

  it('above maxMarksPerRun nothing is marked and an alert is posted instead of a warning', async () => {
    const instances = [1, 2, 3].map(() => seedInstance(account, { launchTime: LONG_AGO }));
    const result = await night(NIGHT_1, { limits: { maxMarksPerRun: 2 } });
    expect(result.warningPosted).toBe(false);
    expect(instances.every((i) => markOf(i.arn) === undefined)).toBe(true);
    expect(account.callsOf('TagResources')).toEqual([]);
    expect(result.report.capAlerts[0]).toContain('limits.maxMarksPerRun = 2');
    expect(postedText()).toContain('limits.maxMarksPerRun');
  });

  it('above maxDeletionsPerRun nothing is deleted and an alert is posted', async () => {
    const marked = [1, 2, 3].map(() => seedInstance(account, { launchTime: LONG_AGO, tags: DUE_MARK }));
    await scenario.announce(...marked);
    const result = await night(NIGHT_1, { limits: { maxDeletionsPerRun: 2 } });
    expect(marked.every((i) => account.exists(i.arn))).toBe(true);
    expect(account.callsOf('TerminateInstances')).toEqual([]);
    expect(result.report.capAlerts[0]).toContain('limits.maxDeletionsPerRun = 2');
  });

  it('when Slack refuses the warning, nothing is marked and the run fails visibly', async () => {
    const instance = seedInstance(account, { launchTime: LONG_AGO });
    slack.failNext({ error: 'channel_not_found' }, 2);
    await expect(night(NIGHT_1)).rejects.toThrow(/channel_not_found/);
    expect(markOf(instance.arn)).toBeUndefined();
    expect(account.callsOf('TagResources')).toEqual([]);
  });

  it('a deletion still failing after the last wave is reported with the AWS error, and the run goes on', async () => {
    const stuckGroup = seedSecurityGroup(account, { tags: DUE_MARK });
    const instance = seedInstance(account, { launchTime: LONG_AGO, tags: DUE_MARK });
    const dependency = () => new FakeAwsError('DependencyViolation', `resource ${stuckGroup.data.groupId} has a dependent object`);
    account.failNext('DeleteSecurityGroup', dependency, 3);
    await scenario.announce(stuckGroup, instance);
    const result = await night(NIGHT_1);
    expect(account.exists(instance.arn)).toBe(false);
    expect(account.exists(stuckGroup.arn)).toBe(true);
    expect(result.report.failed).toHaveLength(1);
    expect(result.report.failed[0]!.error).toContain('DependencyViolation');
    expect(account.callsOf('DeleteSecurityGroup')).toHaveLength(3);
    // Still marked: the next night tries again.
    expect(markOf(stuckGroup.arn)).toBe(DUE_MARK[MARK_TAG]);
    expect(postedText()).toContain('DependencyViolation');
  });

  it('deletes in waves: a security group used by an instance goes in the second wave, after the instance', async () => {
    const marked = DUE_MARK;
    const group = seedSecurityGroup(account, { tags: marked });
    const instance = seedInstance(account, { launchTime: LONG_AGO, tags: marked, securityGroupIds: [group.data.groupId] });
    await scenario.announce(group, instance);
    const result = await night(NIGHT_1);
    expect(account.exists(instance.arn)).toBe(false);
    expect(account.exists(group.arn)).toBe(false);
    // First attempt: DependencyViolation while the instance shuts down; second wave: deleted.
    expect(account.callsOf('DeleteSecurityGroup')).toHaveLength(2);
    expect(account.callsOf('TerminateInstances')[0]!.input.InstanceIds).toEqual([instance.data.instanceId]);
    expect(result.report.deleted.map((l) => l.arn).sort()).toEqual([group.arn, instance.arn].sort());
    expect(result.report.failed).toEqual([]);
  });

  it('re-reads, then deletes, a type the tagging API cannot see (Auto Scaling groups) by listing it again', async () => {
    const group = seedAutoScalingGroup(account, { tags: DUE_MARK, createdAt: LONG_AGO });
    await scenario.announce(group);
    const result = await night(NIGHT_1);
    expect(result.report.skipped).toEqual([]);
    expect(result.report.started.map((l) => l.arn)).toEqual([group.arn]);
    expect(account.callsOf('DeleteAutoScalingGroup')).toHaveLength(1);
  });

  it('a resource fixed between discovery and deletion is kept: the delete phase re-reads tags live', async () => {
    const instance = seedInstance(account, { launchTime: LONG_AGO, tags: DUE_MARK });
    await scenario.announce(instance);
    // Someone adds the IaC tag while the janitor is listing the other types.
    account.failNext('ListBuckets', () => {
      account.setTags(instance.arn, { ManagedBy: 'cdk' });
      return new FakeAwsError('AccessDenied', 'not allowed to list buckets');
    });
    const result = await night(NIGHT_1);
    expect(account.exists(instance.arn)).toBe(true);
    expect(markOf(instance.arn)).toBeUndefined();
    expect(result.report.kept.map((l) => l.arn)).toEqual([instance.arn]);
    // The type that could not be listed is reported, not guessed at.
    expect(result.report.listingErrors).toEqual([{ type: 's3:bucket', error: 'AccessDenied: not allowed to list buckets' }]);
  });

  it('exempted with a misspelt key between discovery and deletion: kept, unmarked, and listed as needing attention', async () => {
    const instance = seedInstance(account, { launchTime: LONG_AGO, tags: DUE_MARK });
    await scenario.announce(instance);
    account.failNext('ListBuckets', () => {
      account.setTags(instance.arn, { 'Janitor:Exempt': 'true' });
      return new FakeAwsError('AccessDenied', 'not allowed to list buckets');
    });
    const result = await night(NIGHT_1);
    expect(account.exists(instance.arn)).toBe(true);
    expect(markOf(instance.arn)).toBeUndefined();
    expect(result.report.kept.map((l) => l.arn)).toEqual([instance.arn]);
    expect(result.report.needsAttention.map((l) => l.arn)).toEqual([instance.arn]);
  });

  it('malformed marks are re-marked and malformed exemptions are never deleted; both need attention', async () => {
    const badMark = seedInstance(account, { launchTime: LONG_AGO, tags: { [MARK_TAG]: 'soon' } });
    const badExemption = seedInstance(account, {
      launchTime: LONG_AGO,
      tags: { ...DUE_MARK, 'janitor:exempt': 'forever' },
    });
    await scenario.announce(badExemption);
    const result = await night(NIGHT_1);
    expect(markOf(badMark.arn)).toBe('2026-11-20T23:00:00Z');
    expect(account.exists(badExemption.arn)).toBe(true);
    expect(result.report.needsAttention.map((l) => l.arn).sort()).toEqual([badMark.arn, badExemption.arn].sort());
  });

  it('a partial TagResources failure is reported per resource; the others are marked', async () => {
    const ok = seedInstance(account, { launchTime: LONG_AGO });
    const refused = seedInstance(account, { launchTime: LONG_AGO });
    account.tagFailures.set(refused.arn, { StatusCode: 403, ErrorCode: 'AccessDeniedException', ErrorMessage: 'no ec2:CreateTags' });
    const result = await night(NIGHT_1);
    expect(markOf(ok.arn)).toBeDefined();
    expect(markOf(refused.arn)).toBeUndefined();
    expect(result.report.markedCount).toBe(1);
    expect(result.report.failed[0]).toMatchObject({ arn: refused.arn, error: expect.stringContaining('AccessDeniedException') });
  });

  it('a quiet night posts nothing, unless configured to', async () => {
    seedInstance(account, { launchTime: LONG_AGO, tags: { ManagedBy: 'terraform' } });
    await night(NIGHT_1);
    expect(slack.posts).toEqual([]);
    await night(NIGHT_1, { slack: { channel: '#platform-janitor', tokenSecretName: SECRET, postWhenNothingHappened: true } });
    expect(slack.posts).toHaveLength(1);
  });

  it('500 new violations: one digest of a few messages within Block Kit limits, every resource in the attached list once, all marked', async () => {
    const instances = Array.from({ length: 500 }, () => seedInstance(account, { launchTime: LONG_AGO }));
    account.defaultPageSize = 100;
    const result = await night(NIGHT_1, { limits: { maxMarksPerRun: 1000 } });
    expect(result.report.markedCount).toBe(500);
    expect(instances.every((i) => markOf(i.arn) === '2026-11-20T23:00:00Z')).toBe(true);
    const chat = slack.posts.filter((p) => p.method === 'chat.postMessage');
    const [first, ...rest] = chat;
    expect(first!.body.text).toContain('500 untagged resources will be deleted');
    expect(rest.every((p) => p.body.thread_ts === first!.ts)).toBe(true);
    for (const post of chat) {
      expect(post.body.blocks?.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(post.body.blocks).length).toBeLessThan(13_000);
    }
    expect(chat.length).toBeLessThanOrEqual(10);
    const [list] = slack.uploads;
    expect(list).toMatchObject({ thread_ts: first!.ts });
    const listed = list!.content.match(/i-[0-9a-f]{8,17}/g) ?? [];
    expect(new Set(listed)).toEqual(new Set(instances.map((i) => i.arn.split('/')[1])));
    // TagResources takes at most 20 ARNs a call.
    expect(account.callsOf('TagResources')).toHaveLength(25);
  });
});
