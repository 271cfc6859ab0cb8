/**
 * The organization at scale, simulated in-process (`npm run bench:org`): ORG_ACCOUNTS member
 * accounts (default 1,000) under ten team OUs, each with 17 enabled regions, swept over two nights
 * through plan → sweeps → report (test/e2e/local-execution.ts, the Lambdas' code) against the
 * in-memory AWS fakes, and a loopback Slack that enforces 1 message/s per channel and answers 429
 * with Retry-After. Most accounts are quiet; every 23rd has one hand-made queue (warned and marked
 * the first night, deleted the second); every 100th has no member role (its sweeps fail).
 *
 * Checks, and fails (exit 1) when any does not hold: every account with news gets exactly one
 * summary per night, in its team's channel; each night one digest, last, in the platform channel,
 * with the right counts; every queue deleted the second night and nothing else; with ORG_PRECHECK,
 * the digest says the pre-check narrowed every swept target's listing.
 *
 * ORG_PRECHECK=1 turns targets.resourceExplorerPrecheck on, with Resource Explorer set up in every
 * member region (an old index, an unfiltered default view, a default VPC's resources indexed).
 *
 * Writes bench/org-scale-results-<accounts>[-precheck].json verbatim and renders bench/ORG-SCALE.md from every
 * size's results file there.
 */
import './org-scale-env';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { clearSecretCache } from '../lambda/aws/secrets';
import { parseConfig } from '../lambda/config';
import { LISTING_CONCURRENCY } from '../lambda/run/discover';
import { createSlackNotifier } from '../lambda/slack/slack-notifier';
import { type LocalExecution, runLocalExecution } from '../test/e2e/local-execution';
import { FakeAccount, type FakeResource } from '../test/fakes/fake-account';
import { installFakeAws } from '../test/fakes/install';
import { seedStack } from '../test/fakes/services/cloudformation';
import { seedMemberAccount, seedOrganizationalUnit } from '../test/fakes/services/organizations';
import { seedIndexedResource, setUpResourceExplorer } from '../test/fakes/services/resource-explorer';
import { seedBucket } from '../test/fakes/services/s3';
import { seedQueue } from '../test/fakes/services/sqs';
import { type SlackServer, startSlackServer } from '../test/fakes/slack-server';
import { modelNight, type NightModel } from './org-scale-model';
import { readOrgScaleResults, renderOrgScale, resultsFileName } from './org-scale-report';

const ACCOUNTS = Number(process.env.ORG_ACCOUNTS ?? 1000);
const CONCURRENCY = Number(process.env.ORG_CONCURRENCY ?? 40);
/** ORG_PRECHECK=1: targets.resourceExplorerPrecheck on, and Resource Explorer set up in every member region. */
const PRECHECK = process.env.ORG_PRECHECK === '1';
/** What Resource Explorer indexes in a region besides the janitor's types: a default VPC's, never listed by a plug-in. */
const DEFAULT_VPC_TYPES = ['ec2:vpc', 'ec2:subnet', 'ec2:subnet', 'ec2:subnet', 'ec2:route-table', 'ec2:internet-gateway'];
const TEAMS = 10;
const HOME = '100000000000';
const HOME_REGION = 'eu-west-1';
const SECRET = 'janitor/slack';
const ROLE = 'UntaggedResourceJanitorMember';
const EXTERNAL_ID = 'janitor-org-bench';
const DEFAULT_CHANNEL = '#platform-janitor';
const SLACK_INTERVAL_MS = 1000;
/** Two nights a grace period apart (as test/e2e/scenario.ts's NIGHT_1 and NIGHT_2). */
const NIGHT_1 = new Date('2026-11-20T02:00:00Z');
const NIGHT_2 = new Date('2026-11-21T01:55:00Z');
export const REGIONS = [
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
];

const teamOu = (team: number) => `ou-root-team${String(team).padStart(4, '0')}x`;
const teamChannel = (team: number) => `#team-${team}`;
const accountId = (i: number) => String(200000000000 + i);
// 23 is prime to the 10 teams: the accounts with news are spread over the teams' channels.
const hasNews = (i: number) => i % 23 === 7;
const fails = (i: number) => i % 100 === 3;

interface World {
  readonly home: FakeAccount;
  readonly members: FakeAccount[];
  readonly queues: FakeResource[];
  readonly bucket: string;
  readonly restore: () => void;
}

