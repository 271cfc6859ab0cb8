import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { S3AnnouncementLedger } from '../../lambda/audit/announcement-ledger';
import { clearSecretCache } from '../../lambda/aws/secrets';
import { type JanitorConfigInput, parseConfig } from '../../lambda/config';
import { MARK_TAG } from '../../lambda/core/model';
import { REPORT_SAFETY_MS, reportFailedExecution } from '../../lambda/fanout/report-run';
import { createSlackNotifier, SlackNotifier } from '../../lambda/slack/slack-notifier';
import { FakeAccount, type FakeResource } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { seedStack } from '../fakes/services/cloudformation';
import { disableAccountManagementAccess, seedMemberAccount, seedOrganizationalUnit } from '../fakes/services/organizations';
import { seedBucket } from '../fakes/services/s3';
import { seedQueue } from '../fakes/services/sqs';
import { type SlackServer, startSlackServer } from '../fakes/slack-server';
import { type LocalExecution, type LocalExecutionOptions, runLocalExecution } from './local-execution';
import { DUE_MARK, LONG_AGO, NIGHT_0, NIGHT_1, SECRET } from './scenario';

const HOME_REGION = 'eu-west-1';
const EXTERNAL_ID = 'janitor-7f3c';
const ROLE = 'UntaggedResourceJanitorMember';

/**
 * The janitor in a management account sweeping member accounts found under an OU, in every
 * enabled region, through the member role. AWS is the in-memory fake (one per account, STS
 * between them); Slack is a loopback server.
 */
