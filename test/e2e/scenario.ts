import { afterEach, beforeEach, vi } from 'vitest';
import { S3AnnouncementLedger } from '../../lambda/audit/announcement-ledger';
import { AwsClients } from '../../lambda/aws/clients';
import { clearSecretCache } from '../../lambda/aws/secrets';
import { type JanitorConfigInput, parseConfig } from '../../lambda/config';
import { type Announcement, resourceIdentity } from '../../lambda/core/announcements';
import type { Resource } from '../../lambda/core/model';
import { MARK_TAG } from '../../lambda/core/model';
import type { RunReport } from '../../lambda/core/report';
import { reviveReport } from '../../lambda/fanout/report-run';
import { errorFromCatch } from '../../lambda/fanout/run-summary';
import { resourceType } from '../../lambda/resources/registry';
import { createSlackNotifier } from '../../lambda/slack/slack-notifier';
import { FakeAccount, type FakeResource } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { seedStack } from '../fakes/services/cloudformation';
import { seedBucket } from '../fakes/services/s3';
import { type SlackServer, startSlackServer } from '../fakes/slack-server';
import { runLocalExecution } from './local-execution';

export const REGION = 'eu-west-1';
export const SECRET = 'janitor/slack-bot-token';
export const LONG_AGO = new Date('2026-09-01T00:00:00Z');
export const NIGHT_1 = new Date('2026-11-20T02:00:00Z');
/** The next night's run starts five minutes earlier than the one before: it must still delete. */
export const NIGHT_2 = new Date('2026-11-21T01:55:00Z');
export const NIGHT_3 = new Date('2026-11-22T02:00:00Z');
/** The night before NIGHT_1, whose run announced and marked what the specs seed with DUE_MARK. */
export const NIGHT_0 = new Date('2026-11-19T02:00:00Z');
/** The mark NIGHT_0's run wrote (one grace period later, less the early-run tolerance): due on NIGHT_1. */
export const DUE_MARK = { [MARK_TAG]: '2026-11-19T23:00:00Z' };

/** One night of the deployed janitor for the scenario's one account and region. */
export interface NightResult {
  readonly report: RunReport;
  readonly warningPosted: boolean;
}

export interface JanitorScenario {
  readonly account: FakeAccount;
  /** The janitor's own audit bucket, deployed by its stack (so CloudFormation-tagged). */
  readonly auditBucket: FakeResource;
  readonly slack: SlackServer;
  /** One scheduled run at `now`, enforcing unless the overrides say otherwise. */
  night(now: Date, overrides?: Partial<JanitorConfigInput>, slackRetries?: number): Promise<NightResult>;
  /** Everything posted to Slack so far, text and blocks, as one string. */
  postedText(): string;
  markOf(arn: string): string | undefined;
  /**
   * Records in the announcement ledger that NIGHT_0's run announced these resources with the
   * deadline on their marks, as the janitor does when it marks. Set-up, not part of the night: the
   * reads it makes are left out of the account's recorded calls.
   */
  announce(...resources: FakeResource[]): Promise<void>;
}

/** What the announcing run saw of each resource: its identity comes from its type's own listing. */
async function announcementsOf(account: FakeAccount, resources: readonly FakeResource[]): Promise<Announcement[]> {
  const clients = new AwsClients({ accountId: account.accountId, region: REGION });
  const announced: Announcement[] = [];
  for (const typeId of new Set(resources.map((r) => r.type))) {
    const type = resourceType(typeId);
    const wanted = new Map(resources.filter((r) => r.type === typeId).map((r) => [r.arn, r]));
    let listed: Resource[] = [];
    for await (const r of type.list(clients)) if (wanted.has(r.arn)) listed.push(r);
    if (type.complete && listed.some((r) => r.needsCompletion)) listed = await type.complete(clients, listed);
    for (const r of listed) {
      const identity = resourceIdentity(r);
      announced.push({
        arn: r.arn,
        ...(identity ? { identity } : {}),
        deadline: wanted.get(r.arn)!.tags[MARK_TAG]!,
        announcedAt: NIGHT_0.toISOString(),
      });
    }
  }
  return announced;
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
    const janitorStack = seedStack(account, {
      name: 'UntaggedResourceJanitor',
      stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/UntaggedResourceJanitor/1',
    });
    auditBucket = seedBucket(account, {
      name: 'untaggedresourcejanitor-auditbucket',
      tags: { 'aws:cloudformation:stack-id': janitorStack.stackId },
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
    async night(now, overrides = {}, slackRetries = 0) {
      const config = parseConfig({ dryRun: false, slack: { channel: '#platform-janitor', tokenSecretName: SECRET }, ...overrides });
      const slackNotifier = await createSlackNotifier({
        tokenSecretName: SECRET,
        channel: config.slack.channel,
        slackApiUrl: slack.url,
        retries: slackRetries,
        minIntervalMs: 0,
      });
      let warningPosted = false;
      // The deployed path: plan, one sweep (this account, this region), the account summary.
      const execution = await runLocalExecution({
        config,
        home: { accountId: account.accountId, region: REGION },
        bucket: auditBucket.data.name,
        notifier: {
          postWarning: async (warning) => {
            await slackNotifier.postWarning(warning);
            warningPosted = true;
            return undefined;
          },
          postAccountSummary: (summary) => slackNotifier.postAccountSummary(summary),
          postOrgDigest: (digest) => slackNotifier.postOrgDigest(digest),
        },
        now,
        ownStackName: 'UntaggedResourceJanitor',
        // Between deletion waves, simulated time passes instead of real seconds.
        sleep: async () => account.settle(),
      });
      // A failed target fails loudly here, as its Lambda's error alarm would in AWS.
      const failed = execution.results.find((r) => r.status === 'failed');
      if (failed?.status === 'failed') throw new Error(typeof failed.error === 'string' ? failed.error : errorFromCatch(failed.error));
      if (execution.executionError) throw execution.executionError;
      const report = execution.reports[0]!;
      return { report: reviveReport(report), warningPosted };
    },
    postedText() {
      return slack.posts.map((p) => `${p.body.text}\n${JSON.stringify(p.body.blocks ?? [])}`).join('\n');
    },
    markOf(arn) {
      return account.find(arn)?.tags[MARK_TAG];
    },
    async announce(...resources) {
      const recorded = account.calls.length;
      const announced = await announcementsOf(account, resources);
      await new S3AnnouncementLedger(auditBucket.data.name, REGION).record(account.accountId, REGION, NIGHT_0, announced);
      account.calls.splice(recorded);
    },
  };
}
