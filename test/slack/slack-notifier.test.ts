import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSecretCache, getSecretString } from '../../lambda/aws/secrets';
import type { Warning } from '../../lambda/core/report';
import { DETAILED_REPORT_LIMIT, DETAILED_WARNING_LIMIT } from '../../lambda/slack/long-lists';
import { createSlackNotifier, SlackNotifier } from '../../lambda/slack/slack-notifier';
import { FakeAccount, mockFakeServices } from '../fakes/fake-account';
import { installSecretsManager } from '../fakes/services/secrets-manager';
import { type SlackServer, startSlackServer } from '../fakes/slack-server';
import { reportOf, resourceLine as resource, warningOf } from './fixtures';

const SECRET = 'janitor/slack';
const CHANNEL = '#platform-janitor';

function warning(count: number): Warning {
  return warningOf(Array.from({ length: count }, (_, i) => resource(i)));
}

const quietReport = reportOf({ waitingCount: 1 });

/** A report of `count` deletions. */
function reportWith(count: number) {
  return reportOf({ deleted: Array.from({ length: count }, (_, i) => resource(i)) });
}

let slack: SlackServer;
let account: FakeAccount;
let restoreSecrets: () => void;

beforeEach(async () => {
  // The Secrets Manager client needs a region even when faked; Lambda sets AWS_REGION.
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  slack = await startSlackServer();
  account = new FakeAccount();
  account.secrets.set(SECRET, 'xoxb-test');
  restoreSecrets = mockFakeServices([installSecretsManager(account)]);
  clearSecretCache();
});

afterEach(async () => {
  restoreSecrets();
  vi.unstubAllEnvs();
  await slack.close();
});

