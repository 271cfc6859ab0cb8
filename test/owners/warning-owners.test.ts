import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InMemoryAnnouncementLedger } from '../../lambda/audit/announcement-ledger';
import { parseConfig } from '../../lambda/config';
import type { Notifier, RunReport, Warning } from '../../lambda/core/report';
import { ConfiguredOwnerResolver } from '../../lambda/owners/resolve-owners';
import { runNight } from '../../lambda/run/nightly-run';
import { warningMessages } from '../../lambda/slack/messages';
import { FakeAccount } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { iamUserIdentity, seedTrailEvent, setTrailClock, ssoIdentity } from '../fakes/services/cloudtrail';
import { seedInstance } from '../fakes/services/ec2';
import { type SlackWorkspace, startSlackWorkspace } from '../keep/slack-workspace';

const REGION = 'eu-west-1';
const LONG_AGO = new Date('2026-09-01T00:00:00Z');
const NOW = new Date('2026-11-20T02:00:00Z');

let account: FakeAccount;
let restore: () => void;
let slack: SlackWorkspace;
let clockMs = 0;

beforeEach(async () => {
  vi.stubEnv('AWS_REGION', REGION);
  account = new FakeAccount();
  restore = installFakeAws(account);
  slack = await startSlackWorkspace();
  setTrailClock(account, () => clockMs);
});

afterEach(async () => {
  restore();
  await slack.close();
  vi.unstubAllEnvs();
});

function capturingNotifier(): Notifier & { warnings: Warning[] } {
  const warnings: Warning[] = [];
  return {
    warnings,
    postWarning: async (w) => void warnings.push(w),
    postReport: async (_: RunReport) => undefined,
    postFailure: async () => undefined,
  };
}

/** One enforcing night over EC2 instances, owners resolved with this `owners` config; the warning it posted. */
async function warnedNight(owners: Record<string, unknown>): Promise<Warning> {
  const config = parseConfig({
    dryRun: false,
    slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack' },
    resourceTypes: ['ec2:instance'],
    owners,
  });
  const notifier = capturingNotifier();
  await runNight({
    config,
    target: { accountId: account.accountId, region: REGION },
    notifier,
    now: NOW,
    ledger: new InMemoryAnnouncementLedger(),
    owners: new ConfiguredOwnerResolver({
      config: config.owners,
      slack: new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } }),
      cloudTrail: {
        now: () => clockMs,
        sleep: async (ms) => {
          clockMs += ms;
        },
      },
    }),
  });
  const [warning] = notifier.warnings;
  if (!warning) throw new Error('the night posted no warning');
  return warning;
}

function sectionsOf(warning: Warning): string[] {
  return warningMessages(warning).flatMap((m) => m.blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : [])));
}

const ownerTitles = (warning: Warning) =>
  sectionsOf(warning)
    .map((s) => s.split('\n')[0]!)
    .filter((t) => /Owner/.test(t));

