import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import { type JanitorConfigInput, parseConfig } from '../../lambda/config';
import type { Resource } from '../../lambda/core/model';
import { CLOUDTRAIL_MIN_INTERVAL_MS } from '../../lambda/owners/cloudtrail-creator';
import { ConfiguredOwnerResolver, createOwnerResolver } from '../../lambda/owners/resolve-owners';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { iamUserIdentity, seedTrailEvent, setTrailClock, ssoIdentity } from '../fakes/services/cloudtrail';
import { type SlackWorkspace, startSlackWorkspace } from '../keep/slack-workspace';

const REGION = 'eu-west-1';
let account: FakeAccount;
let restore: () => void;
let slack: SlackWorkspace;
/** Simulated milliseconds, shared by the resolver's pauses and the fake's rate limit. */
let clockMs: number;

beforeEach(async () => {
  vi.stubEnv('AWS_REGION', REGION);
  account = new FakeAccount();
  restore = installFakeAws(account);
  slack = await startSlackWorkspace();
  clockMs = 1_000_000;
  setTrailClock(account, () => clockMs);
});

afterEach(async () => {
  restore();
  await slack.close();
  vi.unstubAllEnvs();
});

function resolver(owners: JanitorConfigInput['owners'] = {}) {
  const config = parseConfig({ slack: { channel: '#janitor', tokenSecretName: 'x' }, owners });
  return new ConfiguredOwnerResolver({
    config: config.owners,
    slack: new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } }),
    cloudTrail: {
      now: () => clockMs,
      sleep: async (ms) => {
        clockMs += ms;
      },
    },
  });
}

let counter = 0;
function resource(tags: Record<string, string> = {}): Resource {
  counter += 1;
  const id = `i-${counter.toString(16).padStart(17, '0')}`;
  return {
    type: 'ec2:instance',
    arn: `arn:aws:ec2:${REGION}:${account.accountId}:instance/${id}`,
    id,
    region: REGION,
    accountId: account.accountId,
    tags,
  };
}

function createdBy(r: Resource, userIdentity: Record<string, unknown>) {
  seedTrailEvent(account, {
    region: REGION,
    eventName: 'RunInstances',
    eventTime: new Date('2026-11-01T09:00:00Z'),
    resourceNames: [r.id],
    userIdentity,
  });
}

const clients = () => new AwsClients({ accountId: account.accountId, region: REGION });