function notifierWithoutRetries(token = 'xoxb-direct'): SlackNotifier {
  const client = new WebClient(token, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  return new SlackNotifier({ client, channel: CHANNEL, minIntervalMs: 0 });
}

describe('SlackNotifier', () => {
  it('posts a warning to the channel with the bot token read from the secret', async () => {
    const notifier = await createSlackNotifier({ tokenSecretName: SECRET, channel: CHANNEL, slackApiUrl: slack.url, retries: 0 });
    await notifier.postWarning(warning(3));

    expect(slack.posts).toHaveLength(1);
    const post = slack.posts[0]!;
    expect(post.method).toBe('chat.postMessage');
    expect(post.token).toBe('xoxb-test');
    expect(post.body.channel).toBe(CHANNEL);
    expect(post.body.text).toContain('3 untagged resources will be deleted');
    expect(post.body.blocks?.[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(post.body.blocks)).toContain(resource(2).id);
    expect(post.body.unfurl_links).toBe('false');
    expect(post.body.thread_ts).toBeUndefined();
    expect(account.callsOf('GetSecretValue')).toHaveLength(1);
  });

  it('posts a long list as one channel message with the other parts in its thread, in order', async () => {
    // Up to DETAILED_REPORT_LIMIT lines a report lists each one: here over several messages.
    await notifierWithoutRetries().postReport(reportWith(DETAILED_REPORT_LIMIT));

    expect(slack.posts.length).toBeGreaterThanOrEqual(2);
    const [first, ...replies] = slack.posts;
    expect(first!.body.thread_ts).toBeUndefined();
    expect(first!.ts).toBeDefined();
    for (const [index, reply] of replies.entries()) {
      expect(reply.body.thread_ts).toBe(first!.ts);
      expect(reply.body.channel).toBe(CHANNEL);
      expect(reply.body.text).toContain(`(part ${index + 2} of ${slack.posts.length})`);
    }
    const posted = slack.posts.map((p) => JSON.stringify(p.body.blocks)).join('\n');
    for (let i = 0; i < DETAILED_REPORT_LIMIT; i += 1) expect(posted).toContain(resource(i).id);
    expect(slack.uploads).toEqual([]);
  });

  it('spaces the parts of one thread to respect the per-channel rate', async () => {
    const client = new WebClient('xoxb-direct', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const notifier = new SlackNotifier({ client, channel: CHANNEL, minIntervalMs: 100 });
    const started = Date.now();
    await notifier.postReport(reportWith(DETAILED_REPORT_LIMIT));
    expect(slack.posts.length).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100 * (slack.posts.length - 1) - 5);
  });

  it("paces separate messages to one channel at Slack's rate, and each channel on its own", async () => {
    const paced = await startSlackServer({ perChannelIntervalMs: 100 });
    try {
      const client = new WebClient('xoxb-direct', { slackApiUrl: paced.url, retryConfig: { retries: 0 } });
      const platform = new SlackNotifier({ client, channel: CHANNEL, minIntervalMs: 100 });
      const team = platform.forChannel('#team-data');
      const started = Date.now();
      const postFour = async (notifier: SlackNotifier) => {
        for (let i = 0; i < 4; i += 1) await notifier.postWarning(warning(1));
      };
      await Promise.all([postFour(platform), postFour(team)]);
      const elapsed = Date.now() - started;

      expect(paced.rateLimited).toBe(0);
      expect(paced.posts.map((p) => p.body.channel).sort()).toEqual([...Array(4).fill(CHANNEL), ...Array(4).fill('#team-data')].sort());
      // Three waits per channel, the two channels side by side rather than one after the other.
      expect(elapsed).toBeGreaterThanOrEqual(300 - 5);
      expect(elapsed).toBeLessThan(700);
      expect(platform.forChannel(CHANNEL)).toBe(platform);
    } finally {
      await paced.close();
    }
  });

  it.each(['channel_not_found', 'invalid_auth'])('rejects with the Slack error %s in the message', async (code) => {
    slack.failNext({ error: code });
    await expect(notifierWithoutRetries().postReport(quietReport)).rejects.toThrow(`Slack chat.postMessage failed: ${code}`);
  });

  it('stops a thread at the first failed part and says which part failed', async () => {
    const client = new WebClient('xoxb-direct', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const notifier = new SlackNotifier({ client, channel: CHANNEL, minIntervalMs: 200 });
    const posting = notifier.postReport(reportWith(DETAILED_REPORT_LIMIT));
    posting.catch(() => undefined);
    // The pause between parts leaves time to fail the second one.
    await vi.waitFor(() => expect(slack.posts).toHaveLength(1));
    slack.failNext({ error: 'msg_blocks_too_long' });
    await expect(posting).rejects.toThrow(
      /Slack chat.postMessage failed: msg_blocks_too_long \(channel #platform-janitor \(part 2 of \d+\)\)/,
    );
    expect(slack.posts).toHaveLength(2);
    expect(slack.posts[1]!.ts).toBeUndefined();
  });

  it('rejects on an HTTP 500 with the status', async () => {
    slack.failNext({ status: 500 });
    await expect(notifierWithoutRetries().postFailure({ accountId: '1', region: 'eu-west-1', error: 'boom' })).rejects.toThrow(
      /Slack chat.postMessage failed: HTTP 500/,
    );
  });

  it('lets WebClient retry a 429 after its Retry-After, then succeeds', async () => {
    const notifier = await createSlackNotifier({ tokenSecretName: SECRET, channel: CHANNEL, slackApiUrl: slack.url, retries: 1 });
    slack.failNext({ status: 429, retryAfter: 1 });
    const started = Date.now();
    await notifier.postReport(quietReport);

    expect(slack.posts).toHaveLength(2);
    expect(slack.posts[0]!.ts).toBeUndefined();
    expect(slack.posts[1]!.ts).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  }, 15_000);

  it('reads the token from a JSON secret ({"token"} or {"botToken"})', async () => {
    account.secrets.set(SECRET, JSON.stringify({ token: 'xoxb-from-json' }));
    await (await createSlackNotifier({ tokenSecretName: SECRET, channel: CHANNEL, slackApiUrl: slack.url, retries: 0 })).postReport(
      quietReport,
    );
    clearSecretCache();
    account.secrets.set(SECRET, JSON.stringify({ botToken: 'xoxb-bot-token' }));
    await (await createSlackNotifier({ tokenSecretName: SECRET, channel: CHANNEL, slackApiUrl: slack.url, retries: 0 })).postReport(
      quietReport,
    );
    expect(slack.posts.map((p) => p.token)).toEqual(['xoxb-from-json', 'xoxb-bot-token']);
  });

  it.each([
    ['a value that is not a token', 'hunter2-not-a-token'],
    ['JSON without a token field', JSON.stringify({ password: 'hunter2-not-a-token' })],
    ['broken JSON', '{"token": "hunter2-not-a-token"'],
  ])('rejects %s naming the secret, never its value', async (_, value) => {
    account.secrets.set(SECRET, value);
    const log = vi.spyOn(console, 'log');
    const error = vi.spyOn(console, 'error');
    const created = createSlackNotifier({ tokenSecretName: SECRET, channel: CHANNEL, slackApiUrl: slack.url, retries: 0 });
    await expect(created).rejects.toThrow(`Secret "${SECRET}"`);
    const message = await created.catch((e: Error) => `${e.message} ${String(e.cause ?? '')}`);
    expect(message).not.toContain('hunter2');
    for (const spy of [log, error]) expect(JSON.stringify(spy.mock.calls)).not.toContain('hunter2');
    expect(slack.posts).toEqual([]);
  });

  it('fails with the secret name when the secret does not exist', async () => {
    await expect(
      createSlackNotifier({ tokenSecretName: 'janitor/missing', channel: CHANNEL, slackApiUrl: slack.url, retries: 0 }),
    ).rejects.toThrow(/secret "janitor\/missing": it does not exist/);
  });
});

describe('getSecretString', () => {
  it('caches the value across calls until the cache is cleared', async () => {
    const client = new SecretsManagerClient({ region: 'eu-west-1' });
    expect(await getSecretString(SECRET, client)).toBe('xoxb-test');
    account.secrets.set(SECRET, 'xoxb-rotated');
    expect(await getSecretString(SECRET, client)).toBe('xoxb-test');
    expect(account.callsOf('GetSecretValue')).toHaveLength(1);
    clearSecretCache();
    expect(await getSecretString(SECRET, client)).toBe('xoxb-rotated');
  });

  it("reads a secret given by ARN in the ARN's region", async () => {
    const arn = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:janitor/slack-AbCdEf';
    account.secrets.set(arn, 'xoxb-east');
    expect(await getSecretString(arn)).toBe('xoxb-east');
    expect(account.callsOf('GetSecretValue').map((c) => c.region)).toEqual(['us-east-2']);
  });

  it('does not cache a failure, and names an empty secret', async () => {
    account.secrets.set('janitor/empty', '  ');
    await expect(getSecretString('janitor/empty')).rejects.toThrow('Secret "janitor/empty" has no string value');
    account.secrets.set('janitor/empty', 'now-set');
    expect(await getSecretString('janitor/empty')).toBe('now-set');
  });
});

describe('SlackNotifier with Keep buttons', () => {
  it('records each posted part in the ledger with its channel, ts and exactly the ARNs it carries buttons for', async () => {
    const recorded: import('../../lambda/core/warning-record').WarningRecord[] = [];
    const client = new WebClient('xoxb-direct', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const notifier = new SlackNotifier({
      client,
      channel: CHANNEL,
      minIntervalMs: 0,
      keepButtons: { allowForever: false, ledger: { recordWarning: async (r) => void recorded.push(r) } },
    });
    // The longest warning listed line by line: two lines of blocks each, over two messages.
    await notifier.postWarning(warning(DETAILED_WARNING_LIMIT));

    expect(slack.posts.length).toBeGreaterThan(1);
    expect(recorded.map((r) => r.ts)).toEqual(slack.posts.map((p) => p.ts));
    expect(recorded.flatMap((r) => r.resources)).toEqual(Array.from({ length: DETAILED_WARNING_LIMIT }, (_, i) => resource(i).arn));
    for (const [index, r] of recorded.entries()) {
      expect(r).toMatchObject({ channel: CHANNEL, accountId: '123456789012', region: 'eu-west-1' });
      const buttons = JSON.stringify(slack.posts[index]!.body.blocks);
      for (const arn of r.resources) expect(buttons).toContain(arn);
    }
  });

  it('fails the warning when the ledger cannot record it, so nothing gets marked behind dead buttons', async () => {
    const client = new WebClient('xoxb-direct', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
    const notifier = new SlackNotifier({
      client,
      channel: CHANNEL,
      minIntervalMs: 0,
      keepButtons: {
        allowForever: false,
        ledger: { recordWarning: async () => Promise.reject(new Error('ProvisionedThroughputExceededException')) },
      },
    });
    await expect(notifier.postWarning(warning(2))).rejects.toThrow(
      /recording the warning message .* in the keep ledger failed: Error: ProvisionedThroughputExceededException/,
    );
  });
});
