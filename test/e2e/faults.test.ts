import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import { sweepTags } from '../../lambda/aws/tagging';
import { FakeAwsError } from '../fakes/fake-account';
import { seedInstance } from '../fakes/services/ec2';
import { seedBucket } from '../fakes/services/s3';
import { DUE_MARK, LONG_AGO, NIGHT_1, NIGHT_2, useJanitorScenario } from './scenario';

/**
 * Each fault: what the run does, and that nothing was lost or wrongly deleted. The SDK retries
 * throttling itself (see the last spec); these specs cover what happens when retries run out.
 */
const throttled = () => new FakeAwsError('ThrottlingException', 'Rate exceeded');

describe('faults during a night', () => {
  const scenario = useJanitorScenario();

  it('throttling on the tag sweep: the types that need it are reported unlisted and left alone; the others go on', async () => {
    const { account } = scenario;
    const bucket = seedBucket(account, { createdAt: LONG_AGO });
    const instance = seedInstance(account, { launchTime: LONG_AGO });
    account.failNext('GetResources', throttled);

    const { report } = await scenario.night(NIGHT_1);

    expect(report.listingErrors.find((e) => e.type === 's3:bucket')?.error).toContain('ThrottlingException');
    expect(scenario.markOf(bucket.arn)).toBeUndefined();
    expect(scenario.markOf(instance.arn)).toBeDefined();
  });

  it('throttling on a delete: reported with the error, still marked, deleted the next night', async () => {
    const { account } = scenario;
    const instance = seedInstance(account, { launchTime: LONG_AGO, tags: DUE_MARK });
    await scenario.announce(instance);
    account.failNext('TerminateInstances', throttled);

    const first = await scenario.night(NIGHT_1);
    expect(first.report.failed[0]).toMatchObject({ arn: instance.arn, error: expect.stringContaining('ThrottlingException') });
    expect(scenario.markOf(instance.arn)).toBe(DUE_MARK['janitor:delete-after']);

    await scenario.night(NIGHT_2);
    expect(account.exists(instance.arn)).toBe(false);
  });

  it('throttling on a TagResources batch: those resources are reported unmarked and marked the next night', async () => {
    const { account } = scenario;
    const instances = Array.from({ length: 25 }, () => seedInstance(account, { launchTime: LONG_AGO }));
    account.failNext('TagResources', throttled);

    const first = await scenario.night(NIGHT_1, { limits: { maxMarksPerRun: 100 } });
    // The first batch of 20 failed as a whole; the second batch was marked.
    expect(first.report.failed).toHaveLength(20);
    expect(first.report.markedCount).toBe(5);

    const markedOnNight1 = instances.filter((i) => scenario.markOf(i.arn) === '2026-11-20T23:00:00Z');
    expect(markedOnNight1).toHaveLength(5);

    await scenario.night(NIGHT_2, { limits: { maxMarksPerRun: 100 } });
    // Night 2: the five marked on night 1 are due and go; the twenty are announced and marked now.
    expect(account.removals.map((r) => r.arn).sort()).toEqual(markedOnNight1.map((i) => i.arn).sort());
    const rest = instances.filter((i) => !markedOnNight1.includes(i));
    expect(rest.every((i) => scenario.markOf(i.arn) === '2026-11-21T22:55:00Z')).toBe(true);
  });

  it('access denied on one type: reported, and every other type is swept', async () => {
    const { account } = scenario;
    const instance = seedInstance(account, { launchTime: LONG_AGO });
    account.failNext('ListBuckets', () => new FakeAwsError('AccessDenied', 'User is not authorized to perform: s3:ListAllMyBuckets'));

    const { report } = await scenario.night(NIGHT_1);

    expect(report.listingErrors).toEqual([{ type: 's3:bucket', error: expect.stringContaining('AccessDenied') }]);
    expect(scenario.markOf(instance.arn)).toBeDefined();
    expect(scenario.postedText()).toContain('s3:bucket');
  });

  it('Slack 429 with Retry-After: the warning goes out after the wait, then the resources are marked', async () => {
    const instance = seedInstance(scenario.account, { launchTime: LONG_AGO });
    scenario.slack.failNext({ status: 429, retryAfter: 1 });

    await scenario.night(NIGHT_1, {}, 1);

    expect(scenario.slack.posts.filter((p) => p.ts)).toHaveLength(1);
    expect(scenario.markOf(instance.arn)).toBeDefined();
  });

  for (const failure of [{ status: 503 }, { error: 'invalid_auth' }] as const) {
    it(`Slack ${'status' in failure ? `HTTP ${failure.status}` : failure.error}: the run fails visibly and nothing is marked`, async () => {
      const instance = seedInstance(scenario.account, { launchTime: LONG_AGO });
      scenario.slack.failNext(failure, 5);

      await expect(scenario.night(NIGHT_1)).rejects.toThrow(/Slack chat.postMessage failed/);

      expect(scenario.markOf(instance.arn)).toBeUndefined();
      expect(scenario.account.callsOf('TagResources')).toEqual([]);
    });
  }

  it('a Lambda timeout while marking, then the next run: the rest is marked, nothing twice, nothing deleted early', async () => {
    const { account } = scenario;
    const instances = Array.from({ length: 30 }, () => seedInstance(account, { launchTime: LONG_AGO }));
    // The process dies at the second TagResources call: the first batch of 20 is marked, the rest not.
    account.freezeAtCommand = { command: 'TagResources', occurrence: 2 };
    const frozen = account.whenFrozen().then(() => 'frozen');
    const outcome = await Promise.race([frozen, scenario.night(NIGHT_1, { limits: { maxMarksPerRun: 100 } }).then(() => 'completed')]);
    expect(outcome).toBe('frozen');

    const markedBefore = instances.filter((i) => scenario.markOf(i.arn) !== undefined);
    expect(markedBefore).toHaveLength(20);

    // The next invocation, twenty minutes later.
    await scenario.night(new Date(NIGHT_1.getTime() + 20 * 60_000), { limits: { maxMarksPerRun: 100 } });
    expect(instances.every((i) => scenario.markOf(i.arn) !== undefined)).toBe(true);
    expect(markedBefore.every((i) => scenario.markOf(i.arn) === '2026-11-20T23:00:00Z')).toBe(true);
    expect(account.removals).toEqual([]);
  });
});

describe('throttling against a real HTTP endpoint', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('the SDK clients the janitor builds retry ThrottlingException and then succeed', async () => {
    let calls = 0;
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls += 1;
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (calls <= 3) {
          res.statusCode = 400;
          res.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
          return;
        }
        res.end(
          JSON.stringify({
            ResourceTagMappingList: [{ ResourceARN: 'arn:aws:sqs:eu-west-1:123456789012:q', Tags: [{ Key: 'a', Value: 'b' }] }],
            PaginationToken: '',
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const clients = new AwsClients({
      accountId: '123456789012',
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    });

    const tags = await sweepTags(clients, ['sqs:queue']);

    expect(calls).toBe(4);
    expect(tags.get('arn:aws:sqs:eu-west-1:123456789012:q')).toEqual({ a: 'b' });
  });
});
