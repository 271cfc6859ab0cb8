import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { EXEMPT_TAG, MARK_TAG } from '../../lambda/core/model';
import { ConfiguredOwnerResolver } from '../../lambda/owners/resolve-owners';
import { SlackNotifier } from '../../lambda/slack/slack-notifier';
import { seedInstance } from '../fakes/services/ec2';
import { seedBucket } from '../fakes/services/s3';
import { ALICE, CHANNEL, type PostedWarning, REGION, SIGNING_SECRET_NAME, TOKEN_SECRET, useKeepHarness } from '../keep/keep-harness';
import { runLocalExecution } from './local-execution';

const NIGHT_1 = new Date('2026-11-20T02:00:00Z');
/** A weekday schedule: the next run is three nights later; the keep must still be reported. */
const NEXT_RUN = new Date('2026-11-23T01:55:00Z');
const LONG_AGO = new Date('2026-09-01T00:00:00Z');

/**
 * Keep buttons across nights, through the deployed path: the night's warning carries buttons and
 * mentions the owner, a click keeps the resource, and the next night neither deletes it nor forgets
 * to say who kept it.
 */
describe('keeping a resource from Slack, end to end', () => {
  const h = useKeepHarness();

  async function night(now: Date) {
    const config = parseConfig({
      dryRun: false,
      slack: {
        channel: CHANNEL,
        tokenSecretName: TOKEN_SECRET,
        keepButtons: { signingSecretName: SIGNING_SECRET_NAME, allowedUserIds: [ALICE] },
      },
      owners: { fromCloudTrail: false, emailDomains: ['example.com'] },
    });
    const client = new WebClient('xoxb-test-token', { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } });
    const notifier = new SlackNotifier({
      client,
      channel: CHANNEL,
      minIntervalMs: 0,
      keepButtons: { allowForever: false, ledger: h.ledger },
    });
    return runLocalExecution({
      config,
      home: { accountId: h.account.accountId, region: REGION },
      bucket: 'janitor-audit',
      notifier,
      now,
      sleep: async () => {},
      owners: new ConfiguredOwnerResolver({ config: config.owners, slack: client }),
      keeps: h.ledger,
    });
  }

  it('warns with Keep buttons and the owner mentioned; a click keeps it; the next run, days later, reports the keep and deletes nothing', async () => {
    seedBucket(h.account, { name: 'janitor-audit', region: REGION, tags: { ManagedBy: 'cdk' } });
    h.slack.usersByEmail.set('alice@example.com', ALICE);
    const instance = seedInstance(h.account, {
      region: REGION,
      launchTime: LONG_AGO,
      tags: { Name: 'debug-box', Owner: 'alice@example.com' },
    });

    const first = await night(NIGHT_1);
    expect(first.results).toEqual([expect.objectContaining({ status: 'swept' })]);
    expect(instance.tags[MARK_TAG]).toBe('2026-11-20T23:00:00Z');
    const post = h.slack.server.posts.find((p) => /will be deleted/.test(p.body.text ?? ''))!;
    expect(JSON.stringify(post.body.blocks)).toContain(`<@${ALICE}>`);
    const warning: PostedWarning = { channel: post.body.channel!, ts: post.ts!, text: post.body.text!, blocks: post.body.blocks! };

    // Alice clicks "Keep 7 days": Slack gets its answer at once, the worker tags afterwards.
    const response = await h.invoke(h.clickEvent(warning, instance.arn));
    expect(response).toMatchObject({ statusCode: 200 });
    await h.runQueuedWork();
    expect(instance.tags[MARK_TAG]).toBeUndefined();
    expect(instance.tags[EXEMPT_TAG]).toBe('2026-11-27');
    expect(instance.tags['janitor:kept-by']).toBe(ALICE);

    const second = await night(NEXT_RUN);
    expect(h.account.exists(instance.arn)).toBe(true);
    expect(second.executionError).toBeUndefined();
    expect(second.outcome).toMatchObject({ failedTargets: 0 });
    const summary = h.slack.server.posts.find((p) => /Janitor run for account/.test(p.body.text ?? ''))!;
    expect(summary.body.text).toMatch(/1 kept from Slack/);
    const thread = h.slack.server.posts.filter((p) => p.body.thread_ts === summary.ts);
    expect(JSON.stringify(thread.map((p) => p.body.blocks))).toContain(ALICE);
    // Named by type, not only by ARN.
    expect(JSON.stringify(thread.map((p) => p.body.blocks))).toMatch(/\*EC2 instance\* `arn:aws:ec2/);
  });
});
