import { InMemoryAnnouncementLedger } from '../../lambda/audit/announcement-ledger';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { ConfiguredOwnerResolver } from '../../lambda/owners/resolve-owners';
import { runNight } from '../../lambda/run/nightly-run';
import type { Notifier, RunReport, Warning } from '../../lambda/run/report';
import { warningMessages } from '../../lambda/slack/messages';
import { FakeAccount } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { iamUserIdentity, seedTrailEvent, setTrailClock, ssoIdentity } from '../fakes/services/cloudtrail';
import { seedInstance } from '../fakes/services/ec2';
import { startSlackWorkspace, type SlackWorkspace } from '../keep/slack-workspace';

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

    const config = parseConfig({
      dryRun: false,
      slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack' },
      resourceTypes: ['ec2:instance'],
      owners: { slackUserByOwner: { alice: 'U0ALICE' } },
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
        cloudTrail: { now: () => clockMs, sleep: async (ms) => void (clockMs += ms) },
      }),
    });

    const [warning] = notifier.warnings;
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

    const sections = warningMessages(warning)[0].blocks.flatMap((b) => (b.type === 'section' && b.text ? [b.text.text] : []));
    const titles = sections.map((s) => s.split('\n')[0]).filter((t) => /Owner/.test(t));
    expect(titles).toEqual([
      ':bust_in_silhouette: *Owner:* <@U0ALICE> (alice) — 1 resource',
      ':bust_in_silhouette: *Owner:* <@U0DAVE> (dave@example.com) — 1 resource',
      ':bust_in_silhouette: *Owner:* deploy-bot (no Slack user found) — 1 resource',
      ':grey_question: *Owner unknown* — 1 resource',
    ]);
    const unknownSection = sections.find((s) => s.startsWith(':grey_question:'))!;
    expect(unknownSection).toContain(unknown.data.instanceId);
  });

  it('without a resolver the warning is the plain list, and CloudTrail is not asked', async () => {
    seedInstance(account, { region: REGION, launchTime: LONG_AGO });
    const notifier = capturingNotifier();
    await runNight({
      config: parseConfig({ dryRun: false, slack: { channel: '#platform-janitor', tokenSecretName: 'janitor/slack' }, resourceTypes: ['ec2:instance'] }),
      target: { accountId: account.accountId, region: REGION },
      notifier,
      now: NOW,
      ledger: new InMemoryAnnouncementLedger(),
    });
    expect(notifier.warnings[0].ownersResolved).toBeUndefined();
    expect(JSON.stringify(warningMessages(notifier.warnings[0]))).toContain('*Untagged resources (1)*');
    expect(account.callsOf('LookupEvents')).toEqual([]);
  });
});
