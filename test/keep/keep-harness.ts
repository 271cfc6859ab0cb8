import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { WebClient } from '@slack/web-api';
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import { afterEach, beforeEach, vi } from 'vitest';
import { clearSecretCache } from '../../lambda/aws/secrets';
import { type JanitorConfigInput, parseConfig } from '../../lambda/config';
import { MARK_TAG } from '../../lambda/core/model';
import type { ResourceLine } from '../../lambda/core/report';
import { createKeepHandler, type KeepEvent, type KeepHandlerOptions } from '../../lambda/keep/handler';
import { WarningLedger } from '../../lambda/keep/ledger';
import { slackSignature } from '../../lambda/keep/slack-signature';
import type { KeepWork } from '../../lambda/keep/work-item';
import { SlackNotifier } from '../../lambda/slack/slack-notifier';
import { FakeAccount, type FakeResource, fakeService, handle, mockFakeServices } from '../fakes/fake-account';
import { fakeServicesOf } from '../fakes/install';
import { createItemTable } from '../fakes/services/dynamodb-items';
import { seedInstance } from '../fakes/services/ec2';
import { type SlackWorkspace, startSlackWorkspace } from './slack-workspace';

export const REGION = 'eu-west-1';
export const CHANNEL = 'C0JANITOR';
export const TOKEN_SECRET = 'janitor/slack-bot-token';
export const SIGNING_SECRET_NAME = 'janitor/slack-signing-secret';
export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const LEDGER_TABLE = 'janitor-keep-ledger';
export const FUNCTION_NAME = 'UntaggedResourceJanitor-KeepFunction';
export const ALICE = 'U0ALICE';
export const NOW = new Date('2026-11-20T10:00:00Z');
export const DEADLINE = new Date('2026-11-20T23:00:00Z');
export const MARK = { [MARK_TAG]: '2026-11-20T23:00:00Z' };

export interface PostedWarning {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: any[];
}

export interface ClickOptions {
  user?: string;
  /** Default: the first Keep button of `arn` (7 days). */
  actionId?: string;
  /** The button value as sent; default: the value of the clicked button in the posted message. */
  value?: string;
  /** Seconds since the epoch; default NOW. */
  timestamp?: number;
  signingSecret?: string;
  message?: PostedWarning;
}

export interface KeepHarness {
  /** The janitor's own account (ambient credentials): the ledger, the secrets, Lambda. */
  readonly account: FakeAccount;
  /** Another account whose role `janitor-keep` may be assumed from `account`. */
  readonly member: FakeAccount;
  readonly slack: SlackWorkspace;
  readonly ledger: WarningLedger;
  /** Asynchronous self-invocations the endpoint asked Lambda for. */
  readonly invocations: { FunctionName?: string; InvocationType?: string; work: KeepWork }[];
  seedMarkedInstance(tags?: Record<string, string>): FakeResource;
  /** Posts a warning listing these resources through the real notifier; returns the posted message. */
  postWarning(resources: readonly FakeResource[], accountId?: string): Promise<PostedWarning>;
  /** A Function URL event for a click on `arn`'s button in `message`, signed unless told otherwise. */
  clickEvent(message: PostedWarning, arn: string, options?: ClickOptions): LambdaFunctionURLEvent;
  /** The keep Lambda, as deployed (the request path and, for queued work, the worker path); any event, as anyone may invoke it. */
  invoke(event: LambdaFunctionURLEvent | KeepWork | Record<string, unknown>): Promise<LambdaFunctionURLResult | undefined>;
  /** Runs every queued asynchronous invocation, as Lambda would shortly after the ack. */
  runQueuedWork(): Promise<void>;
  /** Rebuilds the handler with other options (configuration, clients for other accounts). */
  configure(overrides?: {
    keepButtons?: Partial<NonNullable<NonNullable<JanitorConfigInput['slack']>['keepButtons']>>;
    handler?: Partial<KeepHandlerOptions>;
  }): void;
}