describe('owner resolution', () => {
  it('from an owner tag, mapped to a Slack user by the configured map, without asking CloudTrail', async () => {
    const r = resource({ Owner: 'alice' });
    const { owners, problems } = await resolver({ slackUserByOwner: { alice: 'U0ALICE' } }).resolve([r], clients());
    expect(owners.get(r.arn)).toEqual({ name: 'alice', slackUserId: 'U0ALICE', source: 'tag' });
    expect(problems).toEqual([]);
    expect(account.callsOf('LookupEvents')).toEqual([]);
  });

  it('from an owner tag holding an email, found in Slack by users.lookupByEmail', async () => {
    slack.usersByEmail.set('carol@example.com', 'U0CAROL');
    const r = resource({ CreatedBy: 'Carol@Example.com' });
    const { owners } = await resolver({ emailDomains: ['example.com'] }).resolve([r], clients());
    expect(owners.get(r.arn)).toEqual({ name: 'Carol@Example.com', slackUserId: 'U0CAROL', source: 'tag' });
  });

  it('from CloudTrail: the SSO session name of the creating call is an email in an allowed domain, looked up in Slack', async () => {
    slack.usersByEmail.set('dave@example.com', 'U0DAVE');
    const r = resource();
    createdBy(r, ssoIdentity(account, 'dave@example.com'));
    seedTrailEvent(account, {
      region: REGION,
      eventName: 'CreateTags',
      eventTime: new Date('2026-11-02T09:00:00Z'),
      resourceNames: [r.id],
      userIdentity: iamUserIdentity(account, 'tagger'),
    });
    const { owners } = await resolver({ emailDomains: ['example.com'] }).resolve([r], clients());
    expect(owners.get(r.arn)).toEqual({ name: 'dave@example.com', slackUserId: 'U0DAVE', source: 'cloudtrail' });
    expect(account.callsOf('LookupEvents').map((c) => c.input.LookupAttributes)).toEqual([
      [{ AttributeKey: 'ResourceName', AttributeValue: r.id }],
    ]);
  });

  it('from CloudTrail: an IAM user with no Slack user is named, without a mention', async () => {
    const r = resource();
    createdBy(r, iamUserIdentity(account, 'deploy-bot'));
    const { owners, problems } = await resolver().resolve([r], clients());
    expect(owners.get(r.arn)).toEqual({ name: 'deploy-bot', source: 'cloudtrail' });
    expect(problems).toEqual([]);
  });

  it('unknown: no tag and no creating event (tries the ID, then the ARN)', async () => {
    const r = resource();
    const { owners, problems } = await resolver().resolve([r], clients());
    expect(owners.has(r.arn)).toBe(false);
    expect(problems).toEqual([]);
    expect(account.callsOf('LookupEvents').map((c) => c.input.LookupAttributes[0].AttributeValue)).toEqual([r.id, r.arn]);
  });

  it('unknown without asking CloudTrail when fromCloudTrail is off; emails not looked up when lookupSlackUserByEmail is off', async () => {
    slack.usersByEmail.set('carol@example.com', 'U0CAROL');
    const untagged = resource();
    const tagged = resource({ Owner: 'carol@example.com' });
    const { owners } = await resolver({ fromCloudTrail: false, lookupSlackUserByEmail: false, emailDomains: ['example.com'] }).resolve(
      [untagged, tagged],
      clients(),
    );
    expect(owners.has(untagged.arn)).toBe(false);
    expect(owners.get(tagged.arn)).toEqual({ name: 'carol@example.com', source: 'tag' });
    expect(account.callsOf('LookupEvents')).toEqual([]);
    expect(slack.calls).toEqual([]);
  });

  it("spaces LookupEvents calls to the API's 2 per second, so the fake never throttles", async () => {
    const resources = Array.from({ length: 6 }, () => resource());
    for (const r of resources) createdBy(r, iamUserIdentity(account, 'someone'));
    const started = clockMs;
    const { owners } = await resolver().resolve(resources, clients());
    expect(owners.size).toBe(6);
    expect(account.callsOf('LookupEvents')).toHaveLength(6);
    expect(clockMs - started).toBeGreaterThanOrEqual(5 * CLOUDTRAIL_MIN_INTERVAL_MS);
  });

  it('a CloudTrail failure is reported once, stops further lookups, and tag owners still resolve', async () => {
    account.failNext('LookupEvents', () => new FakeAwsError('AccessDeniedException', 'no cloudtrail:LookupEvents'));
    const [a, b] = [resource(), resource()];
    const tagged = resource({ owner: 'erin' });
    const { owners, problems } = await resolver().resolve([a, b, tagged], clients());
    expect(problems).toEqual(['CloudTrail LookupEvents failed: AccessDeniedException: no cloudtrail:LookupEvents']);
    expect(account.callsOf('LookupEvents')).toHaveLength(1);
    expect(owners.get(tagged.arn)).toEqual({ name: 'erin', source: 'tag' });
  });

  it('a Slack lookup failure other than "no such user" is reported, and the owner is still named', async () => {
    slack.failNextDirectoryCall('missing_scope');
    const r = resource({ Owner: 'frank@example.com' });
    const { owners, problems } = await resolver({ emailDomains: ['example.com'] }).resolve([r], clients());
    expect(owners.get(r.arn)).toEqual({ name: 'frank@example.com', source: 'tag' });
    expect(problems).toEqual(['Slack users.lookupByEmail failed: missing_scope']);
  });
});