describe('many accounts and regions, one run', () => {
  let home: FakeAccount;
  let restoreAws: () => void;
  let slack: SlackServer;
  let janitorBucket: FakeResource;

  /** A member account with the member role deployed (or not), one hand-made queue per enabled region. */
  function member(id: string, { withRole = true } = {}): FakeAccount {
    const account = new FakeAccount(id);
    if (withRole) account.assumableRoles.set(ROLE, { externalId: EXTERNAL_ID });
    return account;
  }

  function setUp(memberAccounts: FakeAccount[], tagsOf: Record<string, Record<string, string>> = {}) {
    home = new FakeAccount('111111111111');
    home.secrets.set(SECRET, 'xoxb-test-token');
    seedOrganizationalUnit(home, 'r-root');
    seedOrganizationalUnit(home, 'ou-root-workloads', 'r-root');
    seedOrganizationalUnit(home, 'ou-root-sandboxes', 'ou-root-workloads');
    for (const [i, m] of memberAccounts.entries()) {
      seedMemberAccount(home, m.accountId, i % 2 === 0 ? 'ou-root-workloads' : 'ou-root-sandboxes', 'ACTIVE', tagsOf[m.accountId]);
    }
    seedStack(home, {
      name: 'UntaggedResourceJanitor',
      stackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/UntaggedResourceJanitor/1',
    });
    janitorBucket = seedBucket(home, {
      name: 'untaggedresourcejanitor-auditbucket',
      region: HOME_REGION,
      tags: { 'aws:cloudformation:stack-id': 'arn:aws:cloudformation:eu-west-1:111111111111:stack/UntaggedResourceJanitor/1' },
    });
    restoreAws = installFakeAws(home, ...memberAccounts);
  }

  beforeEach(async () => {
    vi.stubEnv('AWS_REGION', HOME_REGION);
    slack = await startSlackServer();
    clearSecretCache();
  });

  afterEach(async () => {
    restoreAws?.();
    await slack.close();
    vi.unstubAllEnvs();
  });

  async function run(
    targets: JanitorConfigInput['targets'],
    overrides: Partial<JanitorConfigInput> = {},
    execution: Pick<LocalExecutionOptions, 'reportTimeBudget'> = {},
  ): Promise<LocalExecution> {
    const config = parseConfig({
      dryRun: false,
      slack: { channel: '#platform-janitor', tokenSecretName: SECRET },
      targets,
      limits: { maxMarksPerRun: 1000, maxDeletionsPerRun: 1000 },
      ...overrides,
    });
    const notifier = await createSlackNotifier({
      tokenSecretName: SECRET,
      channel: config.slack.channel,
      slackApiUrl: slack.url,
      retries: 0,
      minIntervalMs: 0,
    });
    return runLocalExecution({
      config,
      home: { accountId: home.accountId, region: HOME_REGION },
      bucket: janitorBucket.data.name,
      notifier,
      notifierFor: (channel) => notifier.forChannel(channel),
      ...execution,
      now: NIGHT_1,
      ownStackName: 'UntaggedResourceJanitor',
      sleep: async () => {},
    });
  }

  const summaries = () => slack.posts.filter((p) => !p.body.thread_ts && /Janitor run for account/.test(p.body.text ?? ''));

  it('sweeps every (account, region) through the member role, and one failing account does not stop the others', async () => {
    const a = member('222222222222');
    const b = member('333333333333');
    const noRole = member('444444444444', { withRole: false });
    setUp([a, b, noRole]);
    const handMade = [a, b].flatMap((m) => ['eu-west-1', 'us-east-1'].map((region) => seedQueue(m, { region, createdAt: LONG_AGO })));
    const compliant = seedQueue(a, { region: 'eu-west-1', createdAt: LONG_AGO, tags: { ManagedBy: 'terraform' } });
    const homeQueue = seedQueue(home, { region: HOME_REGION, createdAt: LONG_AGO });

    const execution = await run({
      regions: 'all-enabled',
      accounts: { includeSelf: false, organizationalUnits: ['ou-root-workloads'] },
      externalId: EXTERNAL_ID,
    });

    // 3 accounts found under the OU (one of them in a nested OU) × 2 enabled regions.
    expect(execution.planned).toHaveLength(6);
    expect(execution.executionError).toBeUndefined();
    // Each hand-made queue was marked in its own account; nothing else was touched.
    for (const queue of handMade) expect(queue.tags[MARK_TAG]).toBeDefined();
    expect(compliant.tags[MARK_TAG]).toBeUndefined();
    expect(homeQueue.tags[MARK_TAG]).toBeUndefined();
    expect(home.tagWrites).toEqual([]);

    // The account without the role failed in both regions, with the reason; the others completed.
    const failed = execution.outcome!;
    expect(failed).toMatchObject({ accounts: 3, targets: 6, failedTargets: 2 });
    const noRoleSummary = summaries().find((p) => p.body.text?.includes(noRole.accountId))!;
    expect(JSON.stringify(noRoleSummary.body.blocks)).toMatch(
      /sweep failed.*cannot assume arn:aws:iam::444444444444:role\/UntaggedResourceJanitorMember/,
    );
    expect(JSON.stringify(noRoleSummary.body.blocks)).toContain('us-east-1');
    // A summary for each account with news (here only the failure); the marked ones had their warnings.
    expect(summaries().map((p) => p.body.text?.match(/account (\d+)/)?.[1])).toEqual([noRole.accountId]);
    // Warnings were posted per target before marking, each naming its account and region.
    const warnings = slack.posts.filter((p) => /will be deleted/.test(p.body.text ?? ''));
    expect(warnings).toHaveLength(4);
  });

  it('the second night deletes in the member accounts what is still untagged, and reports it per account', async () => {
    const a = member('222222222222');
    setUp([a]);
    const queue = seedQueue(a, { region: 'us-east-1', createdAt: LONG_AGO, tags: DUE_MARK });
    // The night before, the janitor announced it (its ledger lives in the home account's bucket).
    const announcement = {
      arn: queue.arn,
      identity: LONG_AGO.toISOString(),
      deadline: DUE_MARK[MARK_TAG],
      announcedAt: NIGHT_0.toISOString(),
    };
    await new S3AnnouncementLedger(janitorBucket.data.name, HOME_REGION).record(a.accountId, 'us-east-1', NIGHT_0, [announcement]);
    const targets = { regions: ['us-east-1'], accounts: { ids: [a.accountId] }, externalId: EXTERNAL_ID };

    const execution = await run(targets);

    expect(a.exists(queue.arn)).toBe(false);
    expect(execution.results).toEqual([
      expect.objectContaining({ accountId: home.accountId, region: 'us-east-1', status: 'swept' }),
      expect.objectContaining({ accountId: a.accountId, region: 'us-east-1', status: 'swept' }),
    ]);
    // One summary for the account where something happened; the quiet home account stays silent.
    expect(summaries()).toHaveLength(1);
    const memberSummary = summaries()[0]!;
    expect(memberSummary.body.text).toMatch(new RegExp(`account ${a.accountId}: 1 deleted`));
    // The per-resource list is in the summary's thread.
    const thread = slack.posts.filter((p) => p.body.thread_ts === memberSummary.ts);
    expect(JSON.stringify(thread.map((p) => p.body.blocks))).toContain(queue.data.queueName);
  });

  it('with postWhenNothingHappened every quiet account gets its summary too, one per account', async () => {
    const a = member('222222222222');
    setUp([a]);
    await run(
      { regions: ['eu-west-1', 'us-east-1'], accounts: { ids: [a.accountId] }, externalId: EXTERNAL_ID },
      {
        slack: { channel: '#platform-janitor', tokenSecretName: SECRET, postWhenNothingHappened: true },
      },
    );
    expect(summaries().map((p) => p.body.text)).toEqual([
      `Janitor run for account ${home.accountId}: nothing to do`,
      `Janitor run for account ${a.accountId}: nothing to do`,
    ]);
    expect(JSON.stringify(summaries()[1]!.body.blocks)).toMatch(/eu-west-1.*nothing to do.*us-east-1.*nothing to do/);
  });

  it('"all-enabled" sweeps each member in the regions enabled in that member, not those of the janitor\'s account', async () => {
    const a = member('222222222222');
    a.enabledRegions = ['eu-west-1', 'us-east-1', 'ap-east-1'];
    const b = member('333333333333');
    b.enabledRegions = ['us-east-1'];
    setUp([a, b]);
    home.enabledRegions = ['eu-west-1', 'eu-south-2'];

    const execution = await run({
      regions: 'all-enabled',
      accounts: { includeSelf: true, ids: [a.accountId, b.accountId] },
      externalId: EXTERNAL_ID,
    });

    expect(execution.executionError).toBeUndefined();
    expect(execution.planned.map((t) => `${t.accountId} ${t.region}`)).toEqual([
      '111111111111 eu-south-2',
      '111111111111 eu-west-1',
      '222222222222 ap-east-1',
      '222222222222 eu-west-1',
      '222222222222 us-east-1',
      '333333333333 us-east-1',
    ]);
    // The members' regions come from the Account Management API in the management account.
    expect(
      home
        .callsOf('ListRegions')
        .map((c) => c.input.AccountId)
        .sort(),
    ).toEqual([a.accountId, b.accountId]);
  });

  it('without trusted access for Account Management, "all-enabled" over members fails the run and says how to fix it', async () => {
    const a = member('222222222222');
    setUp([a]);
    disableAccountManagementAccess(home);
    const queue = seedQueue(a, { region: 'eu-west-1', createdAt: LONG_AGO });
    const execution = await run({ regions: 'all-enabled', accounts: { includeSelf: false, ids: [a.accountId] }, externalId: EXTERNAL_ID });
    expect(execution.executionError?.message).toMatch(
      /could not list the enabled regions of account 222222222222 \(targets.regions "all-enabled"\): AccessDeniedException: .*trusted access.*list the regions in targets.regions/,
    );
    expect(execution.results).toEqual([]);
    expect(queue.tags).toEqual({});
  });

  it('a wrong external id is refused by the member role: nothing in that account is touched', async () => {
    const a = member('222222222222');
    setUp([a]);
    const queue = seedQueue(a, { region: 'eu-west-1', createdAt: LONG_AGO });
    const execution = await run({ accounts: { includeSelf: false, ids: [a.accountId] }, externalId: 'someone-elses-id' });
    expect(execution.results).toEqual([expect.objectContaining({ status: 'failed' })]);
    expect(queue.tags).toEqual({});
    expect(a.calls.filter((c) => c.service !== 'sts')).toEqual([]);
  });

  it('an OU that cannot be read fails the run before any sweep, visibly', async () => {
    setUp([]);
    const execution = await run({ accounts: { organizationalUnits: ['ou-root-missing1'] }, externalId: EXTERNAL_ID });
    expect(execution.executionError?.message).toMatch(/could not list the accounts under ou-root-missing1.*ParentNotFoundException/);
    expect(execution.results).toEqual([]);
  });

  describe('each team in its own channel (slack.routes), the platform channel with the digest', () => {
    const routes = [
      { channel: '#team-data', accountTags: { Team: 'data' } },
      { channel: '#team-sandbox', organizationalUnits: ['ou-root-sandboxes'] },
    ];
    const slackWith = (extra: object = {}) => ({ slack: { channel: '#platform-janitor', tokenSecretName: SECRET, routes, ...extra } });
    const channelOf = (text: RegExp) => slack.posts.filter((p) => text.test(p.body.text ?? '')).map((p) => p.body.channel);

    it("routes each account's warnings and summary by its OU or its Organizations tags, and posts one digest", async () => {
      // Under workloads: a (no route) and c (tagged " Data "); under sandbox: b and d (no member role).
      const [a, b, c] = [member('222222222222'), member('333333333333'), member('444444444444')];
      const d = member('555555555555', { withRole: false });
      setUp([a, b, c, d], { [c.accountId]: { Team: ' Data ' } });
      for (const m of [a, b, c]) seedQueue(m, { region: 'eu-west-1', createdAt: LONG_AGO });

      const execution = await run(
        { regions: ['eu-west-1'], accounts: { includeSelf: false, organizationalUnits: ['ou-root-workloads'] }, externalId: EXTERNAL_ID },
        slackWith(),
      );

      expect(execution.executionError).toBeUndefined();
      expect(Object.fromEntries(execution.planned.map((t) => [t.accountId, t.channel]))).toEqual({
        [a.accountId]: '#platform-janitor',
        [b.accountId]: '#team-sandbox',
        [c.accountId]: '#team-data',
        [d.accountId]: '#team-sandbox',
      });
      const warningChannel = (m: FakeAccount) => channelOf(new RegExp(`will be deleted.*${m.accountId}|${m.accountId}.*will be deleted`));
      expect([a, b, c].map(warningChannel)).toEqual([['#platform-janitor'], ['#team-sandbox'], ['#team-data']]);
      // The failed account's summary goes to its team; the digest, once, to the platform channel.
      expect(channelOf(new RegExp(`Janitor run for account ${d.accountId}`))).toEqual(['#team-sandbox']);
      const digests = slack.posts.filter((p) => /^Janitor run, organization/.test(p.body.text ?? ''));
      expect(digests.map((p) => p.body.channel)).toEqual(['#platform-janitor']);
      expect(digests[0]!.body.text).toBe('Janitor run, organization: 4 accounts × 1 region (4 targets): 1 target failed, 3 newly marked');
      const digest = JSON.stringify(digests[0]!.body.blocks);
      expect(digest).toContain(`\`${d.accountId}\` \`eu-west-1\`: Error: cannot assume`);
      expect(digest).toContain('warnings and account summaries in #platform-janitor, #team-data, #team-sandbox');
      expect(home.callsOf('ListTagsForResource')).toHaveLength(4);
    });

    it('an account whose tags cannot be read fails the run before any sweep, naming the account', async () => {
      const a = member('222222222222');
      setUp([a]);
      const queue = seedQueue(a, { region: 'eu-west-1', createdAt: LONG_AGO });
      // The home account is not a member of the fake organization: its tags cannot be read.
      const execution = await run(
        { regions: ['eu-west-1'], accounts: { includeSelf: true, ids: [a.accountId] }, externalId: EXTERNAL_ID },
        slackWith(),
      );
      expect(execution.executionError?.message).toMatch(
        /could not read the Organizations tags of account 111111111111 for slack.routes: TargetNotFoundException/,
      );
      expect(execution.results).toEqual([]);
      expect(queue.tags).toEqual({});
    });

    it('a report that runs short of time resumes where it stopped: every summary once, the digest once, in order', async () => {
      const accounts = Array.from({ length: 6 }, (_, i) => member(String(600000000000 + i), { withRole: false }));
      setUp(accounts);
      // Each invocation has time for two summaries: the third check finds less than the safety margin.
      const twoSummariesEach = () => {
        let left = REPORT_SAFETY_MS + 1;
        return () => left--;
      };
      const execution = await run(
        { regions: ['eu-west-1'], accounts: { includeSelf: false, ids: accounts.map((m) => m.accountId) }, externalId: EXTERNAL_ID },
        slackWith(),
        { reportTimeBudget: twoSummariesEach },
      );

      expect(execution.executionError).toBeUndefined();
      expect(execution.reportInvocations).toBe(3);
      expect(execution.outcome).toMatchObject({ done: true, accounts: 6, posted: 6, failedTargets: 6 });
      expect(summaries().map((p) => p.body.text?.match(/account (\d+)/)?.[1])).toEqual(accounts.map((m) => m.accountId));
      const digests = slack.posts.filter((p) => /^Janitor run, organization/.test(p.body.text ?? ''));
      expect(digests).toHaveLength(1);
      expect(slack.posts.indexOf(digests[0]!)).toBeGreaterThan(slack.posts.indexOf(summaries().at(-1)!));
    });
  });

  it('300 targets: every one swept and reported, none taking more than a few seconds', async () => {
    const accounts = Array.from({ length: 50 }, (_, i) => member(String(500000000000 + i)));
    setUp(accounts);
    const regions = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-2', 'sa-east-1'];
    for (const account of accounts) {
      account.enabledRegions = regions;
      seedQueue(account, { region: regions[Number(account.accountId.slice(-1)) % regions.length], createdAt: LONG_AGO });
    }
    home.enabledRegions = regions;

    const began = performance.now();
    // One at a time, so each item's wall time is its own "Lambda time" (in-process sweeps share one
    // thread: concurrent ones would each be charged for the others' work). Step Functions runs them in parallel.
    const execution = await run({
      regions: 'all-enabled',
      accounts: { includeSelf: false, organizationalUnits: ['r-root'] },
      externalId: EXTERNAL_ID,
      maxConcurrency: 1,
    });
    const wallMs = performance.now() - began;

    expect(execution.planned).toHaveLength(300);
    expect(execution.results.filter((r) => r.status === 'swept')).toHaveLength(300);
    expect(execution.outcome).toMatchObject({ accounts: 50, targets: 300, failedTargets: 0 });
    const slowest = Math.max(...execution.sweepMs);
    // Recorded for the README: 300 targets, slowest sweep and total wall time in the fake.
    console.info(
      `300 targets: slowest sweep ${slowest.toFixed(0)} ms, median ${[...execution.sweepMs].sort((x, y) => x - y)[150]!.toFixed(0)} ms, run ${wallMs.toFixed(0)} ms`,
    );
    expect(slowest).toBeLessThan(3_000);
    // The report reads the 50 reports with a new mark, not the 250 quiet ones: at 17,000 targets, reading
    // each would take minutes of the step's ten.
    const reportReads = home.callsOf('GetObject').filter((c) => /\/reports\//.test((c.input as { Key: string }).Key));
    const readByHarness = execution.reports.length; // local-execution reads each once, to return them
    expect(reportReads.length - readByHarness).toBe(50);
  }, 180_000);
});

describe('a run that dies before its report', () => {
  it('is posted to Slack from the EventBridge notice, with the reason Step Functions gives', async () => {
    const slack = await startSlackServer();
    try {
      const notifier = new SlackNotifier({
        client: new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } }),
        channel: '#platform-janitor',
        minIntervalMs: 0,
      });
      await reportFailedExecution(
        { name: 'nightly-2026-11-20', status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out after 72000 seconds' },
        { home: { accountId: '111111111111', region: HOME_REGION }, notifier },
      );
      expect(slack.posts).toHaveLength(1);
      const posted = `${slack.posts[0]!.body.text} ${JSON.stringify(slack.posts[0]!.body.blocks)}`;
      expect(posted).toContain('111111111111');
      expect(posted).toMatch(/nightly-2026-11-20 ended TIMED_OUT — States\.Timeout: The execution timed out after 72000 seconds/);
    } finally {
      await slack.close();
    }
  });
});
