import { afterEach, beforeEach, vi } from 'vitest';
import { clearSecretCache } from '../../lambda/aws/secrets';
import { parseConfig, type JanitorConfigInput } from '../../lambda/config';
import { MARK_TAG } from '../../lambda/core/model';
import { runScheduledNight } from '../../lambda/run/scheduled-night';
import { FakeAccount, type FakeResource } from '../fakes/fake-account';
import { seedBucket } from '../fakes/services/s3';
import { installFakeAws } from '../fakes/install';
import { startSlackServer, type SlackServer } from '../fakes/slack-server';

export const REGION = 'eu-west-1';
export const SECRET = 'janitor/slack-bot-token';
export const LONG_AGO = new Date('2026-09-01T00:00:00Z');
export const NIGHT_1 = new Date('2026-11-20T02:00:00Z');
/** The next night's run starts five minutes earlier than the one before: it must still delete. */
export const NIGHT_2 = new Date('2026-11-21T01:55:00Z');
export const NIGHT_3 = new Date('2026-11-22T02:00:00Z');
/** A mark whose deadline passed long ago. */
export const DUE_MARK = { [MARK_TAG]: '2026-11-01T00:00:00Z' };

export interface JanitorScenario {
  readonly account: FakeAccount;
  /** The janitor's own audit bucket, deployed by its stack (so CloudFormation-tagged). */
  readonly auditBucket: FakeResource;
  readonly slack: SlackServer;
  /** One scheduled run at `now`, enforcing unless the overrides say otherwise. */
  night(now: Date, overrides?: Partial<JanitorConfigInput>, slackRetries?: number): ReturnType<typeof runScheduledNight>;
  /** Everything posted to Slack so far, text and blocks, as one string. */
  postedText(): string;
  markOf(arn: string): string | undefined;
}

/**
 * A fresh in-memory account (every faked service), a loopback Slack server and a Slack token
 * secret per test; the clock is whatever `night(now)` is given. Call inside a `describe`.
 */
export function useJanitorScenario(): JanitorScenario {
  let account: FakeAccount;
  let restoreAws: () => void;
  let slack: SlackServer;
  let auditBucket: FakeResource;

  beforeEach(async () => {
    // As in Lambda: the janitor reads its Slack secret in its own region.
    vi.stubEnv('AWS_REGION', REGION);
    account = new FakeAccount();
    account.secrets.set(SECRET, 'xoxb-test-token');
    restoreAws = installFakeAws(account);
    auditBucket = seedBucket(account, {
      name: 'untaggedresourcejanitor-auditbucket',
      tags: { 'aws:cloudformation:stack-id': 'arn:aws:cloudformation:eu-west-1:123456789012:stack/UntaggedResourceJanitor/1' },
    });
    slack = await startSlackServer();
    clearSecretCache();
  });

  afterEach(async () => {
    restoreAws();
    await slack.close();
    vi.unstubAllEnvs();
  });

  return {
    get account() {
      return account;
    },
    get slack() {
      return slack;
    },
    get auditBucket() {
      return auditBucket;
    },
    night(now, overrides = {}, slackRetries = 0) {
      return runScheduledNight({
        config: parseConfig({ dryRun: false, slack: { channel: '#platform-janitor', tokenSecretName: SECRET }, ...overrides }),
        accountId: account.accountId,
        region: REGION,
        now,
        ownStackName: 'UntaggedResourceJanitor',
        slack: { slackApiUrl: slack.url, retries: slackRetries, minIntervalMs: 0 },
        // Between deletion waves, simulated time passes instead of real seconds.
        sleep: async () => account.settle(),
        auditBucket: auditBucket.data.name,
      });
    },
    postedText() {
      return slack.posts.map((p) => `${p.body.text}\n${JSON.stringify(p.body.blocks ?? [])}`).join('\n');
    },
    markOf(arn) {
      return account.find(arn)?.tags[MARK_TAG];
    },
  };
}