describe('which owners are looked up and mentioned', () => {
  const lookups = () => slack.calls.filter((c) => c.method === 'users.lookupByEmail').map((c) => c.body.email);

  it('by default (no emailDomains) no email is looked up: tag or CloudTrail, the owner is named, never mentioned', async () => {
    slack.usersByEmail.set('cfo@corp.example', 'U0CFO');
    slack.usersByEmail.set('dave@corp.example', 'U0DAVE');
    const tagged = resource({ Owner: 'cfo@corp.example' });
    const fromTrail = resource();
    createdBy(fromTrail, ssoIdentity(account, 'dave@corp.example'));
    const { owners, problems } = await resolver().resolve([tagged, fromTrail], clients());
    expect(owners.get(tagged.arn)).toEqual({ name: 'cfo@corp.example', source: 'tag' });
    expect(owners.get(fromTrail.arn)).toEqual({ name: 'dave@corp.example', source: 'cloudtrail' });
    expect(problems).toEqual([]);
    expect(lookups()).toEqual([]);
  });

  it('only emails in an allowed domain are looked up; other domains, subdomains and hostile tags are never asked about', async () => {
    const hostile = [
      'cfo@evil.example',
      'cfo@eu.corp.example',
      'cfo@corp.example.evil',
      'cfo\u200B@corp.example',
      'cfo@corp.example\u202E',
      '<@U0CFO>',
      '<!channel>',
      '<https://evil.example|click>',
      '<mailto:cfo@corp.example|cfo>',
      'U0CFO',
    ];
    // Every one of them would be found if it were asked about.
    for (const email of hostile) slack.usersByEmail.set(email.toLowerCase(), 'U0CFO');
    slack.usersByEmail.set('alice@corp.example', 'U0ALICE');
    const allowed = resource({ Owner: 'Alice@CORP.example' });
    const others = hostile.map((owner) => resource({ Owner: owner }));

    const { owners } = await resolver({ emailDomains: ['corp.example'] }).resolve([allowed, ...others], clients());
    expect(lookups()).toEqual(['Alice@CORP.example']);
    expect(owners.get(allowed.arn)).toEqual({ name: 'Alice@CORP.example', slackUserId: 'U0ALICE', source: 'tag' });
    for (const [i, r] of others.entries()) expect(owners.get(r.arn), hostile[i]).toEqual({ name: hostile[i], source: 'tag' });
  });

  it('the configured map still names Slack users, for plain names and for emails outside the domains', async () => {
    const bob = resource({ Owner: 'Bob' });
    const vendor = resource({ Owner: 'contractor@vendor.example' });
    const config = { emailDomains: ['corp.example'], slackUserByOwner: { bob: 'U0BOB', 'contractor@vendor.example': 'U0VENDOR' } };
    const { owners } = await resolver(config).resolve([bob, vendor], clients());
    expect(owners.get(bob.arn)).toEqual({ name: 'Bob', slackUserId: 'U0BOB', source: 'tag' });
    expect(owners.get(vendor.arn)).toEqual({ name: 'contractor@vendor.example', slackUserId: 'U0VENDOR', source: 'tag' });
    expect(lookups()).toEqual([]);
  });

  it('an owner tag of invisible characters only counts as no tag: CloudTrail is asked', async () => {
    const r = resource({ Owner: '\u200B\u202E\u2066' });
    createdBy(r, iamUserIdentity(account, 'deploy-bot'));
    const { owners } = await resolver({ emailDomains: ['corp.example'] }).resolve([r], clients());
    expect(owners.get(r.arn)).toEqual({ name: 'deploy-bot', source: 'cloudtrail' });
  });

  it('a scheduled run without emailDomains does not read the bot token for lookups at all', async () => {
    const config = parseConfig({ slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' } });
    await expect(createOwnerResolver(config)).resolves.toBeInstanceOf(ConfiguredOwnerResolver);
    expect(account.callsOf('GetSecretValue')).toEqual([]);
  });

  it('emailDomains must be plain domains', () => {
    for (const bad of ['@corp.example', '*.corp.example', 'corp', 'https://corp.example', 'corp.example.']) {
      expect(() => parseConfig({ slack: { channel: '#janitor', tokenSecretName: 'x' }, owners: { emailDomains: [bad] } }), bad).toThrow(
        /owners\.emailDomains/,
      );
    }
  });
});

describe('the CloudTrail fake', () => {
  it('throttles a third LookupEvents call within one second in a region, as the API does', async () => {
    const client = new CloudTrailClient({ region: REGION, maxAttempts: 1 });
    const lookup = () =>
      client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'i-1' }] }));
    await lookup();
    await lookup();
    await expect(lookup()).rejects.toMatchObject({ name: 'ThrottlingException' });
    clockMs += 1_000;
    await expect(lookup()).resolves.toBeDefined();
  });
});