describe('a night with owner resolution', () => {
  it('looks up owners of the resources it warns about only, and the warning groups and mentions them', async () => {
    slack.usersByEmail.set('dave@example.com', 'U0DAVE');
    const tagged = seedInstance(account, { region: REGION, launchTime: LONG_AGO, tags: { Owner: 'alice' } });
    const sso = seedInstance(account, { region: REGION, launchTime: LONG_AGO });
    const iamUser = seedInstance(account, { region: REGION, launchTime: LONG_AGO });
    const unknown = seedInstance(account, { region: REGION, launchTime: LONG_AGO });
    const compliant = seedInstance(account, { region: REGION, launchTime: LONG_AGO, tags: { ManagedBy: 'terraform' } });
    const event = (id: string, userIdentity: Record<string, unknown>) =>
      seedTrailEvent(account, { region: REGION, eventName: 'RunInstances', eventTime: LONG_AGO, resourceNames: [id], userIdentity });
    event(sso.data.instanceId, ssoIdentity(account, 'dave@example.com'));
    event(iamUser.data.instanceId, iamUserIdentity(account, 'deploy-bot'));
    event(compliant.data.instanceId, iamUserIdentity(account, 'terraform'));

    // Emails are only looked up in the listed domains (none by default).
    const warning = await warnedNight({ slackUserByOwner: { alice: 'U0ALICE' }, emailDomains: ['example.com'] });
    const ownerOf = (arn: string) => warning.resources.find((r) => r.arn === arn)?.owner;
    expect(ownerOf(tagged.arn)).toEqual({ name: 'alice', slackUserId: 'U0ALICE', source: 'tag' });
    expect(ownerOf(sso.arn)).toEqual({ name: 'dave@example.com', slackUserId: 'U0DAVE', source: 'cloudtrail' });
    expect(ownerOf(iamUser.arn)).toEqual({ name: 'deploy-bot', source: 'cloudtrail' });
    expect(ownerOf(unknown.arn)).toBeUndefined();
    expect(warning.ownersResolved).toBe(true);
    // The compliant instance is not warned about, so CloudTrail is never asked about it.
    const looked = account.callsOf('LookupEvents').map((c) => c.input.LookupAttributes[0].AttributeValue);
    expect(looked).not.toContain(compliant.data.instanceId);
    expect(looked).not.toContain(tagged.data.instanceId);

    expect(ownerTitles(warning)).toEqual([
      ':bust_in_silhouette: *Owner:* <@U0ALICE> (alice) — 1 resource',
      ':bust_in_silhouette: *Owner:* <@U0DAVE> (dave@example.com) — 1 resource',
      ':bust_in_silhouette: *Owner:* deploy-bot (no Slack user found) — 1 resource',
      ':grey_question: *Owner unknown* — 1 resource',
    ]);
    const unknownSection = sectionsOf(warning).find((s) => s.startsWith(':grey_question:'))!;
    expect(unknownSection).toContain(unknown.data.instanceId);
  });

  it('hostile owner tags and names: only the allowed-domain email is looked up and mentioned, the rest is plain text', async () => {
    const hostileOwners = ['cfo@corp.example.evil', 'ceo@eu.corp.example', '<!channel>', '<@U0CFO1234>', '<https://evil.example|re-login>'];
    for (const email of [...hostileOwners, 'cfo@corp.example']) slack.usersByEmail.set(email.toLowerCase(), 'U0CFO1234');
    slack.usersByEmail.set('alice@corp.example', 'U0ALICE');
    seedInstance(account, { region: REGION, launchTime: LONG_AGO, tags: { Owner: 'alice@corp.example', Name: 'build\u202Enib.exe' } });
    for (const owner of hostileOwners) seedInstance(account, { region: REGION, launchTime: LONG_AGO, tags: { Owner: owner } });

    const warning = await warnedNight({ fromCloudTrail: false, emailDomains: ['corp.example'] });
    expect(slack.calls.filter((c) => c.method === 'users.lookupByEmail').map((c) => c.body.email)).toEqual(['alice@corp.example']);
    const titles = ownerTitles(warning);
    expect(titles[0]).toBe(':bust_in_silhouette: *Owner:* <@U0ALICE> (alice@corp.example) — 1 resource');
    expect(titles.slice(1).sort()).toEqual(
      ['&lt;!channel&gt;', '&lt;@U0CFO1234&gt;', '&lt;https://evil.example|re-login&gt;', 'ceo@eu.corp.example', 'cfo@corp.example.evil']
        .map((name) => `:bust_in_silhouette: *Owner:* ${name} (no Slack user found) — 1 resource`)
        .sort(),
    );
    const text = sectionsOf(warning).join('\n');
    expect(text).not.toContain('<@U0CFO1234>');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('|buildnib.exe (i-');
    expect(text).not.toMatch(/\p{Cf}/u);
  });

  it('without a resolver the warning is the plain list, and CloudTrail is not asked', async () => {
    seedInstance(account, { region: REGION, launchTime: LONG_AGO });
    const notifier = capturingNotifier();
    await runNight({
      config: parseConfig({
        dryRun: false,
        slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack' },
        resourceTypes: ['ec2:instance'],
      }),
      target: { accountId: account.accountId, region: REGION },
      notifier,
      now: NOW,
      ledger: new InMemoryAnnouncementLedger(),
    });
    const [warning] = notifier.warnings;
    expect(warning).toBeDefined();
    expect(warning!.ownersResolved).toBeUndefined();
    expect(JSON.stringify(warningMessages(warning!))).toContain('*Untagged resources (1)*');
    expect(account.callsOf('LookupEvents')).toEqual([]);
  });
});