export function useKeepHarness(): KeepHarness {
  let account: FakeAccount;
  let member: FakeAccount;
  let slack: SlackWorkspace;
  let restore: () => void;
  let ledger: WarningLedger;
  let handler: ReturnType<typeof createKeepHandler>;
  const invocations: KeepHarness['invocations'] = [];
  let queued = 0;

  const configure: KeepHarness['configure'] = (overrides = {}) => {
    const config = parseConfig({
      dryRun: false,
      slack: {
        channel: CHANNEL,
        tokenSecretName: TOKEN_SECRET,
        keepButtons: {
          signingSecretName: SIGNING_SECRET_NAME,
          allowedUserIds: [ALICE],
          allowedUserGroupId: 'S0PLATFORM',
          ...overrides.keepButtons,
        },
      },
    });
    handler = createKeepHandler({
      config,
      ledger,
      functionName: FUNCTION_NAME,
      slackApiUrl: slack.url,
      slackRetries: 0,
      lambda: new LambdaClient({ region: REGION }),
      now: () => NOW,
      ...overrides.handler,
    });
  };

  beforeEach(async () => {
    vi.stubEnv('AWS_REGION', REGION);
    account = new FakeAccount();
    account.secrets.set(TOKEN_SECRET, 'xoxb-test-token');
    account.secrets.set(SIGNING_SECRET_NAME, SIGNING_SECRET);
    createItemTable(account, LEDGER_TABLE, { partitionKey: 'pk', sortKey: 'sk', region: REGION });
    invocations.length = 0;
    queued = 0;
    const lambdaInvoke = fakeService(LambdaClient, account);
    handle(lambdaInvoke, account, 'lambda', InvokeCommand, (input: any) => {
      invocations.push({
        FunctionName: input.FunctionName,
        InvocationType: input.InvocationType,
        work: JSON.parse(Buffer.from(input.Payload).toString('utf8')),
      });
      return { StatusCode: 202 };
    });
    member = new FakeAccount('210987654321');
    member.assumableRoles.set('janitor-keep', {});
    account.peers = [account, member];
    member.peers = [account, member];
    restore = mockFakeServices([...fakeServicesOf(account), ...fakeServicesOf(member), lambdaInvoke]);
    slack = await startSlackWorkspace();
    slack.userGroups.set('S0PLATFORM', ['U0BOB']);
    ledger = new WarningLedger(LEDGER_TABLE, new DynamoDBClient({ region: REGION }));
    clearSecretCache();
    configure();
  });

  afterEach(async () => {
    restore();
    await slack.close();
    vi.unstubAllEnvs();
  });

  return {
    get account() {
      return account;
    },
    get member() {
      return member;
    },
    get slack() {
      return slack;
    },
    get ledger() {
      return ledger;
    },
    invocations,
    configure,
    seedMarkedInstance(tags = MARK) {
      return seedInstance(account, { region: REGION, tags: { Name: 'scratch', ...tags } });
    },
    async postWarning(resources, accountId = account.accountId) {
      const notifier = new SlackNotifier({
        client: new WebClient('xoxb-test-token', { slackApiUrl: slack.url, retryConfig: { retries: 0 } }),
        channel: CHANNEL,
        minIntervalMs: 0,
        keepButtons: { allowForever: true, ledger },
      });
      const before = slack.server.posts.length;
      await notifier.postWarning({
        accountId,
        region: REGION,
        dryRun: false,
        deadline: DEADLINE,
        resources: resources.map(lineOf),
        keep: { requiredTags: 'ManagedBy', exemptTag: 'janitor:exempt' },
      });
      const [post] = slack.server.posts.slice(before);
      if (!post) throw new Error('the notifier posted no warning');
      return { channel: post.body.channel!, ts: post.ts!, text: post.body.text!, blocks: post.body.blocks! };
    },
    clickEvent(message, arn, options = {}) {
      const button = keepButtonsOf(message, arn).find((b) => !options.actionId || b.action_id === options.actionId);
      if (!button) throw new Error(`no Keep button ${options.actionId ?? ''} for ${arn} in the message`);
      const shown = options.message ?? message;
      const payload = {
        type: 'block_actions',
        user: { id: options.user ?? ALICE, username: 'someone', team_id: 'T0TEAM' },
        api_app_id: 'A0JANITOR',
        team: { id: 'T0TEAM', domain: 'example' },
        container: { type: 'message', message_ts: shown.ts, channel_id: shown.channel, is_ephemeral: false },
        channel: { id: shown.channel, name: 'platform-janitor' },
        message: { type: 'message', ts: shown.ts, text: shown.text, blocks: shown.blocks },
        response_url: 'https://hooks.slack.com/actions/T0TEAM/1/xyz',
        actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: options.value ?? button.value, action_ts: '1' }],
      };
      const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      const timestamp = String(options.timestamp ?? Math.floor(NOW.getTime() / 1000));
      return functionUrlEvent(body, {
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(options.signingSecret ?? SIGNING_SECRET, timestamp, body),
      });
    },
    invoke(event) {
      return handler(event as KeepEvent);
    },
    async runQueuedWork() {
      while (queued < invocations.length) {
        const { work } = invocations[queued]!;
        queued += 1;
        await handler(work);
      }
    },
  };
}

/** The Keep buttons the posted message shows for an ARN. */
export function keepButtonsOf(message: PostedWarning, arn: string): { action_id: string; value: string }[] {
  return message.blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as { action_id: string; value: string }[])
    .filter((e) => JSON.parse(e.value).arn === arn);
}

function lineOf(r: FakeResource): ResourceLine {
  const id = r.arn.split('/').at(-1)!;
  return {
    typeLabel: 'EC2 instance',
    type: r.type,
    id,
    name: r.tags.Name,
    arn: r.arn,
    region: r.region,
    consoleUrl: '',
    reason: 'missing IaC tags (ManagedBy)',
  };
}

export function functionUrlEvent(body: string, headers: Record<string, string>): LambdaFunctionURLEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...headers,
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'keep',
      domainName: 'keep.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'keep',
      http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'Slackbot' },
      requestId: 'r-1',
      routeKey: '$default',
      stage: '$default',
      time: '20/Nov/2026:10:00:00 +0000',
      timeEpoch: NOW.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}
