/** Renders bench/ORG-SCALE.md from every bench/org-scale-results-<accounts>.json (bench/org-scale.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NightResult } from './org-scale';
import {
  DEFAULT_MAP_CONCURRENCY,
  HANDSHAKE_RTTS,
  HOME_RTT_MS,
  LAMBDA_USD_PER_GB_SECOND,
  PRECHECK_ROUND_TRIPS,
  REMOTE_RTT_MS,
  SFN_USD_PER_TRANSITION,
  SWEEP_MEMORY_GB,
} from './org-scale-model';

/** One results file per organization size and mode, so a run of one keeps the others'. */
export const resultsFileName = (accounts: number, precheck = false) => `org-scale-results-${accounts}${precheck ? '-precheck' : ''}.json`;

/** Every size's results in the folder, smallest organization first. */
export function readOrgScaleResults(dir: string): OrgScaleResults[] {
  return readdirSync(dir)
    .filter((f) => /^org-scale-results-\d+(-precheck)?\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as OrgScaleResults)
    .sort((a, b) => a.settings.accounts - b.settings.accounts || Number(isPrecheck(a)) - Number(isPrecheck(b)));
}

export interface OrgScaleResults {
  readonly startedAt: string;
  readonly machine: {
    readonly cpu?: string;
    readonly cores: number;
    readonly memoryGb: number;
    readonly node: string;
    readonly loadBefore: number[];
    readonly loadAfter: number[];
  };
  readonly settings: {
    readonly accounts: number;
    readonly regions: number;
    readonly teams: number;
    readonly mapConcurrency: number;
    readonly slackIntervalMs: number;
    /** Absent in results written before the option existed: off. */
    readonly resourceExplorerPrecheck?: boolean;
  };
  readonly benchMs: number;
  readonly nights: readonly NightResult[];
}

const isPrecheck = (r: OrgScaleResults) => r.settings.resourceExplorerPrecheck === true;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const n = (x: number) => x.toLocaleString('en-US');
const usd = (x: number) => `$${x.toFixed(2)}`;
const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

function nightRow(night: NightResult): string {
  const channels = Object.entries(night.messagesByChannel).sort(([a], [b]) => a.localeCompare(b));
  const most = Math.max(0, ...channels.map(([, c]) => c));
  const total = channels.reduce((sum, [, c]) => sum + c, 0);
  return [
    `| ${night.night}`,
    n(night.targets),
    n(night.failedTargets),
    s(night.wallMs),
    `${s(night.reportWallMs)} (${night.reportInvocations} invocation${night.reportInvocations === 1 ? '' : 's'})`,
    `${n(total)} in ${channels.length} channels, at most ${most} in one`,
    night.rateLimitedInReport === undefined ? n(night.rateLimited) : `${n(night.rateLimited)} (${n(night.rateLimitedInReport)})`,
    `${night.model.calls.min} / ${night.model.calls.median} / ${night.model.calls.max}`,
    night.model.roundTrips
      ? `${night.model.roundTrips.min} / ${night.model.roundTrips.median} / ${night.model.roundTrips.max}`
      : 'not recorded',
    `${minutes(night.model.mapSeconds)} (${minutes(night.model.mapSecondsAtDefault)} at ${DEFAULT_MAP_CONCURRENCY})`,
    `${usd(night.model.usd.lambda)} + ${usd(night.model.usd.stepFunctions)} = **${usd(night.model.usd.total)}**`,
    `${night.problems.length === 0 ? 'all held' : `**${night.problems.length} failed**`} |`,
  ].join(' | ');
}