function buildWorld(): World {
  const home = new FakeAccount(HOME);
  home.secrets.set(SECRET, 'xoxb-bench');
  home.enabledRegions = REGIONS;
  seedOrganizationalUnit(home, 'r-root');
  for (let t = 0; t < TEAMS; t += 1) seedOrganizationalUnit(home, teamOu(t), 'r-root');
  const stackId = `arn:aws:cloudformation:${HOME_REGION}:${HOME}:stack/UntaggedResourceJanitor/1`;
  seedStack(home, { name: 'UntaggedResourceJanitor', stackId });
  const bucket = seedBucket(home, { name: 'janitor-audit', region: HOME_REGION, tags: { 'aws:cloudformation:stack-id': stackId } });
  const members: FakeAccount[] = [];
  const queues: FakeResource[] = [];
  for (let i = 0; i < ACCOUNTS; i += 1) {
    const member = new FakeAccount(accountId(i));
    member.enabledRegions = REGIONS;
    if (!fails(i)) member.assumableRoles.set(ROLE, { externalId: EXTERNAL_ID });
    if (hasNews(i)) queues.push(seedQueue(member, { region: REGIONS[i % REGIONS.length]!, createdAt: new Date('2026-09-01T00:00:00Z') }));
    if (PRECHECK) setUpIndexedRegions(member);
    seedMemberAccount(home, member.accountId, teamOu(i % TEAMS));
    members.push(member);
  }
  return { home, members, queues, bucket: bucket.data.name, restore: installFakeAws(home, ...members) };
}

/** Resource Explorer with an old index and an unfiltered default view in every region, each holding a default VPC. */
function setUpIndexedRegions(member: FakeAccount): void {
  setUpResourceExplorer(member, REGIONS);
  for (const region of REGIONS) for (const type of DEFAULT_VPC_TYPES) seedIndexedResource(member, { type, region });
}

const config = parseConfig({
  dryRun: false,
  slack: {
    channel: DEFAULT_CHANNEL,
    tokenSecretName: SECRET,
    routes: Array.from({ length: TEAMS }, (_, t) => ({ channel: teamChannel(t), organizationalUnits: [teamOu(t)] })),
  },
  targets: {
    regions: 'all-enabled',
    accounts: { includeSelf: false, organizationalUnits: ['r-root'] },
    externalId: EXTERNAL_ID,
    maxConcurrency: CONCURRENCY,
    resourceExplorerPrecheck: PRECHECK,
  },
  limits: { maxMarksPerRun: 1000, maxDeletionsPerRun: 1000 },
});

export interface NightResult {
  readonly night: number;
  readonly targets: number;
  readonly failedTargets: number;
  readonly wallMs: number;
  readonly reportWallMs: number;
  readonly reportInvocations: number;
  readonly messagesByChannel: Record<string, number>;
  readonly rateLimited: number;
  /** Of those, the ones answered while the report step posted (the rest came from sweeps' warnings). */
  readonly rateLimitedInReport?: number;
  readonly model: NightModel;
  readonly problems: string[];
}

async function night(world: World, slack: SlackServer, n: number, now: Date): Promise<NightResult> {
  const postsBefore = slack.posts.length;
  const limitedBefore = slack.rateLimited;
  const callsBefore = world.members.map((m) => m.calls.length);
  const notifier = await createSlackNotifier({
    tokenSecretName: SECRET,
    channel: DEFAULT_CHANNEL,
    slackApiUrl: slack.url,
    minIntervalMs: SLACK_INTERVAL_MS,
  });
  let reportStarted = 0;
  let limitedAtReport = 0;
  const began = performance.now();
  const execution = await runLocalExecution({
    config,
    home: { accountId: HOME, region: HOME_REGION },
    bucket: world.bucket,
    notifier,
    // One notifier per channel and sweep, as separate Lambdas have: they contend for the channel's rate.
    notifierFor: (channel) => notifier.forChannel(channel),
    reportTimeBudget: () => {
      if (!reportStarted) limitedAtReport = slack.rateLimited;
      reportStarted ||= performance.now();
      const end = Date.now() + 10 * 60_000;
      return () => end - Date.now();
    },
    now,
    ownStackName: 'UntaggedResourceJanitor',
    sleep: async () => {},
  });
  const wallMs = performance.now() - began;
  const messagesByChannel: Record<string, number> = {};
  for (const p of delivered(slack.posts.slice(postsBefore)))
    messagesByChannel[String(p.body.channel)] = (messagesByChannel[String(p.body.channel)] ?? 0) + 1;
  // Each target's calls: its member account's calls in its region this night (STS included).
  const planned = new Set(execution.planned.map((t) => `${t.accountId}/${t.region}`));
  const targets = world.members.flatMap((m, i) => {
    const tonight = m.calls.slice(callsBefore[i]);
    return REGIONS.filter((region) => planned.has(`${m.accountId}/${region}`)).map((region) => {
      const here = tonight.filter((c) => c.region === region);
      return {
        calls: here.length,
        services: new Set(here.map((c) => c.service)).size,
        home: region === HOME_REGION,
        precheckCalls: here.filter((c) => c.service === 'resource-explorer-2').length,
      };
    });
  });
  const failedTargets = execution.results.filter((r) => r.status === 'failed').length;
  return {
    night: n,
    targets: execution.planned.length,
    failedTargets,
    wallMs,
    reportWallMs: reportStarted ? performance.now() - reportStarted : 0,
    reportInvocations: execution.reportInvocations ?? 0,
    messagesByChannel,
    rateLimited: slack.rateLimited - limitedBefore,
    rateLimitedInReport: reportStarted ? slack.rateLimited - limitedAtReport : 0,
    model: modelNight({
      targets,
      failedTargets,
      reportInvocations: execution.reportInvocations ?? 0,
      listingConcurrency: LISTING_CONCURRENCY,
      mapConcurrency: CONCURRENCY,
      // One thread did every sweep: the night's wall time before the report is their CPU (the fakes' included).
      cpuSeconds: Math.max(0, wallMs - (reportStarted ? performance.now() - reportStarted : 0)) / 1000,
    }),
    problems: checkNight(world, slack.posts.slice(postsBefore), execution, n),
  };
}

/** Messages Slack accepted (it answered with a ts), in arrival order. */
const delivered = (posts: SlackServer['posts']) => posts.filter((p) => p.method === 'chat.postMessage' && p.ts !== undefined);

/** What must hold after a night; each broken expectation is one line. */
function checkNight(world: World, posts: SlackServer['posts'], execution: LocalExecution, n: number): string[] {
  const problems: string[] = [];
  if (execution.executionError) problems.push(`night ${n} failed: ${execution.executionError.message}`);
  const ok = delivered(posts);
  const summaries = ok.filter((p) => !p.body.thread_ts && /^Janitor run for account/.test(p.body.text ?? ''));
  const expected = world.members.flatMap((m, i) =>
    fails(i) || (n === 2 && hasNews(i)) ? [{ id: m.accountId, channel: teamChannel(i % TEAMS) }] : [],
  );
  for (const { id, channel } of expected) {
    const found = summaries.filter((p) => p.body.text?.includes(`account ${id}`));
    if (found.length !== 1) problems.push(`night ${n}: ${found.length} summaries for ${id}`);
    else if (found[0]!.body.channel !== channel) problems.push(`night ${n}: ${id}'s summary in ${found[0]!.body.channel}, not ${channel}`);
  }
  if (summaries.length !== expected.length) problems.push(`night ${n}: ${summaries.length} summaries, expected ${expected.length}`);
  const digests = ok.filter((p) => /^Janitor run, organization/.test(p.body.text ?? ''));
  if (digests.length !== 1 || digests[0]!.body.channel !== DEFAULT_CHANNEL) problems.push(`night ${n}: ${digests.length} digests`);
  else if (ok.indexOf(digests[0]!) < Math.max(...summaries.map((s) => ok.indexOf(s))))
    problems.push(`night ${n}: the digest came before a summary`);
  const swept = execution.results.filter((r) => r.status === 'swept').length;
  const narrowed = `narrowed the listing in ${swept} of ${swept} targets`;
  if (PRECHECK && digests.length === 1 && !JSON.stringify(digests[0]!.body.blocks).includes(narrowed))
    problems.push(`night ${n}: the digest does not say "${narrowed}"`);
  const failedAccounts = world.members.filter((_, i) => fails(i)).length;
  if (execution.results.filter((r) => r.status === 'failed').length !== failedAccounts * REGIONS.length) {
    problems.push(
      `night ${n}: ${execution.results.filter((r) => r.status === 'failed').length} failed targets, expected ${failedAccounts * REGIONS.length}`,
    );
  }
  if (n === 2) {
    const left = world.queues.filter((q) => world.members.some((m) => m.exists(q.arn)));
    const deletable = world.queues.filter((q) => !fails(Number(q.arn.split(':')[4]) - 200000000000));
    if (left.length !== world.queues.length - deletable.length)
      problems.push(`night 2: ${left.length} queues left, expected ${world.queues.length - deletable.length}`);
  }
  return problems;
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const load = loadavg();
  const began = performance.now();
  const world = buildWorld();
  const slack = await startSlackServer({ perChannelIntervalMs: SLACK_INTERVAL_MS });
  clearSecretCache();
  const nights: NightResult[] = [];
  try {
    nights.push(await night(world, slack, 1, NIGHT_1));
    nights.push(await night(world, slack, 2, NIGHT_2));
  } finally {
    await slack.close();
    world.restore();
  }
  const results = {
    startedAt,
    machine: {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 1e9),
      node: process.version,
      loadBefore: load,
      loadAfter: loadavg(),
    },
    settings: {
      accounts: ACCOUNTS,
      regions: REGIONS.length,
      teams: TEAMS,
      mapConcurrency: CONCURRENCY,
      slackIntervalMs: SLACK_INTERVAL_MS,
      resourceExplorerPrecheck: PRECHECK,
    },
    benchMs: performance.now() - began,
    nights,
  };
  writeFileSync(join(__dirname, resultsFileName(ACCOUNTS, PRECHECK)), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(__dirname, 'ORG-SCALE.md'), renderOrgScale(readOrgScaleResults(__dirname)));
  const problems = nights.flatMap((n) => n.problems);
  for (const p of problems) console.error(p);
  console.log(
    `org-scale: ${nights.map((n) => `night ${n.night} ${(n.wallMs / 1000).toFixed(1)} s`).join(', ')}; ${problems.length} problems`,
  );
  process.exitCode = problems.length > 0 ? 1 : 0;
}

if (require.main === module) void main();