function renderSize(r: OrgScaleResults): string[] {
  const problems = r.nights.flatMap((night) => night.problems);
  return [
    `## ${n(r.settings.accounts)} accounts${isPrecheck(r) ? ', with the Resource Explorer pre-check' : ''}`,
    '',
    `Run ${r.startedAt} on ${r.machine.cpu ?? 'an unknown CPU'} (${r.machine.cores} cores, ${r.machine.memoryGb} GB), Node ${r.machine.node}; ` +
      `load average ${r.machine.loadBefore.map((l) => l.toFixed(2)).join(' / ')} before, ${r.machine.loadAfter.map((l) => l.toFixed(2)).join(' / ')} after. ` +
      `The whole bench took ${s(r.benchMs)}. One run: the spread over runs was not measured.`,
    '',
    `${n(r.settings.accounts)} member accounts under ${r.settings.teams} team OUs × ${r.settings.regions} enabled regions = ${n(r.settings.accounts * r.settings.regions)} targets a night, ${r.settings.mapConcurrency} sweeps at a time.`,
    '',
    ...(isPrecheck(r) ? [PRECHECK_SETUP, ''] : []),
    `| night | targets | failed | wall (in-process) | report step | messages posted | 429s (of which in the report step) | AWS calls per target min / median / max | round trips per target min / median / max | modelled Map time at ${r.settings.mapConcurrency} (at ${DEFAULT_MAP_CONCURRENCY}) | modelled cost (Lambda + Step Functions) | checks |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...r.nights.map(nightRow),
    '',
    ...(problems.length > 0 ? [`**Failed checks:**\n\n${problems.map((p) => `- ${p}`).join('\n')}\n`] : []),
  ];
}

const PRECHECK_SETUP =
  '`targets.resourceExplorerPrecheck` on (`ORG_PRECHECK=1`): every member region has a Resource Explorer index (old, ACTIVE) and an unfiltered default view, holding a default VPC (VPC, three subnets, route table, internet gateway: types no plug-in lists) besides the queues and buckets. ' +
  "Not simulated: the default VPC's security group and the AWS-managed KMS keys a used region has; in a real region the pre-check finds them and lists those two types too (about 3 calls more). " +
  'Both nights are weekdays: a Monday lists every type, as without the pre-check.';

export function renderOrgScale(sizes: readonly OrgScaleResults[]): string {
  return [
    '# Benchmark: an organization of many accounts, simulated (`npm run bench:org`)',
    '',
    'Generated by `bench/org-scale.ts` from `bench/org-scale-results-<accounts>.json` (`ORG_ACCOUNTS`, default 1,000); not edited by hand.',
    '',
    '## Setup',
    '',
    '- Member accounts under 10 team OUs, each routed to its team\'s channel (`slack.routes`); 17 enabled regions in every account (`targets.regions: "all-enabled"`, read per member).',
    '- Every 23rd account has one hand-made queue (a warning and a mark the first night, a deletion and a summary the second); every 100th has no member role, so its sweeps fail in every region (a summary each night). The rest are quiet.',
    "- The plan, sweep and report Lambdas' code in-process (`test/e2e/local-execution.ts`) against the in-memory AWS fakes; Slack is the loopback server enforcing 1 s between messages per channel (429 with Retry-After otherwise), reached by a real `WebClient` with the janitor's retries. Each sweep posts through its own notifier, as separate Lambdas would.",
    "- Checked each night, and the bench fails otherwise: every account with news has exactly one summary, in its team's channel; one organization digest, in the platform channel, after every summary; the failed targets are exactly the role-less accounts' regions; the second night deleted every queue of an account it could reach.",
    '',
    ...sizes.flatMap(renderSize),
    '## The model',
    '',
    "The fake answers at once, so the in-process wall time is the janitor's CPU and Slack's pacing, not AWS's. The AWS part is modelled from the calls each sweep made. " +
      `The sweep Lambda runs in the home region (eu-west-1) and calls each target region's endpoints: a call takes ${HOME_RTT_MS} ms in the home region and ${REMOTE_RTT_MS} ms to any other (about Ireland to Sydney, the farthest pair here; most are far nearer, so this errs long). ` +
      `Each SDK client a sweep creates (one per service it calls) opens a connection, ${HANDSHAKE_RTTS} round trips (TCP, TLS 1.3) before its first call. ` +
      `A sweep keeps discovery's 8 calls in flight (its longest phase), so it waits ⌈(calls + ${HANDSHAKE_RTTS} × services) ÷ 8⌉ round trips (with the pre-check, its ${PRECHECK_ROUND_TRIPS} round trips come first: connection, then two rounds of Resource Explorer calls), and spends its share of the CPU the in-process sweeps took (an upper bound: the fakes' own work is in it); the Map's time is the sum over targets ÷ the Map's concurrency. ` +
      `Cost: the sweep Lambda's ${SWEEP_MEMORY_GB} GB × that time at $${LAMBDA_USD_PER_GB_SECOND} per GB-second (arm64) plus $0.20 per million requests (https://aws.amazon.com/lambda/pricing/); one Step Functions state transition per target (two when it fails) and a few for the run at $${SFN_USD_PER_TRANSITION * 1000} per 1,000 (https://aws.amazon.com/step-functions/pricing/). ` +
      'Not modelled: throttling by AWS (a member account answers each sweep alone, but the tagging API and STS are shared per account), cold starts, CloudWatch Logs, S3 requests and KMS.',
    '',
  ].join('\n');
}
